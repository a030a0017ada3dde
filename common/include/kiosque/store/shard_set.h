// SPDX-License-Identifier: GPL-2.0-or-later
// The writable side of a kiosque database folder: its shards, opened and
// locked together. An unsharded folder has one database that holds the
// articles and the metadata; a sharded one (kiosque-index --shards N) has a
// metadata shard, listed first in the stub so that Xapian reads metadata
// from it, and N article shards chosen by a hash of the article id. Xapian
// searches the stub's shards as one database, with global statistics.
#ifndef KIOSQUE_STORE_SHARD_SET_H_
#define KIOSQUE_STORE_SHARD_SET_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "kiosque/store/database.h"
#include "kiosque/store/generation_name.h"
#include "kiosque/store/sequence.h"

namespace kiosque {

// How the articles of a database folder are split into shards.
enum class ShardLayout {
  kUnsharded,   // one generation "g…": the articles and the metadata
  kHash,        // "meta-g…", then "s0-g…" … "sN-g…" by a hash of the id
  kByYear,      // "meta-g…", then one "y2017-g…" a year ("ynone-g…" undated)
  kMergedBuild  // unsharded, written as hash shards by parallel writers (and
                // in parts, ShardSetOptions::part_articles) and merged into
                // one "g…" generation at publish()
};

// How the articles of a run are split (kiosque-index --shard-by).
enum class ShardBy { kHash, kYear };

// What opening does with the live generations.
enum class ShardSetOpen {
  kUpdate,   // write to them
  kRebuild,  // write new, empty generations beside them (--rebuild)
};

// Whether the run writes (a dry run opens the folder, and writes nothing
// unless the database is new).
enum class ShardSetWrites { kApply, kDryRun };

struct ShardSetOptions {
  // Article shards asked for (--shards): 0 keeps the database's (1 for a
  // new one). A count other than the database's needs kRebuild.
  std::size_t shards = 0;
  ShardBy shard_by = ShardBy::kHash;
  ShardSetOpen open = ShardSetOpen::kUpdate;
  ShardSetWrites writes = ShardSetWrites::kApply;
  LockWait lock_wait;
  // A fresh unsharded build (a new database, or kRebuild) written as this
  // many shards by parallel writers, merged into one generation by Xapian's
  // compaction at publish(). 0 or 1: written as it will stay.
  std::size_t build_shards = 0;
  // A fresh unsharded build written in parts: once a commit finds this many
  // articles written to the current part, the next ones go to a new part of
  // max(build_shards, 1) shards, and publish() merges them all. A writer's
  // commit then costs what it costs in a database of one part, not in the
  // whole build (docs/scaling.md, "Where the 1,000,000-article time
  // goes"). 0: one part (a single writer's build stays unmerged).
  std::uint64_t part_articles = 0;
};

class ShardSet {
 public:
  // Opens the database folder `dir` for writing, creating it when it does
  // not exist, and locks every shard. With kRebuild, the live shards stay
  // locked while new, empty generations are written beside them; publish()
  // swaps them in. Throws Error: locked by another kiosque-index, built by
  // another analyzer (unless rebuilding), a different shard count asked
  // for without --rebuild, not a kiosque database.
  // Not thread-safe, except as replace() and mutex() say.
  ShardSet(const std::string& dir, const ShardSetOptions& options);
  ~ShardSet();
  ShardSet(const ShardSet&) = delete;
  ShardSet& operator=(const ShardSet&) = delete;

  // The number of article shards (1 when unsharded; by year, the years
  // seen so far).
  std::size_t size() const { return shards_.size(); }
  // The shard a new or changed article goes to: by a hash of its id, or by
  // its `year` ("" for undated) when the database is sharded by year — a
  // year seen for the first time gets a new shard, named in the stub at the
  // next commit.
  std::size_t route(const std::string& id, const std::string& year);
  // The shard that holds the article with unique term `id_term` now, or
  // size() when none does (in a build in parts, any part's).
  std::size_t holder(const std::string& id_term);
  // Whether the shards are by year (their count then grows with the years).
  bool by_year() const { return layout_ == ShardLayout::kByYear; }
  // How the articles are split.
  ShardLayout layout() const { return layout_; }
  // Article shard `i`, and its lock for threads that share the set.
  Xapian::WritableDatabase& shard(std::size_t i) { return shards_[i]->db; }
  std::mutex& mutex(std::size_t i) { return shards_[i]->mutex; }
  // Writes an article to shard `i` in place of the one with unique term
  // `id_term`, and counts `spellings` (its distinct folded words) for the
  // shard's spelling data (all in the first shard for a parallel build:
  // the merge adds them up). The counts are written at commit(), one
  // add_spelling() per word rather than per word of each article: Xapian's
  // spelling table is otherwise a fifth of the writer's time. Callers that
  // share the set across threads hold mutex(i).
  void replace(std::size_t i, const std::string& id_term,
               const Xapian::Document& document,
               const std::vector<std::string>& spellings);
  // Where file states and the analyzer's identity are kept.
  Xapian::WritableDatabase& meta() { return meta_ ? meta_->db : shards_[0]->db; }
  // Articles in all shards.
  Xapian::doccount doccount();
  // Whether the shards start empty: a new database or a rebuild.
  bool fresh() const { return fresh_; }
  // Records the analyzer in every shard.
  void stamp();
  // The kSlotSequence value of an article that is new to the database: the
  // number of the next commit (store/sequence.h).
  std::string new_sequence() const { return sequence_.take(); }
  // For a rebuild: the article with unique term `id_term` in the live
  // database being replaced, so that it keeps its first-indexed time and
  // sequence; nullopt when it has none, or when this is no rebuild.
  // Throws Xapian::Error.
  std::optional<Xapian::Document> previous_article(const std::string& id_term);
  // Commits every article shard, then names new year shards in the stub,
  // then (a build in parts) starts a new part if the current one is full,
  // then commits the metadata with the next commit sequence: file states and
  // the sequence never claim more than what is committed and named. Shards
  // are committed in parallel (a commit flushes the articles Xapian holds in
  // memory: most of a writer's work). Nothing written is durable or visible
  // before: Xapian's own flushes (XAPIAN_FLUSH_THRESHOLD) commit nothing, and
  // a set destroyed without commit() drops what was written since.
  void commit();
  // For a parallel build (kMergedBuild), which nothing sees before
  // publish(): ends a commit interval without committing, numbering the
  // articles after it as commit() would. Throws Xapian::Error.
  void skip_commit();
  // After a complete rebuild or parallel build: publishes the new
  // generations (merged into one for a parallel build of an unsharded
  // database) and releases the old ones. `complete` false (interrupted):
  // a rebuild is dropped, a new database keeps what was committed.
  void publish(bool complete);

 private:
  struct Shard {
    GenerationName generation;
    Xapian::WritableDatabase db;
    std::mutex mutex;
    // Words of the articles written since the last commit, and how many
    // articles hold each; a parallel build counts all its shards' in the
    // first shard's, which writers share under spellings_mutex.
    std::unordered_map<std::string, Xapian::termcount> spellings;
    std::mutex spellings_mutex;
  };
  // What the constructor opens: the generations and the way to open them.
  struct Plan;
  // Where the set comes from.
  enum class Origin {
    kLive,     // the live generations, written in place
    kNew,      // a new database
    kRebuild,  // new generations beside the live ones, swapped in at publish()
  };
  // Whether the stub names the shards being written.
  enum class StubState {
    kCurrent,
    kOutdated,     // a year shard was added since: rewritten at commit()
    kUnpublished,  // new generations, named at publish()
  };
  Plan plan_new(const ShardSetOptions& options) const;
  Plan plan_live(const std::vector<GenerationName>& live, const ShardSetOptions& options);
  void lock_live(const std::vector<GenerationName>& live);
  void adopt_if_created_meanwhile(const Plan& plan);
  void open_shards(const Plan& plan);
  std::unique_ptr<Shard> open_shard(const GenerationName& generation, int flags);
  std::size_t year_shard(const std::string& year);
  void start_part_if_full();
  std::vector<GenerationName> generations() const;
  void merge_into_one(const std::vector<GenerationName>& names);
  static void commit_shard(Shard& shard);
  void commit_article_shards();

  std::string dir_;
  LockWait lock_wait_;
  ShardLayout layout_ = ShardLayout::kUnsharded;
  Origin origin_ = Origin::kLive;
  StubState stub_ = StubState::kCurrent;
  bool fresh_ = false;           // the shards started empty
  std::unique_ptr<Shard> meta_;  // null when unsharded
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<Xapian::WritableDatabase> live_locks_;  // kRebuild only
  std::optional<Xapian::Database> previous_;          // kRebuild only: the live one
  SequenceCounter sequence_{0};
  int new_generation_ = 0;  // number for shards added during this run
  // A build in parts (kMergedBuild): the shards of a part, its size, the
  // first shard of the current part and the articles written to it.
  std::size_t part_width_ = 1;
  std::uint64_t part_articles_ = 0;
  std::size_t part_start_ = 0;
  std::atomic<std::uint64_t> articles_in_part_{0};
};

// Compacts every generation of the database at `db_path` into a new one and
// publishes them together, holding the write locks throughout: searches go
// on, from the old generations and then the new. Returns the bytes before
// and after. Throws Error.
struct CompactSummary {
  std::uint64_t bytes_before = 0;
  std::uint64_t bytes_after = 0;
  double elapsed_seconds = 0;
};
CompactSummary compact_database(const std::string& db_path, const LockWait& lock_wait);

// Compacts, once, the year shards of past years (a database sharded by
// year): a shard already compacted and not written since is left alone.
// Returns what was done (zero bytes when nothing was). Throws Error.
CompactSummary compact_frozen_shards(const std::string& db_path,
                                     const LockWait& lock_wait);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_SHARD_SET_H_

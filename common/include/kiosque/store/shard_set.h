// The writable side of a kiosque database folder: its shards, opened and
// locked together. An unsharded folder has one database that holds the
// articles and the metadata; a sharded one (kiosque-index --shards N) has a
// metadata shard, listed first in the stub so that Xapian reads metadata
// from it, and N article shards chosen by a hash of the article id. Xapian
// searches the stub's shards as one database, with global statistics.
#ifndef KIOSQUE_STORE_SHARD_SET_H_
#define KIOSQUE_STORE_SHARD_SET_H_

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "kiosque/store/database.h"

namespace kiosque {

struct ShardSetOptions {
  std::size_t shards = 0;  // 0: as the database has (1 for a new one)
  bool by_year = false;    // one shard per year of the articles' dates
  bool rebuild = false;    // new generations beside the live ones
  bool dry_run = false;    // open, change nothing
  LockWait lock_wait;
  // A fresh unsharded build (a new database, or --rebuild) written as this
  // many shards by parallel writers, merged into one generation by Xapian's
  // compaction at publish(). 0 or 1: written as it will stay.
  std::size_t build_shards = 0;
};

class ShardSet {
 public:
  // Opens the database folder `dir` for writing, creating it when it does
  // not exist, and locks every shard. With `rebuild`, the live shards stay
  // locked while new, empty generations are written beside them; publish()
  // swaps them in. Throws Error: locked by another kiosque-index, built by
  // another analyzer (unless rebuilding), a different shard count asked
  // for without --rebuild, not a kiosque database.
  ShardSet(const std::string& dir, const ShardSetOptions& options);
  ~ShardSet();
  ShardSet(const ShardSet&) = delete;
  ShardSet& operator=(const ShardSet&) = delete;

  // The number of article shards (1 when unsharded).
  std::size_t size() const { return shards_.size(); }
  // The shard a new or changed article goes to: by a hash of its id, or by
  // its `year` ("" for undated) when the database is sharded by year — a
  // year seen for the first time gets a new shard, named in the stub at the
  // next commit.
  std::size_t route(const std::string& id, const std::string& year);
  // The shard that holds the article with unique term `id_term` now, or
  // size() when none does.
  std::size_t holder(const std::string& id_term);
  // Whether the shards are by year (their count then grows with the years).
  bool by_year() const { return by_year_; }
  // Article shard `i`, and its lock for threads that share the set.
  Xapian::WritableDatabase& shard(std::size_t i) { return shards_[i]->db; }
  std::mutex& mutex(std::size_t i) { return shards_[i]->mutex; }
  // Writes an article to shard `i` in place of the one with unique term
  // `id_term`, and counts `spellings` (its distinct folded words) for the
  // shard's spelling data. The counts are written at commit(), one
  // add_spelling() per word rather than per word of each article: Xapian's
  // spelling table is otherwise a fifth of the writer's time. Callers that
  // share the set across threads hold mutex(i).
  void replace(std::size_t i, const std::string& id_term, const Xapian::Document& document,
               const std::vector<std::string>& spellings);
  // Where file states and the analyzer's identity are kept.
  Xapian::WritableDatabase& meta() { return meta_ ? meta_->db : shards_[0]->db; }
  // Articles in all shards.
  Xapian::doccount doccount();
  // Whether the shards start empty: a new database or a rebuild.
  bool fresh() const { return fresh_; }
  // Records the analyzer in every shard.
  void stamp();
  // Commits every article shard, then the metadata: file states never claim
  // more than what is committed. Shards are committed in parallel (a commit
  // flushes the articles Xapian holds in memory: most of a writer's work).
  void commit();
  // After a complete rebuild or parallel build: publishes the new
  // generations (merged into one for a parallel build of an unsharded
  // database) and releases the old ones. `complete` false (interrupted):
  // a rebuild is dropped, a new database keeps what was committed.
  void publish(bool complete);

 private:
  struct Shard {
    std::string generation;
    Xapian::WritableDatabase db;
    std::mutex mutex;
    // Words of the articles written since the last commit, and how many
    // articles hold each.
    std::unordered_map<std::string, Xapian::termcount> spellings;
  };
  static void commit_shard(Shard& shard);
  std::string dir_;
  std::unique_ptr<Shard> meta_;  // null when unsharded
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<Xapian::WritableDatabase> live_locks_;  // rebuild only
  bool rebuilding_ = false;
  bool merge_ = false;        // parallel build of an unsharded database
  bool by_year_ = false;
  bool stub_outdated_ = false;  // a shard was added since the stub was written
  int new_generation_ = 0;      // number for shards added during this run
  LockWait lock_wait_;
  bool unpublished_ = false;  // generations not in the stub yet
  bool fresh_ = false;
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
CompactSummary compact_frozen_shards(const std::string& db_path, const LockWait& lock_wait);

}  // namespace kiosque

#endif  // KIOSQUE_STORE_SHARD_SET_H_

// SPDX-License-Identifier: GPL-2.0-or-later
// Step 4 of an indexing run: what one analysed article does to the database.
// It is added, updated (keeping when it was first indexed), left alone when
// its stored content is the same, or moved to another shard when its route
// changed (a new year); it joins its duplicate group.
#ifndef KIOSQUE_INDEX_APPLY_H_
#define KIOSQUE_INDEX_APPLY_H_

#include <optional>
#include <string>

#include "kiosque/index/duplicate_finder.h"
#include "kiosque/index/modes.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/document.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

enum class ArticleOutcome { kAdded, kUpdated, kUnchanged };

// The years that get a shard of their own with --shard-by year: an archive
// with wrong dates across centuries would otherwise open one shard, and its
// files, per distinct year (issue #16.9).
inline constexpr int kMinShardYear = 1800;
inline constexpr int kMaxShardYear = 2100;

// The year shard of an article dated `year` (its kSlotYear value, "" when
// undated): `year` within kMinShardYear..kMaxShardYear, else "" (the
// undated shard). Its stored date and year are kept as they are.
std::string shard_year(const std::string& year);

// When articles were indexed: now, to the microsecond, and never going back,
// so that "indexed after" (alerts, --added-since) misses none.
class IndexedAtClock {
 public:
  // Seconds since the epoch, greater than any earlier call's.
  double next();

 private:
  double last_ = 0;
};

class ArticleApplier {
 public:
  struct Parts {
    ShardSet& set;
    DuplicateFinder& duplicates;
    GroupLeaders& leaders;
    WriterPool* pool = nullptr;  // null: written here, on the calling thread
  };
  ArticleApplier(Parts parts, Freshness freshness, Writes writes)
      : set_(parts.set),
        duplicates_(parts.duplicates),
        leaders_(parts.leaders),
        pool_(parts.pool),
        freshness_(freshness),
        writes_(writes) {}

  // Decides what the article `prepared` (whose id, without prefix, is `id`)
  // does and, unless a dry run or unchanged, writes it: its indexed-at time
  // and commit sequence (kept from the stored article, or a rebuild's live
  // one; else the clock's and the next commit's) and duplicate group are
  // set on the document, which is then moved to the writer. Does not commit.
  // Throws ArticleFailure when the error concerns this article only (see
  // article_failure.h: a term longer than Xapian takes, found before
  // writing; an allocation failure while deciding): the article is then not
  // written, and the applier can go on with the next. Any error from the
  // write itself stops the run and is rethrown as it is (Xapian then has
  // discarded every change since the last commit), as is a
  // Xapian::DatabaseError (rethrown from a writer thread with a pool).
  ArticleOutcome apply(const std::string& id, PreparedDocument& prepared);

 private:
  ArticleOutcome decide_and_write(const std::string& id, PreparedDocument& prepared);
  void write(std::size_t target, std::size_t holder, PreparedDocument& prepared);
  void keep_first_seen(const std::optional<Xapian::Document>& earlier,
                       Xapian::Document& document);

  ShardSet& set_;
  DuplicateFinder& duplicates_;
  GroupLeaders& leaders_;
  WriterPool* pool_;
  Freshness freshness_;
  Writes writes_;
  IndexedAtClock clock_;
  bool writing_ = false;  // inside write(): errors are the database's
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_APPLY_H_

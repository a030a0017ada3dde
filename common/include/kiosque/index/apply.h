// Step 4 of an indexing run: what one analysed article does to the database.
// It is added, updated (keeping when it was first indexed), left alone when
// its stored content is the same, or moved to another shard when its route
// changed (a new year); it joins its duplicate group.
#ifndef KIOSQUE_INDEX_APPLY_H_
#define KIOSQUE_INDEX_APPLY_H_

#include <string>

#include "kiosque/index/duplicate_finder.h"
#include "kiosque/index/modes.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/document.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

enum class ArticleOutcome { kAdded, kUpdated, kUnchanged };

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
  // (kept from the stored article, or the clock's) and duplicate group are
  // set on the document, which is then moved to the writer. Does not commit.
  // Throws Xapian::Error (rethrown from a writer thread with a pool).
  ArticleOutcome apply(const std::string& id, PreparedDocument& prepared);

 private:
  void write(std::size_t target, std::size_t holder, PreparedDocument& prepared);

  ShardSet& set_;
  DuplicateFinder& duplicates_;
  GroupLeaders& leaders_;
  WriterPool* pool_;
  Freshness freshness_;
  Writes writes_;
  IndexedAtClock clock_;
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_APPLY_H_

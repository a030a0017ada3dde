// Which duplicate group a new or changed article joins (RULINGS.md,
// "Duplicates"): the group of an earlier article whose simhash is at most
// kNearDuplicateBits away. Xapian's collapse key does the rest at query time.
#ifndef KIOSQUE_INDEX_DUPLICATE_FINDER_H_
#define KIOSQUE_INDEX_DUPLICATE_FINDER_H_

#include <set>
#include <string>

#include "kiosque/index/duplicate_index.h"
#include "kiosque/store/document.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

// The articles found to lead a group: each gets its own id as group value
// at the next commit (mark()), once every writer has written it.
class GroupLeaders {
 public:
  void add(const std::string& id) { pending_.insert(id); }
  // Sets the group value of each pending leader still in `set` (values
  // only, so Xapian rewrites no terms), and forgets them. Not thread-safe:
  // call with every writer drained. Throws Xapian::Error.
  void mark(ShardSet& set);
  const std::set<std::string>& pending() const { return pending_; }

 private:
  std::set<std::string> pending_;
};

class DuplicateFinder {
 public:
  virtual ~DuplicateFinder() = default;
  // The duplicate group `prepared` joins, "" when it is a duplicate of none
  // (or too short to tell). Records a group's leader in `leaders` when the
  // group is new. Called once per article written, in order.
  virtual std::string group_of(const PreparedDocument& prepared,
                               GroupLeaders& leaders) = 0;
};

// For a fresh build: every article of the run is in memory (DuplicateIndex),
// so no database is read, and the writers may run on other threads.
class MemoryDuplicateFinder : public DuplicateFinder {
 public:
  std::string group_of(const PreparedDocument& prepared, GroupLeaders& leaders) override;

 private:
  DuplicateIndex index_;
};

// For an incremental run: candidates are the articles of `set` that share a
// simhash band term. Reads the shards: one writer, on the calling thread.
class BandTermDuplicateFinder : public DuplicateFinder {
 public:
  explicit BandTermDuplicateFinder(ShardSet& set) : set_(set) {}
  std::string group_of(const PreparedDocument& prepared, GroupLeaders& leaders) override;

 private:
  ShardSet& set_;
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_DUPLICATE_FINDER_H_

// SPDX-License-Identifier: GPL-2.0-or-later
// Which duplicate group a new or changed article joins (RULINGS.md,
// "Duplicates"): the group of an earlier article whose simhash is at most
// kNearDuplicateBits away. Xapian's collapse key does the rest at query time.
#ifndef KIOSQUE_INDEX_DUPLICATE_FINDER_H_
#define KIOSQUE_INDEX_DUPLICATE_FINDER_H_

#include <cstddef>
#include <map>
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
  // Notes that a member of group `group` is written to article shard
  // `shard`: when the group's leader is pending and lives in another
  // shard, mark() leaves a note in `shard` that the leader was marked.
  void member_in(const std::string& group, std::size_t shard) {
    if (pending_.count(group) != 0) member_shards_[group].insert(shard);
  }
  // Sets the group value of each pending leader still in `set` (values
  // only, so Xapian rewrites no terms), and forgets them. Shards commit one
  // by one: each shard holding a member of a leader in another shard gets a
  // schema::kMetaLeaderPrefix key in the same commit as the member, for
  // repair_group_heads(). Not thread-safe: call with every writer drained.
  // Throws Xapian::Error.
  void mark(ShardSet& set);
  const std::set<std::string>& pending() const { return pending_; }

 private:
  std::set<std::string> pending_;
  std::map<std::string, std::set<std::size_t>> member_shards_;
};

// After a run killed between the commits of two shards: marks the group
// leaders that the schema::kMetaLeaderPrefix keys of `set` name and that
// are not marked (a member was committed, its leader's shard was not),
// commits, then drops the keys (at the next commit). A leader that is gone
// is left to come back: its file was not recorded as read, and when it is
// read again it joins its group through the member. Returns the leaders
// marked. Call before anything else is written. Throws Xapian::Error.
std::size_t repair_group_heads(ShardSet& set);

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

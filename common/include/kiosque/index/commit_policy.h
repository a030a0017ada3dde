// SPDX-License-Identifier: GPL-2.0-or-later
// When an indexing run commits: every `every` articles written, and at the
// end. A commit is where work survives a crash or a stop, so everything
// before it must be whole: the writers drained, the group leaders marked.
// A parallel build (ShardLayout::kMergedBuild) is seen only once merged at
// its end: it commits every `every` articles per writer, so that each
// writer flushes batches as large as a single writer's (each flush costs
// per distinct term, whatever the batch), and numbers its articles as if it
// committed every `every` (ShardSet::skip_commit).
#ifndef KIOSQUE_INDEX_COMMIT_POLICY_H_
#define KIOSQUE_INDEX_COMMIT_POLICY_H_

#include <cstdint>

#include "kiosque/index/duplicate_finder.h"
#include "kiosque/index/writer_pool.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

class CommitPolicy {
 public:
  // `every` at least 1. `pool` may be null. All must outlive the policy.
  CommitPolicy(ShardSet& set, GroupLeaders& leaders, WriterPool* pool,
               std::uint32_t every)
      : set_(set),
        leaders_(leaders),
        pool_(pool),
        every_(every),
        intervals_per_commit_(pool != nullptr && set.layout() == ShardLayout::kMergedBuild
                                  ? pool->writers()
                                  : 1) {}

  // Counts one article written; ends an interval when `every` were since
  // the last, committing at the end of every interval (or, in a parallel
  // build, of every writers-th). Throws as commit() does.
  void article_written() {
    if (++since_commit_ < every_) return;
    since_commit_ = 0;
    if (++intervals_ < intervals_per_commit_) {
      set_.skip_commit();
      return;
    }
    commit();
  }
  // Waits for the writers, marks the group leaders, commits every shard.
  // Throws Xapian::Error (or a writer thread's exception).
  void commit();
  // Commits made so far.
  std::uint64_t commits() const { return commits_; }

 private:
  ShardSet& set_;
  GroupLeaders& leaders_;
  WriterPool* pool_;
  std::uint32_t every_;
  std::size_t intervals_per_commit_;
  std::uint32_t since_commit_ = 0;
  std::size_t intervals_ = 0;  // ended since the last commit
  std::uint64_t commits_ = 0;
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_COMMIT_POLICY_H_

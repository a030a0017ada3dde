// SPDX-License-Identifier: GPL-2.0-or-later
// Writer threads for a fresh sharded build: thread t writes the shards i
// with i % threads == t, each document under its shard's lock.
#ifndef KIOSQUE_INDEX_WRITER_POOL_H_
#define KIOSQUE_INDEX_WRITER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosque/store/document.h"
#include "kiosque/store/shard_set.h"

namespace kiosque {

// The main thread hands documents over and, before each commit, waits until
// all are written (drain), so that a commit never records a file as indexed
// while its articles still wait in a queue. `set` must outlive the pool.
class WriterPool {
 public:
  WriterPool(ShardSet& set, std::size_t threads);
  // Stops and joins the threads; documents still queued are dropped.
  ~WriterPool();
  WriterPool(const WriterPool&) = delete;
  WriterPool& operator=(const WriterPool&) = delete;

  // Queues `document` for shard `shard`; waits while that lane is full.
  // Rethrows, on the calling thread, an exception a writer thread met.
  void write(std::size_t shard, PreparedDocument document);
  // Waits until every queued document is written; rethrows as write() does.
  void drain();
  // The writer threads.
  std::size_t writers() const { return lanes_.size(); }

 private:
  // Prepared articles are large (read_pipeline.h): a short queue per lane.
  static constexpr std::size_t kMaxQueued = 128;
  struct Job {
    std::size_t shard;
    PreparedDocument document;
  };
  struct Lane {
    std::thread thread;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Job> jobs;
    bool busy = false;
    bool stop = false;
    std::exception_ptr error;
  };

  static void rethrow(Lane& lane) {
    if (lane.error) std::rethrow_exception(lane.error);
  }
  void serve(Lane& lane);

  ShardSet& set_;
  std::vector<Lane> lanes_;
};

}  // namespace kiosque

#endif  // KIOSQUE_INDEX_WRITER_POOL_H_

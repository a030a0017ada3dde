// SPDX-License-Identifier: GPL-2.0-or-later
#include "kiosque/index/writer_pool.h"

#include <utility>

namespace kiosque {

WriterPool::WriterPool(ShardSet& set, std::size_t threads) : set_(set), lanes_(threads) {
  for (std::size_t t = 0; t < threads; ++t) {
    lanes_[t].thread = std::thread([this, t] { serve(lanes_[t]); });
  }
}

WriterPool::~WriterPool() {
  for (Lane& lane : lanes_) {
    {
      std::lock_guard lock(lane.mutex);
      lane.stop = true;
    }
    lane.wake.notify_all();
  }
  for (Lane& lane : lanes_) lane.thread.join();
}

void WriterPool::write(std::size_t shard, PreparedDocument document) {
  Lane& lane = lanes_[shard % lanes_.size()];
  std::unique_lock lock(lane.mutex);
  lane.wake.wait(lock, [&] { return lane.jobs.size() < kMaxQueued || lane.error; });
  rethrow(lane);
  lane.jobs.push_back({shard, std::move(document)});
  lane.wake.notify_all();
}

void WriterPool::drain() {
  for (Lane& lane : lanes_) {
    std::unique_lock lock(lane.mutex);
    lane.wake.wait(lock, [&] { return (lane.jobs.empty() && !lane.busy) || lane.error; });
    rethrow(lane);
  }
}

void WriterPool::serve(Lane& lane) {
  while (true) {
    Job job;
    {
      std::unique_lock lock(lane.mutex);
      lane.wake.wait(lock, [&] { return !lane.jobs.empty() || lane.stop; });
      if (lane.jobs.empty()) return;
      job = std::move(lane.jobs.front());
      lane.jobs.pop_front();
      lane.busy = true;
    }
    lane.wake.notify_all();
    try {
      std::lock_guard shard_lock(set_.mutex(job.shard));
      set_.replace(job.shard, job.document.id_term, job.document.document,
                   job.document.spellings);
    } catch (...) {
      std::lock_guard lock(lane.mutex);
      lane.error = std::current_exception();
    }
    {
      std::lock_guard lock(lane.mutex);
      lane.busy = false;
    }
    lane.wake.notify_all();
  }
}

}  // namespace kiosque

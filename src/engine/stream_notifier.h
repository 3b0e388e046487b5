// StreamNotifier: how stream pollers learn that a commit appended a stream
// record, without sleeping (DESIGN.md, Concurrency). The write path calls
// Notify() after each commit that wrote a stream record; a poller blocks in
// WaitAfter() until a record newer than the last one it saw exists, its
// deadline passes, or WakeAll() (shutdown) is called.
//
// The write path pays one atomic store and one atomic load when no poller is
// waiting, and a mutex plus notify_all only when one is.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace eddy {

class StreamNotifier {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  // `sequence` is the stream record's sequence number (increasing).
  void Notify(uint64_t sequence) {
    // seq_cst on latest_ and waiters_ (here and in WaitAfter) means either
    // this load sees the waiter, or the waiter's load sees the new sequence.
    latest_.store(sequence);
    if (waiters_.load() > 0) {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    }
  }

  // Wakes every waiter now (they return whatever the latest sequence is),
  // and every waiter whose Snapshot() was taken before this call.
  void WakeAll() {
    std::lock_guard lock(mutex_);
    generation_.fetch_add(1);
    changed_.notify_all();
  }

  // What a poller saw before it read the stream: waiting with it returns at
  // once if a record or a WakeAll() came in between.
  struct Snapshot {
    uint64_t latest = 0;
    uint64_t generation = 0;
  };
  Snapshot Now() const { return {latest_.load(), generation_.load()}; }

  // The sequence number of the newest stream record committed since start
  // (0 if none).
  uint64_t latest() const { return latest_.load(); }

  // Blocks until latest() > `after`, `deadline` passes or WakeAll() is
  // called; returns latest().
  uint64_t WaitAfter(uint64_t after, Deadline deadline) { return Wait({after, generation_.load()}, deadline); }

  // Blocks until a record newer than `seen.latest` exists, a WakeAll()
  // since `seen`, or `deadline`; returns latest().
  uint64_t Wait(Snapshot seen, Deadline deadline) {
    std::unique_lock lock(mutex_);
    waiters_.fetch_add(1);
    changed_.wait_until(lock, deadline,
                        [&] { return latest_.load() > seen.latest || generation_.load() != seen.generation; });
    waiters_.fetch_sub(1);
    return latest_.load();
  }

 private:
  std::atomic<uint64_t> latest_{0};
  std::atomic<int> waiters_{0};
  std::mutex mutex_;
  std::condition_variable changed_;
  std::atomic<uint64_t> generation_{0};  // changed under mutex_
};

}  // namespace eddy

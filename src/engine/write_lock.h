// WriteLock: the engine's write mutex. It is held for a few microseconds (a
// memtable lookup, a WAL append, a memtable insert), so a waiter spins for
// about that long before sleeping: with a plain mutex the second writer goes
// to sleep in the kernel and the wake-up costs more than the wait
// (measured with bench/run.sh: PutItem on 2 threads).
#pragma once

#include <atomic>
#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace eddy {

class WriteLock {
 public:
  void lock() {
    for (int spins = 0; locked_.exchange(true, std::memory_order_acquire); ++spins) {
      if (spins < kSpinLimit) {
        Pause();
        continue;
      }
      // seq_cst on waiters_ and locked_ (here and in unlock) orders this
      // increment against unlock()'s store and load, so either unlock() sees
      // the waiter and notifies, or wait() sees the lock already free.
      waiters_.fetch_add(1);
      locked_.wait(true);  // futex until unlock() notifies
      waiters_.fetch_sub(1);
    }
  }

  void unlock() {
    locked_.store(false);
    if (waiters_.load() > 0) locked_.notify_one();
  }

 private:
  // A few hundred pauses (a microsecond or two): longer spins measured no
  // better on 2 cores, where a spinning writer takes CPU from the holder.
  static constexpr int kSpinLimit = 300;

  static void Pause() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#endif
  }

  std::atomic<bool> locked_{false};
  std::atomic<int32_t> waiters_{0};
};

}  // namespace eddy

// Clock: the seam for time, so TTL and timestamps can be tested by moving a
// manual clock instead of sleeping. The server's clock is a SystemClock plus
// an offset that the admin API can advance.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace eddy {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMillis() const = 0;
  int64_t NowSeconds() const { return NowMillis() / 1000; }
};

// Wall-clock time plus an adjustable offset (the admin API moves it forward).
class SystemClock : public Clock {
 public:
  int64_t NowMillis() const override {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(now).count() +
           offset_millis_.load(std::memory_order_relaxed);
  }
  void Advance(int64_t millis) { offset_millis_.fetch_add(millis, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> offset_millis_{0};
};

// A clock that only moves when told to, for tests.
class ManualClock : public Clock {
 public:
  explicit ManualClock(int64_t now_millis = 0) : now_millis_(now_millis) {}
  int64_t NowMillis() const override { return now_millis_.load(); }
  void Set(int64_t millis) { now_millis_.store(millis); }
  void Advance(int64_t millis) { now_millis_.fetch_add(millis); }

 private:
  std::atomic<int64_t> now_millis_;
};

}  // namespace eddy

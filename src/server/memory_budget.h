// A bound on the bytes that connections hold at once: request bodies being
// read and responses not yet taken by their clients. Without it, clients
// that announce large bodies and send them slowly, or that never read their
// answers, could together push eddy's memory past any ceiling.
//
// A request reserves its body's size before reading it and waits (a short
// while) when the budget is spent. It is then served only while the budget
// has room beyond its own body, and its response is counted (it already
// exists) until the client has taken it; so the total exceeds the budget by
// at most the responses of the requests being served at that moment (one
// per server thread).
// Bodies over 1 MB may fill only three quarters of the budget, so slow
// large uploads cannot keep ordinary requests waiting.
#pragma once

#include <atomic>
#include <cstddef>

namespace eddy {

class MemoryBudget {
 public:
  explicit MemoryBudget(size_t limit) : limit_(limit) {}

  static constexpr size_t kLargeBody = 1024 * 1024;

  // Reserves `bytes` if they fit under the limit (three quarters of it for
  // a large body). A request larger than that gets it when nothing else
  // holds any, so it is never refused for good.
  bool TryReserve(size_t bytes) {
    const size_t limit = bytes > kLargeBody ? limit_ / 4 * 3 : limit_;
    size_t used = used_.load(std::memory_order_relaxed);
    for (;;) {
      if (used != 0 && used + bytes > limit) return false;
      if (used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed)) return true;
    }
  }
  // Counts `bytes` that exist already, over the limit if need be.
  void Add(size_t bytes) { used_.fetch_add(bytes, std::memory_order_relaxed); }
  void Release(size_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
  // Whether what others hold, beside `own` bytes already reserved, leaves
  // room under the limit.
  bool HasRoomBeside(size_t own) const { return used() - own < limit_; }

  size_t used() const { return used_.load(std::memory_order_relaxed); }
  size_t limit() const { return limit_; }

 private:
  const size_t limit_;
  std::atomic<size_t> used_{0};
};

// Bytes counted in a MemoryBudget until this goes away (or Reset()).
class BudgetHold {
 public:
  BudgetHold() = default;
  BudgetHold(const BudgetHold&) = delete;
  BudgetHold& operator=(const BudgetHold&) = delete;
  ~BudgetHold() { Reset(); }

  void Hold(MemoryBudget& budget, size_t bytes) {
    Reset();
    budget_ = &budget;
    bytes_ = bytes;
  }
  size_t bytes() const { return bytes_; }
  void Reset() {
    if (budget_) budget_->Release(bytes_);
    budget_ = nullptr;
    bytes_ = 0;
  }

 private:
  MemoryBudget* budget_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace eddy

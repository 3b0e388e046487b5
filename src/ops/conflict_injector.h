// Opt-in transaction conflicts. DynamoDB cancels a transaction that races
// another on the same item (reason TransactionConflict) and fails a plain
// write to an item a transaction is writing (TransactionConflictException).
// eddy never races: one write lock orders every commit, and a transaction
// is one WriteBatch, so no request ever sees another half done. Clients'
// retry code is written against these errors, though, so a test can ask
// for the next N transactions and the next M single-item writes to fail as
// if they had raced (POST /_eddy/faults/transaction-conflicts).
#pragma once

#include <atomic>
#include <cstdint>

namespace eddy {

class ConflictInjector {
 public:
  // The next `transactions` TransactWriteItems/TransactGetItems and the next
  // `writes` PutItem/UpdateItem/DeleteItem calls conflict (replacing what
  // was armed before).
  void Arm(int64_t transactions, int64_t writes) {
    transactions_.store(transactions);
    writes_.store(writes);
  }
  int64_t transactions() const { return transactions_.load(); }
  int64_t writes() const { return writes_.load(); }

  // True (and one fewer armed) when this request is to conflict. One relaxed
  // load when nothing is armed.
  bool TakeTransaction() { return Take(transactions_); }
  bool TakeWrite() { return Take(writes_); }

 private:
  static bool Take(std::atomic<int64_t>& armed) {
    int64_t left = armed.load(std::memory_order_relaxed);
    while (left > 0) {
      if (armed.compare_exchange_weak(left, left - 1)) return true;
    }
    return false;
  }

  std::atomic<int64_t> transactions_{0};
  std::atomic<int64_t> writes_{0};
};

}  // namespace eddy

// ClientRequestToken idempotency of TransactWriteItems (and, later,
// ExecuteTransaction): a token names one request for 10 minutes after it
// completes. The same request again gets the first one's result without
// writing; a different request with that token is
// IdempotentParameterMismatchException; the same request while the first is
// still running is TransactionInProgressException. A request that failed
// does not keep its token (its retry runs again).
//
// Requests are compared by a fingerprint the front end computes from the
// request's canonical form (member order does not matter, as on DynamoDB).
// SDKs send a fresh token with every call, so the table is bounded: past
// kMaxTokens the oldest tokens are forgotten early (a deviation that only a
// replay after that many other transactions could notice).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "ops/transact_write.h"

namespace eddy {

class ClientTokens {
 public:
  static constexpr int64_t kWindowMillis = 10 * 60 * 1000;
  static constexpr size_t kMaxTokens = 10'000;

  explicit ClientTokens(const Clock& clock) : clock_(clock) {}

  // Starts the request `token` with `fingerprint`. Returns the stored result
  // when the same request completed within the window (a replay: do not run
  // it again); otherwise marks the token running and returns null, and the
  // caller must call Finish or Abandon. Throws as described above.
  std::optional<TransactWriteResult> Begin(const std::string& token, const std::string& fingerprint);
  void Finish(const std::string& token, TransactWriteResult result);
  void Abandon(const std::string& token);

 private:
  struct Entry {
    std::string fingerprint;
    bool running = true;
    int64_t completed_millis = 0;
    TransactWriteResult result;
  };
  // Forgets tokens past the window, and the oldest beyond kMaxTokens.
  void Expire(int64_t now);

  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mutex_
  std::deque<std::string> completion_order_;        // guarded by mutex_
};

}  // namespace eddy

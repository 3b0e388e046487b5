#include "ops/client_tokens.h"

namespace eddy {

std::optional<TransactWriteResult> ClientTokens::Begin(const std::string& token, const std::string& fingerprint) {
  std::lock_guard lock(mutex_);
  Expire(clock_.NowMillis());
  auto [it, inserted] = entries_.try_emplace(token);
  if (inserted) {
    it->second.fingerprint = fingerprint;
    return std::nullopt;
  }
  if (it->second.fingerprint != fingerprint) throw ApiError::IdempotentParameterMismatch();
  if (it->second.running) throw ApiError::TransactionInProgress();
  return it->second.result;
}

void ClientTokens::Finish(const std::string& token, TransactWriteResult result) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token);
  if (it == entries_.end()) return;
  it->second.running = false;
  it->second.completed_millis = clock_.NowMillis();
  it->second.result = std::move(result);
  completion_order_.push_back(token);
}

void ClientTokens::Abandon(const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token);
  if (it != entries_.end() && it->second.running) entries_.erase(it);
}

void ClientTokens::Expire(int64_t now) {
  while (!completion_order_.empty()) {
    auto it = entries_.find(completion_order_.front());
    const bool stale = it == entries_.end() || it->second.running ||
                       now - it->second.completed_millis > kWindowMillis ||
                       completion_order_.size() > kMaxTokens;
    if (!stale) break;
    if (it != entries_.end() && !it->second.running) entries_.erase(it);
    completion_order_.pop_front();
  }
}

}  // namespace eddy

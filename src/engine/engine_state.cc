// Engine::PutState / GetState: small durable values for the layers above
// the engine, kept beside the catalog (storage/layout.h, "state/").
#include <string>

#include "engine/engine.h"

namespace eddy {
namespace {

std::string StateKey(std::string_view key) { return std::string("state/").append(key); }

}  // namespace

void Engine::PutState(std::string_view key, std::string_view value) {
  rocksdb::WriteBatch batch;
  ThrowIfStorageError(batch.Put(store_->catalog(), StateKey(key), rocksdb::Slice(value.data(), value.size())));
  // Under the write lock, like every other write (engine.h).
  std::lock_guard lock(write_mutex_);
  ThrowIfStorageError(CommitBatch(&batch));
}

std::optional<std::string> Engine::GetState(std::string_view key) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status status = store_->Get(store_->catalog(), StateKey(key), &value);
  if (status.IsNotFound()) return std::nullopt;
  ThrowIfStorageError(status);
  return value.ToString();
}

void Engine::DeleteState(std::string_view key) {
  rocksdb::WriteBatch batch;
  ThrowIfStorageError(batch.Delete(store_->catalog(), StateKey(key)));
  std::lock_guard lock(write_mutex_);
  ThrowIfStorageError(CommitBatch(&batch));
}

std::vector<std::pair<std::string, std::string>> Engine::ListState(std::string_view prefix) const {
  const std::string lower_key = StateKey(prefix);
  // The first key after every key with this prefix: the prefix with its
  // last byte below 0xff raised by one (keys here are text, so no prefix
  // is all 0xff).
  std::string upper_key = lower_key;
  while (!upper_key.empty() && static_cast<unsigned char>(upper_key.back()) == 0xff) upper_key.pop_back();
  if (!upper_key.empty()) upper_key.back() = static_cast<char>(static_cast<unsigned char>(upper_key.back()) + 1);
  const rocksdb::Slice lower(lower_key);
  const rocksdb::Slice upper(upper_key);
  std::unique_ptr<rocksdb::Iterator> it =
      store_->NewIterator(store_->catalog(), &lower, upper_key.empty() ? nullptr : &upper);
  std::vector<std::pair<std::string, std::string>> found;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    found.emplace_back(it->key().ToString().substr(lower_key.size()), it->value().ToString());
  }
  ThrowIfStorageError(it->status());
  return found;
}

}  // namespace eddy

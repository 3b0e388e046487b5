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

}  // namespace eddy

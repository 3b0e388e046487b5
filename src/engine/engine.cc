#include "engine/engine.h"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "core/api_error.h"
#include "core/item_size.h"
#include "engine/catalog.h"
#include "engine/stream_label.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

std::string NewUuid() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  uint64_t a = rng(), b = rng();
  for (int i = 0; i < 32; ++i) {
    uint64_t& word = i < 16 ? a : b;
    int nibble = static_cast<int>(word & 0xF);
    word >>= 4;
    if (i == 12) nibble = 4;                    // version 4
    if (i == 16) nibble = 8 | (nibble & 3);     // RFC 4122 variant
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    out.push_back(kHex[nibble]);
  }
  return out;
}

void ThrowIfError(const rocksdb::Status& status) {
  if (!status.ok()) throw ApiError::Internal("storage error: " + status.ToString());
}

}  // namespace

std::unique_ptr<Engine> Engine::Open(const EngineOptions& options) {
  if (!options.clock) throw std::runtime_error("engine needs a clock");
  std::string error;
  auto store = storage::Store::Open(options.data_dir, &error);
  if (!store) throw std::runtime_error("cannot open data directory " + options.data_dir + ": " + error);
  std::unique_ptr<Engine> engine(new Engine(std::move(store), options.clock));
  rocksdb::Status status = engine->catalog_->Load();
  if (!status.ok()) throw std::runtime_error("cannot load catalog: " + status.ToString());
  return engine;
}

Engine::Engine(std::unique_ptr<storage::Store> store, Clock* clock)
    : store_(std::move(store)), catalog_(std::make_unique<Catalog>(*store_)), clock_(clock) {}

Engine::~Engine() = default;

TableInfoPtr Engine::FindTable(std::string_view name) const { return catalog_->Find(name); }

TableInfoPtr Engine::GetTable(std::string_view name, std::string_view not_found_message) const {
  TableInfoPtr table = catalog_->Find(name);
  if (!table) throw ApiError::ResourceNotFound(std::string(not_found_message));
  return table;
}

std::vector<std::string> Engine::TableNames() const { return catalog_->Names(); }

TableInfoPtr Engine::CreateTable(TableInfo spec) {
  std::lock_guard lock(write_mutex_);
  if (catalog_->Find(spec.name)) {
    throw ApiError::ResourceInUse("Table already exists: " + spec.name);
  }
  rocksdb::WriteBatch batch;
  auto info = std::make_shared<TableInfo>(std::move(spec));
  info->id = catalog_->AllocateTableId(&batch);
  info->table_id = NewUuid();
  info->creation_millis = clock_->NowMillis();
  info->billing_mode_updated_millis = info->creation_millis;
  if (info->stream.enabled) info->stream.label = StreamLabel(info->creation_millis);
  catalog_->StageTable(*info, &batch);
  ThrowIfError(store_->Write(&batch));
  catalog_->Publish(info);
  return info;
}

TableInfoPtr Engine::DeleteTable(std::string_view name) {
  std::lock_guard lock(write_mutex_);
  TableInfoPtr table = GetTable(name, "Requested resource not found: Table: " +
                                          std::string(name) + " not found");
  rocksdb::WriteBatch batch;
  catalog_->StageRemoval(*table, &batch);
  const std::string begin = storage::TablePrefix(table->id);
  const std::string end = storage::PrefixSuccessor(begin);
  ThrowIfError(batch.DeleteRange(store_->items(), begin, end));
  ThrowIfError(store_->Write(&batch));
  catalog_->Unpublish(name);
  return table;
}

TableInfoPtr Engine::UpdateTable(TableInfo updated) {
  std::lock_guard lock(write_mutex_);
  TableInfoPtr current = GetTable(updated.name);
  auto info = std::make_shared<TableInfo>(std::move(updated));
  info->id = current->id;
  info->table_id = current->table_id;
  info->key_schema = current->key_schema;
  info->creation_millis = current->creation_millis;
  info->stats = current->stats;
  const int64_t now = clock_->NowMillis();
  if (info->billing_mode != current->billing_mode) info->billing_mode_updated_millis = now;
  // Enabling a stream starts a new one with a new label; disabling keeps the
  // old label so DescribeTable still names the (closed) latest stream.
  if (info->stream.enabled && !current->stream.enabled) info->stream.label = StreamLabel(now);
  rocksdb::WriteBatch batch;
  catalog_->StageTable(*info, &batch);
  ThrowIfError(store_->Write(&batch));
  catalog_->Publish(info);
  return info;
}

WriteOutcome Engine::Write(const TableInfo& table, const WriteOp& op) {
  const std::string& key = op.key().storage_key;
  WriteOutcome outcome;
  std::lock_guard lock(write_mutex_);

  rocksdb::PinnableSlice stored;
  rocksdb::Status status = store_->Get(store_->items(), key, &stored);
  if (status.ok()) {
    Item old_item;
    if (!storage::DecodeItem(stored.ToStringView(), &old_item)) {
      throw ApiError::Internal("corrupt item in storage");
    }
    outcome.old_item = std::move(old_item);
  } else if (!status.IsNotFound()) {
    ThrowIfError(status);
  }
  const Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;

  if (const expr::Condition* condition = op.condition()) {
    static const Item kNoItem;
    if (!condition->Evaluate(old_item ? *old_item : kNoItem)) {
      outcome.condition_failed = true;
      return outcome;
    }
  }
  outcome.new_item = op.Apply(old_item);
  if (!outcome.new_item && !old_item) return outcome;  // deleting nothing changes nothing

  const int64_t old_size = old_item ? static_cast<int64_t>(ItemSize(*old_item)) : 0;
  const int64_t new_size = outcome.new_item ? static_cast<int64_t>(ItemSize(*outcome.new_item)) : 0;
  rocksdb::WriteBatch batch;
  if (outcome.new_item) {
    ThrowIfError(batch.Put(store_->items(), key, storage::EncodeItem(*outcome.new_item)));
  } else {
    ThrowIfError(batch.Delete(store_->items(), key));
  }
  TableStats& stats = *table.stats;
  const int64_t count_delta = (outcome.new_item ? 1 : 0) - (old_item ? 1 : 0);
  stats.item_count += count_delta;
  stats.size_bytes += new_size - old_size;
  catalog_->StageStats(table, &batch);
  status = store_->Write(&batch);
  if (!status.ok()) {
    stats.item_count -= count_delta;
    stats.size_bytes -= new_size - old_size;
    ThrowIfError(status);
  }
  return outcome;
}

std::optional<Item> Engine::GetItem(const TableInfo&, const PrimaryKey& key) const {
  rocksdb::PinnableSlice stored;
  rocksdb::Status status = store_->Get(store_->items(), key.storage_key, &stored);
  if (status.IsNotFound()) return std::nullopt;
  ThrowIfError(status);
  Item item;
  if (!storage::DecodeItem(stored.ToStringView(), &item)) {
    throw ApiError::Internal("corrupt item in storage");
  }
  return item;
}

}  // namespace eddy

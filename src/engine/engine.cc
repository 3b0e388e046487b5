#include "engine/engine.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "core/api_error.h"
#include "core/item_size.h"
#include "engine/catalog.h"
#include "engine/stream_label.h"
#include "engine/stream_record.h"
#include "storage/stream_keys.h"
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

}  // namespace

void ThrowIfStorageError(const rocksdb::Status& status) {
  if (!status.ok()) throw ApiError::Internal("storage error: " + status.ToString());
}

std::unique_ptr<Engine> Engine::Open(const EngineOptions& options) {
  if (!options.clock) throw std::runtime_error("engine needs a clock");
  std::string error;
  auto store = storage::Store::Open(options.data_dir, &error);
  if (!store) throw std::runtime_error("cannot open data directory " + options.data_dir + ": " + error);
  std::unique_ptr<Engine> engine(new Engine(std::move(store), options.clock));
  rocksdb::Status status = engine->catalog_->Load();
  if (!status.ok()) throw std::runtime_error("cannot load catalog: " + status.ToString());
  if (!engine->catalog_->stats_trusted()) {
    status = engine->RecountStats();
    if (!status.ok()) throw std::runtime_error("cannot count items: " + status.ToString());
  }
  rocksdb::WriteBatch batch;
  engine->catalog_->StageOpened(&batch);
  status = engine->store_->Write(&batch);
  if (!status.ok()) throw std::runtime_error("cannot write to data directory: " + status.ToString());
  return engine;
}

rocksdb::Status Engine::RecountStats() {
  for (const std::string& name : catalog_->Names()) {
    TableInfoPtr table = catalog_->Find(name);
    const std::string begin = storage::TablePrefix(table->id);
    const std::string end = storage::PrefixSuccessor(begin);
    rocksdb::Slice lower(begin), upper(end);
    auto it = store_->NewIterator(store_->items(), &lower, &upper);
    int64_t count = 0, bytes = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      size_t size = 0;
      if (!storage::StoredItemSize(it->value().ToStringView(), &size)) {
        return rocksdb::Status::Corruption("bad item in table " + name);
      }
      ++count;
      bytes += static_cast<int64_t>(size);
    }
    if (!it->status().ok()) return it->status();
    table->stats->item_count = count;
    table->stats->size_bytes = bytes;
  }
  return rocksdb::Status::OK();
}

Engine::Engine(std::unique_ptr<storage::Store> store, Clock* clock)
    : store_(std::move(store)), catalog_(std::make_unique<Catalog>(*store_)), clock_(clock) {}

Engine::~Engine() {
  std::lock_guard lock(write_mutex_);
  rocksdb::WriteBatch batch;
  catalog_->StageShutdown(&batch);
  rocksdb::Status status = store_->Write(&batch);
  if (!status.ok()) std::fprintf(stderr, "eddy: cannot save table counters: %s\n", status.ToString().c_str());
}

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
  if (info->stream.enabled) StartStream(info.get(), info->creation_millis);
  catalog_->StageTable(*info, &batch);
  ThrowIfStorageError(store_->Write(&batch));
  catalog_->Publish(info);
  return info;
}

void Engine::StartStream(TableInfo* table, int64_t now_millis) const {
  // A stream's label, ARN and storage prefix come from its creation time; a
  // re-enable within the same millisecond must still get a new one.
  int64_t created = now_millis;
  if (!table->streams.empty()) created = std::max(created, table->streams.back().created_millis + 1);
  table->stream.label = StreamLabel(created);
  table->streams.push_back({table->stream.label, table->stream.view_type, created, 0, LatestSequence() + 1});
}

TableInfoPtr Engine::DeleteTable(std::string_view name) {
  std::lock_guard lock(write_mutex_);
  TableInfoPtr table = GetTable(name, "Requested resource not found: Table: " +
                                          std::string(name) + " not found");
  rocksdb::WriteBatch batch;
  catalog_->StageRemoval(*table, &batch);
  const std::string begin = storage::TablePrefix(table->id);
  const std::string end = storage::PrefixSuccessor(begin);
  ThrowIfStorageError(batch.DeleteRange(store_->items(), begin, end));
  // The table's stream records go with it (DynamoDB keeps them readable for
  // 24 hours after the table is deleted; eddy does not, see ARCHITECTURE).
  ThrowIfStorageError(batch.DeleteRange(store_->streams(), begin, end));
  ThrowIfStorageError(store_->Write(&batch));
  catalog_->Unpublish(name);
  return table;
}

TableInfoPtr Engine::UpdateTable(std::string_view name, const TableChange& change) {
  std::lock_guard lock(write_mutex_);
  TableInfoPtr current = GetTable(name, "Requested resource not found: Table: " + std::string(name) +
                                            " not found");
  auto info = std::make_shared<TableInfo>(*current);
  change(*current, info.get());
  info->name = current->name;
  info->id = current->id;
  info->table_id = current->table_id;
  info->key_schema = current->key_schema;
  info->attribute_definitions = current->attribute_definitions;
  info->creation_millis = current->creation_millis;
  info->stats = current->stats;
  const int64_t now = clock_->NowMillis();
  if (info->billing_mode != current->billing_mode) info->billing_mode_updated_millis = now;
  // Enabling a stream starts a new one with a new label; disabling keeps the
  // old label so DescribeTable still names the (closed) latest stream.
  if (info->stream.enabled && !current->stream.enabled) {
    StartStream(info.get(), now);
  } else if (!info->stream.enabled && current->stream.enabled && !info->streams.empty()) {
    info->streams.back().closed_millis = now;
  }
  rocksdb::WriteBatch batch;
  catalog_->StageTable(*info, &batch);
  ThrowIfStorageError(store_->Write(&batch));
  catalog_->Publish(info);
  return info;
}

WriteOutcome Engine::Write(const TableInfo& table, const WriteOp& op, bool want_old_item) {
  const std::string& key = op.key().storage_key;
  WriteOutcome outcome;
  Item scratch;
  std::lock_guard lock(write_mutex_);
  // The caller looked the table up before taking the lock: take its current
  // settings now, so a write never lands in a deleted (or re-created) table
  // and its stream record goes to the stream that is open at commit.
  const TableInfo* live = table.stats->live.load();
  if (!live) throw ApiError::ResourceNotFound("Requested resource not found");
  const StreamDescriptor* stream = OpenStream(*live);

  rocksdb::PinnableSlice stored;
  rocksdb::Status status = store_->Get(store_->items(), key, &stored);
  if (status.ok()) {
    outcome.had_item = true;
    bool ok = storage::StoredItemSize(stored.ToStringView(), &outcome.old_size);
    if (ok && (want_old_item || op.ReadsOldItem() || stream)) {
      ok = storage::DecodeItem(stored.ToStringView(), &outcome.old_item.emplace());
    }
    if (!ok) throw ApiError::Internal("corrupt item in storage");
  } else if (!status.IsNotFound()) {
    ThrowIfStorageError(status);
  }
  const Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;

  if (!op.ConditionHolds(old_item)) {
    outcome.condition_failed = true;
    return outcome;
  }
  const Item* new_item = op.Apply(old_item, &scratch);
  if (!new_item && !outcome.had_item) return outcome;  // deleting nothing changes nothing

  outcome.new_size = new_item ? op.NewItemSize(*new_item) : 0;
  if (stream && new_item && old_item && *new_item == *old_item) {
    // A write that changes nothing writes no stream record (and no item).
    outcome.unchanged = true;
  } else {
    Commit(table, op, stream, stored.ToStringView(), new_item, outcome);
  }
  if (new_item == &scratch) {
    outcome.updated_item = std::make_unique<Item>(std::move(scratch));
    new_item = outcome.updated_item.get();
  }
  outcome.new_item = new_item;
  return outcome;
}

void Engine::Commit(const TableInfo& table, const WriteOp& op, const StreamDescriptor* stream,
                    std::string_view old_bytes, const Item* new_item, const WriteOutcome& outcome) {
  const std::string& key = op.key().storage_key;
  std::string encoded;
  rocksdb::WriteBatch batch;
  if (new_item) {
    storage::EncodeItem(*new_item, outcome.new_size, &encoded);
    ThrowIfStorageError(batch.Put(store_->items(), key, encoded));
  } else {
    ThrowIfStorageError(batch.Delete(store_->items(), key));
  }
  TableStats& stats = *table.stats;
  uint64_t sequence = 0;  // of the stream record, when there is one
  if (stream) {
    // The batch's RocksDB sequence number: every write commits under the
    // write lock, so it is the next one, and stream order is commit order.
    sequence = LatestSequence() + 1;
    std::string record = storage::StreamRecordHeader(clock_->NowMillis());
    EncodeStreamRecord(stream->view_type, outcome.had_item, new_item != nullptr, op.is_ttl_delete(),
                       key, outcome.had_item ? old_bytes : std::string_view(), encoded, &record);
    ThrowIfStorageError(batch.Put(store_->streams(),
                                  storage::StreamRecordKey(table.id, stream->created_millis, sequence),
                                  record));
  }
  const int64_t count_delta = (new_item ? 1 : 0) - (outcome.had_item ? 1 : 0);
  const int64_t size_delta = static_cast<int64_t>(outcome.new_size) - static_cast<int64_t>(outcome.old_size);
  ThrowIfStorageError(store_->Write(&batch));
  stats.item_count += count_delta;
  stats.size_bytes += size_delta;
  if (stream) stream_notifier_.Notify(sequence);
}

std::optional<Item> Engine::GetItem(const TableInfo&, const PrimaryKey& key) const {
  rocksdb::PinnableSlice stored;
  rocksdb::Status status = store_->Get(store_->items(), key.storage_key, &stored);
  if (status.IsNotFound()) return std::nullopt;
  ThrowIfStorageError(status);
  Item item;
  if (!storage::DecodeItem(stored.ToStringView(), &item)) {
    throw ApiError::Internal("corrupt item in storage");
  }
  return item;
}

}  // namespace eddy

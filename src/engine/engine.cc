#include "engine/engine.h"

#include <algorithm>
#include <sys/statvfs.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "core/api_error.h"
#include "core/item_size.h"
#include "core/uuid.h"
#include "engine/catalog.h"
#include "engine/stream_label.h"
#include "engine/stream_record.h"
#include "storage/stream_keys.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {



int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string StorageErrorSummary(const rocksdb::Status& status) {
  if (status.IsNoSpace()) return "no space left on the data directory's device";
  if (status.IsIOError()) return "I/O error in the data directory";
  if (status.IsCorruption()) return "corrupt data in the data directory";
  if (status.IsBusy() || status.IsTryAgain()) return "storage busy";
  return "storage error";
}

void ThrowIfStorageError(const rocksdb::Status& status) {
  if (status.ok()) return;
  // The details (file names, paths) go to eddy's log, not to clients; the
  // free-space guard's refusals are logged once, when it engages.
  if (!status.IsNoSpace()) std::fprintf(stderr, "eddy: storage error: %s\n", status.ToString().c_str());
  throw ApiError::Internal("Internal server error: " + StorageErrorSummary(status));
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
  engine->last_sequence_ = engine->store_->db()->GetLatestSequenceNumber();
  engine->data_dir_ = options.data_dir;
  engine->min_free_bytes_ = options.min_free_bytes;
  engine->RestartBackfills();
  engine->transient_delay_millis_ = options.transient_delay_millis;
  engine->index_worker_ = std::jthread([e = engine.get()](std::stop_token stop) { e->IndexWorker(stop); });
  engine->WakeIndexWorker();  // indexes a restart left CREATING or DELETING
  return engine;
}

void Engine::StageIndexRemoval(const IndexInfo& index, rocksdb::WriteBatch* batch) const {
  const std::string begin = storage::TablePrefix(index.key_space.id);
  ThrowIfStorageError(batch->DeleteRange(store_->indexes(), begin, storage::PrefixSuccessor(begin)));
}

rocksdb::Status Engine::SumEntries(rocksdb::ColumnFamilyHandle* family, const std::string& prefix,
                                   const rocksdb::Snapshot* snapshot, int64_t* count, int64_t* size_bytes) const {
  const std::string end = storage::PrefixSuccessor(prefix);
  rocksdb::Slice lower(prefix), upper(end);
  auto it = store_->NewIterator(family, &lower, &upper, snapshot);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    size_t size = 0;
    if (!storage::StoredItemSize(it->value().ToStringView(), &size)) {
      return rocksdb::Status::Corruption("bad item in storage");
    }
    ++*count;
    *size_bytes += static_cast<int64_t>(size);
  }
  return it->status();
}

rocksdb::Status Engine::CountEntries(rocksdb::ColumnFamilyHandle* family, uint64_t id,
                                     std::atomic<int64_t>* count, std::atomic<int64_t>* size_bytes) const {
  int64_t entries = 0, bytes = 0;
  rocksdb::Status status = SumEntries(family, storage::TablePrefix(id), nullptr, &entries, &bytes);
  if (!status.ok()) return status;
  *count = entries;
  *size_bytes = bytes;
  return rocksdb::Status::OK();
}

rocksdb::Status Engine::RecountStats() {
  for (const std::string& name : catalog_->Names()) {
    TableInfoPtr table = catalog_->Find(name);
    rocksdb::Status status = CountEntries(store_->items(), table->key_space.id, &table->stats->item_count,
                                          &table->stats->size_bytes);
    for (const IndexInfo& index : table->indexes) {
      if (!status.ok()) break;
      status = CountEntries(store_->indexes(), index.key_space.id, &index.stats->item_count,
                            &index.stats->size_bytes);
    }
    if (!status.ok()) return status;
  }
  return rocksdb::Status::OK();
}

Engine::Engine(std::unique_ptr<storage::Store> store, Clock* clock)
    : store_(std::move(store)), catalog_(std::make_unique<Catalog>(*store_)), clock_(clock) {}

Engine::~Engine() {
  if (index_worker_.joinable()) {
    index_worker_.request_stop();
    index_worker_.join();
  }
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
  info->key_space.id = catalog_->AllocateStorageId(&batch);
  for (IndexInfo& index : info->indexes) {
    index.key_space.id = catalog_->AllocateStorageId(&batch);
    index.key_space.is_index = true;
  }
  info->table_id = NewUuid();
  info->creation_millis = clock_->NowMillis();
  info->billing_mode_updated_millis = info->creation_millis;
  if (info->stream.enabled) StartStream(info.get(), info->creation_millis);
  // With a transient delay the table is CREATING for that long (the index
  // worker makes it ACTIVE); it serves reads and writes meanwhile.
  info->status = transient_delay_millis_ > 0 ? TableStatus::kCreating : TableStatus::kActive;
  catalog_->StageTable(*info, &batch);
  ThrowIfStorageError(CommitBatch(&batch));
  catalog_->Publish(info);
  if (info->status == TableStatus::kCreating) {
    StartTransition(TransitionKey(*info, nullptr));
    WakeIndexWorker();
  }
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
  ThrowIfCreatingOrDeleting(*table);
  if (transient_delay_millis_ > 0) {
    // DELETING for the transient delay; the index worker then removes it.
    auto deleting = std::make_shared<TableInfo>(*table);
    deleting->status = TableStatus::kDeleting;
    rocksdb::WriteBatch batch;
    catalog_->StageTable(*deleting, &batch);
    ThrowIfStorageError(CommitBatch(&batch));
    catalog_->Publish(deleting);
    StartTransition(TransitionKey(*deleting, nullptr));
    WakeIndexWorker();
    return deleting;
  }
  RemoveTable(*table);
  return table;
}

void Engine::ThrowIfCreatingOrDeleting(const TableInfo& table) {
  if (table.status == TableStatus::kCreating || table.status == TableStatus::kDeleting) {
    throw ApiError::ResourceInUse(std::string("Attempt to change a resource which is still in use: Table is being ") +
                                  (table.status == TableStatus::kCreating ? "created" : "deleted") + ": " +
                                  table.name);
  }
}

void Engine::RemoveTable(const TableInfo& table) {
  const std::string name = table.name;
  rocksdb::WriteBatch batch;
  catalog_->StageRemoval(table, &batch);
  const std::string begin = storage::TablePrefix(table.key_space.id);
  const std::string end = storage::PrefixSuccessor(begin);
  ThrowIfStorageError(batch.DeleteRange(store_->items(), begin, end));
  // The table's stream records go with it (DynamoDB keeps them readable for
  // 24 hours after the table is deleted; eddy does not, see ARCHITECTURE).
  ThrowIfStorageError(batch.DeleteRange(store_->streams(), begin, end));
  for (const IndexInfo& index : table.indexes) StageIndexRemoval(index, &batch);
  ThrowIfStorageError(CommitBatch(&batch));
  catalog_->Unpublish(name);
  // Transitions of the table and its indexes will never come due now.
  std::lock_guard lock(index_work_mutex_);
  const std::string key = TransitionKey(table, nullptr);
  std::erase_if(transition_deadlines_, [&](const auto& entry) {
    return entry.first == key || entry.first.starts_with(key + "/");
  });
}

TableInfoPtr Engine::UpdateTable(std::string_view name, const TableChange& change) {
  std::lock_guard lock(write_mutex_);
  TableInfoPtr current = GetTable(name, "Requested resource not found: Table: " + std::string(name) +
                                            " not found");
  ThrowIfCreatingOrDeleting(*current);
  auto info = std::make_shared<TableInfo>(*current);
  change(*current, info.get());
  info->name = current->name;
  info->table_id = current->table_id;
  info->key_space = current->key_space;
  info->creation_millis = current->creation_millis;
  info->stats = current->stats;
  rocksdb::WriteBatch batch;
  bool index_work = false;
  std::vector<const IndexInfo*> transitions;  // whose delay starts now
  for (IndexInfo& index : info->indexes) {
    const IndexInfo* before = current->FindIndex(index.name);
    const bool newly_deleting = index.status == IndexStatus::kDeleting && before &&
                                before->status != IndexStatus::kDeleting;
    if (index.key_space.id == 0 || newly_deleting) transitions.push_back(&index);
    if (index.key_space.id == 0) {  // added by `change`
      index.key_space.id = catalog_->AllocateStorageId(&batch);
      index.key_space.is_index = true;
      index.status = IndexStatus::kCreating;
      index.backfilling = false;
      index.stats = std::make_shared<IndexStats>();
      index.stats->backfill_complete = false;
    }
    index_work = index_work || index.status != IndexStatus::kActive;
  }
  info->status = IndexesInTransition(*info) ? TableStatus::kUpdating : TableStatus::kActive;
  const int64_t now = clock_->NowMillis();
  if (info->billing_mode != current->billing_mode) info->billing_mode_updated_millis = now;
  // Enabling a stream starts a new one with a new label; disabling keeps the
  // old label so DescribeTable still names the (closed) latest stream.
  if (info->stream.enabled && !current->stream.enabled) {
    StartStream(info.get(), now);
  } else if (!info->stream.enabled && current->stream.enabled && !info->streams.empty()) {
    info->streams.back().closed_millis = now;
  }
  catalog_->StageTable(*info, &batch);
  ThrowIfStorageError(CommitBatch(&batch));
  catalog_->Publish(info);
  for (const IndexInfo* index : transitions) StartTransition(TransitionKey(*info, index));
  if (index_work) WakeIndexWorker();
  return info;
}

struct Engine::PendingWrite {
  const TableInfo* live = nullptr;  // the table's version at commit
  const StreamDescriptor* stream = nullptr;
  const WriteOp* op = nullptr;
  rocksdb::PinnableSlice stored;  // the old item as stored
  Item scratch;                   // an update's new item
  const Item* new_item = nullptr;
  bool skip = false;              // nothing to write (a no-op, or a condition check)
  int64_t count_delta = 0;        // the table's counters, applied after commit
  int64_t size_delta = 0;
};

WriteOutcome Engine::Write(const TableInfo& table, const WriteOp& op, bool want_old_item) {
  const ItemWrite write{&table, &op, want_old_item};
  WriteOutcome outcome;
  WriteUnderLock({&write, 1}, {&outcome, 1});
  if (outcome.error) throw *outcome.error;
  return outcome;
}

std::vector<WriteOutcome> Engine::WriteAll(std::span<const ItemWrite> writes) {
  std::vector<WriteOutcome> outcomes(writes.size());
  WriteUnderLock(writes, outcomes);
  return outcomes;
}

void Engine::WriteUnderLock(std::span<const ItemWrite> writes, std::span<WriteOutcome> outcomes) {
  // Everything that allocates is done before the lock, where it can be.
  PendingWrite single;
  std::vector<PendingWrite> many(writes.size() > 1 ? writes.size() : 0);
  if (writes.size() > 1) ThrowIfSameKeyTwice(writes);
  std::span<PendingWrite> pending = writes.size() > 1 ? std::span<PendingWrite>(many) : std::span(&single, 1);
  for (size_t i = 0; i < writes.size(); ++i) outcomes[i].index_changes.reserve(writes[i].table->indexes.size());

  std::lock_guard lock(write_mutex_);
  bool failed = false;
  for (size_t i = 0; i < writes.size(); ++i) {
    Evaluate(writes[i], &pending[i], &outcomes[i]);
    failed = failed || outcomes[i].failed();
  }
  if (failed) return;  // all or nothing

  // Sized for the items, their index entries and stream records up front,
  // so the batch does not grow (and copy itself) while the lock is held.
  size_t reserve = 64;
  for (size_t i = 0; i < writes.size(); ++i) {
    const PendingWrite& p = pending[i];
    if (p.skip) continue;
    const size_t key_size = p.op->key().storage_key.size();
    const PreparedItem* prepared = p.new_item ? p.op->prepared() : nullptr;
    reserve += 32 + 2 * key_size + (prepared ? prepared->encoded.size() : outcomes[i].new_size) +
               (p.stream ? 64 + p.stored.size() + outcomes[i].new_size : 0);
    if (prepared) {
      for (const auto& entry : prepared->index_entries) {
        if (entry) reserve += 16 + entry->key.size() + entry->value.size();
      }
    }
  }
  rocksdb::WriteBatch batch(reserve);
  const uint64_t first_sequence = last_sequence_.load(std::memory_order_relaxed) + 1;
  uint64_t next_sequence = first_sequence;
  for (size_t i = 0; i < writes.size(); ++i) {
    if (!pending[i].skip) StageWrite(pending[i], outcomes[i], &next_sequence, &batch);
  }
  if (batch.Count() > 0) ThrowIfStorageError(CommitBatch(&batch));
  // Published at once: a later commit must never reuse these numbers.
  if (next_sequence != first_sequence) last_sequence_.store(next_sequence - 1, std::memory_order_release);
  for (size_t i = 0; i < writes.size(); ++i) {
    PendingWrite& p = pending[i];
    WriteOutcome& outcome = outcomes[i];
    if (!p.skip) {
      p.live->stats->item_count += p.count_delta;
      p.live->stats->size_bytes += p.size_delta;
      for (const IndexChange& change : outcome.index_changes) {
        change.stats->item_count += change.count_delta;
        change.stats->size_bytes += change.size_delta;
      }
    }
    if (p.new_item == &p.scratch) {
      outcome.updated_item = std::make_unique<Item>(std::move(p.scratch));
      p.new_item = outcome.updated_item.get();
    }
    outcome.new_item = p.new_item;
  }
  if (next_sequence != first_sequence) stream_notifier_.Notify(next_sequence - 1);
}

void Engine::ThrowIfSameKeyTwice(std::span<const ItemWrite> writes) {
  // Each write reads its old item from the store, not from the writes before
  // it, so one key twice would stage two changes from one old item.
  std::vector<std::string_view> keys;
  keys.reserve(writes.size());
  for (const ItemWrite& write : writes) keys.push_back(write.op->key().storage_key);
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
    throw ApiError::Internal("one item written twice in one commit");
  }
}

rocksdb::Status Engine::CommitBatch(rocksdb::WriteBatch* batch) {
  if (min_free_bytes_ > 0) {
    constexpr int64_t kSpaceCheckMillis = 100;
    const int64_t now = SteadyMillis();
    if (now - space_checked_millis_ >= kSpaceCheckMillis) {
      space_checked_millis_ = now;
      struct statvfs fs {};
      const bool low = statvfs(data_dir_.c_str(), &fs) == 0 &&
                       static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize < min_free_bytes_;
      if (low != space_low_.load(std::memory_order_relaxed)) {
        std::fprintf(stderr, low ? "eddy: refusing writes: less than %llu MB free in the data directory\n"
                                 : "eddy: writes accepted again (%llu MB free)\n",
                     static_cast<unsigned long long>(low ? min_free_bytes_ >> 20
                                                         : static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize >> 20));
      }
      space_low_ = low;
    }
    if (space_low_.load(std::memory_order_relaxed)) return rocksdb::Status::NoSpace("below the free-space threshold");
  }
  // After a failed write RocksDB refuses every write until it is resumed:
  // try that first, so writes work again as soon as the cause is gone.
  if (storage_problem_.load(std::memory_order_relaxed)) {
    if (store_->db()->Resume().ok()) {
      storage_problem_ = false;
      std::fprintf(stderr, "eddy: storage writes resumed\n");
    }
  }
  rocksdb::Status status = store_->Write(batch);
  if (!status.ok() && !status.IsBusy() && !status.IsTryAgain()) {
    std::fprintf(stderr, "eddy: a commit failed: %s\n", status.ToString().c_str());
    std::lock_guard lock(storage_problem_mutex_);
    storage_problem_text_ = StorageErrorSummary(status);
    storage_problem_ = true;
  }
  return status;
}

std::optional<std::string> Engine::StorageProblem() const {
  if (space_low_.load(std::memory_order_relaxed)) {
    return "less than " + std::to_string(min_free_bytes_ >> 20) +
           " MB free on the data directory's device: writes are refused until there is more";
  }
  if (!storage_problem_.load(std::memory_order_relaxed)) return std::nullopt;
  std::lock_guard lock(storage_problem_mutex_);
  return storage_problem_text_;
}

void Engine::Evaluate(const ItemWrite& write, PendingWrite* p, WriteOutcome* outcome) const {
  const WriteOp& op = *write.op;
  // The caller looked the table up before taking the lock: take its current
  // settings now, so a write never lands in a deleted (or re-created) table
  // and its stream record goes to the stream that is open at commit.
  const TableInfo* live = write.table->stats->live.load();
  if (!live) throw ApiError::ResourceNotFound("Requested resource not found");
  p->live = live;
  p->op = &op;
  p->stream = OpenStream(*live);

  rocksdb::Status status = store_->Get(store_->items(), op.key().storage_key, &p->stored);
  if (status.ok()) {
    outcome->had_item = true;
    bool ok = storage::StoredItemSize(p->stored.ToStringView(), &outcome->old_size);
    if (ok && (write.want_old_item || op.ReadsOldItem() || p->stream || !live->indexes.empty())) {
      ok = storage::DecodeItem(p->stored.ToStringView(), &outcome->old_item.emplace());
    }
    if (!ok) throw ApiError::Internal("corrupt item in storage");
  } else if (!status.IsNotFound()) {
    ThrowIfStorageError(status);
  }
  const Item* old_item = outcome->old_item ? &*outcome->old_item : nullptr;

  if (!op.ConditionHolds(old_item)) {
    outcome->condition_failed = true;
    return;
  }
  const Item* new_item = nullptr;
  try {
    new_item = op.Apply(old_item, &p->scratch);
    // A put checked its item against this table version before the lock.
    const bool checked = op.prepared() && op.prepared()->table == live;
    if (new_item && !live->indexes.empty() && !checked && op.changes_item()) {
      CheckIndexKeys(*live, *new_item, op.is_update());
    }
  } catch (ApiError& error) {
    outcome->error = std::move(error);
    return;
  }
  // A condition check writes nothing (and has no new item).
  if (!op.changes_item()) {
    p->skip = true;
    return;
  }
  p->new_item = new_item;
  // Deleting nothing changes nothing.
  if (!new_item && !outcome->had_item) {
    p->skip = true;
    return;
  }
  outcome->new_size = new_item ? op.NewItemSize(*new_item) : 0;
  // With a stream, a write that changes nothing writes no record (and no item).
  if (p->stream && new_item && old_item && *new_item == *old_item) {
    outcome->unchanged = true;
    p->skip = true;
  }
}

void Engine::StageWrite(PendingWrite& p, WriteOutcome& outcome, uint64_t* next_sequence,
                        rocksdb::WriteBatch* batch) {
  const TableInfo& table = *p.live;
  const std::string& key = p.op->key().storage_key;
  const Item* new_item = p.new_item;
  const std::string_view old_bytes = outcome.had_item ? p.stored.ToStringView() : std::string_view();
  // A put's item and index entries were prepared before the lock; its
  // entries are for the table version it was given, usable if still live.
  const PreparedItem* prepared = new_item ? p.op->prepared() : nullptr;
  std::string encoded_here;
  std::string_view encoded;
  if (new_item) {
    if (prepared) {
      encoded = prepared->encoded;
    } else {
      storage::EncodeItem(*new_item, outcome.new_size, &encoded_here);
      encoded = encoded_here;
    }
    ThrowIfStorageError(batch->Put(store_->items(), key, rocksdb::Slice(encoded.data(), encoded.size())));
  } else {
    ThrowIfStorageError(batch->Delete(store_->items(), key));
  }
  if (!table.indexes.empty()) {
    const bool entries_ready = prepared && prepared->table == &table;
    StageIndexChanges(table, key, outcome.old_item ? &*outcome.old_item : nullptr, old_bytes, new_item, encoded,
                      entries_ready ? &prepared->index_entries : nullptr, store_->indexes(), batch,
                      &outcome.index_changes);
  }
  if (p.stream) {
    std::string record = storage::StreamRecordHeader(clock_->NowMillis());
    EncodeStreamRecord(p.stream->view_type, outcome.had_item, new_item != nullptr, p.op->is_ttl_delete(), key,
                       old_bytes, encoded, &record);
    ThrowIfStorageError(batch->Put(
        store_->streams(), storage::StreamRecordKey(table.key_space.id, p.stream->created_millis, (*next_sequence)++),
        record));
  }
  p.count_delta = (new_item ? 1 : 0) - (outcome.had_item ? 1 : 0);
  p.size_delta = static_cast<int64_t>(outcome.new_size) - static_cast<int64_t>(outcome.old_size);
}

std::vector<std::optional<Item>> Engine::GetItems(std::span<const std::string* const> storage_keys) const {
  std::vector<std::optional<Item>> items;
  items.reserve(storage_keys.size());
  rocksdb::ManagedSnapshot snapshot(store_->db());
  for (const std::string* key : storage_keys) items.push_back(ReadItem(*key, snapshot.snapshot()));
  return items;
}

std::optional<Item> Engine::GetItem(const TableInfo&, const PrimaryKey& key) const {
  return ReadItem(key.storage_key, nullptr);
}

std::optional<Item> Engine::ReadItem(std::string_view storage_key, const rocksdb::Snapshot* snapshot) const {
  rocksdb::PinnableSlice stored;
  rocksdb::Status status = store_->Get(store_->items(), storage_key, &stored, snapshot);
  if (status.IsNotFound()) return std::nullopt;
  ThrowIfStorageError(status);
  Item item;
  if (!storage::DecodeItem(stored.ToStringView(), &item)) {
    throw ApiError::Internal("corrupt item in storage");
  }
  return item;
}

}  // namespace eddy

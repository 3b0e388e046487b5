// Index work in the background: a GSI added by UpdateTable is backfilled
// from the table's items, and a deleted GSI's entries are dropped, on one
// worker thread, never holding the write lock for more than one chunk.
#include <algorithm>
#include <cstdio>
#include <chrono>
#include <mutex>
#include <thread>

#include "core/api_error.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/index_entries.h"
#include "engine/primary_key.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

// Items indexed per hold of the write lock, and at most this many bytes of
// them: a few milliseconds at most, so writers barely notice a backfill.
constexpr int kBackfillChunk = 256;
constexpr size_t kBackfillChunkBytes = 1 << 20;
// Between chunks the backfill steps aside this long: the write lock is not
// fair, and without a pause it would take the lock straight back from
// writers that are waking up for it.
constexpr auto kBackfillPause = std::chrono::microseconds(200);

constexpr int64_t kIndexWorkRetryMillis = 1000;

}  // namespace

// Transitions are keyed by table id (and index name): a re-created table
// or index of the same name is a new transition.
std::string Engine::TransitionKey(const TableInfo& table, const IndexInfo* index) {
  std::string key = std::to_string(table.key_space.id);
  if (index) key.append("/").append(index->name);
  return key;
}

namespace {

IndexInfo* FindIndex(TableInfo* table, const std::string& name) {
  for (IndexInfo& index : table->indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

}  // namespace

void Engine::WakeIndexWorker() {
  {
    std::lock_guard lock(index_work_mutex_);
    index_work_pending_ = true;
  }
  index_work_cv_.notify_all();
}

void Engine::StartTransition(const std::string& key) {
  std::lock_guard lock(index_work_mutex_);
  transition_deadlines_[key] =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(transient_delay_millis_);
}

bool Engine::TransitionDue(const std::string& key, std::optional<std::chrono::steady_clock::time_point>* next) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(index_work_mutex_);
  // A transition a restart found has its delay from now.
  auto [it, added] = transition_deadlines_.try_emplace(key, now + std::chrono::milliseconds(transient_delay_millis_));
  if (it->second <= now) {
    transition_deadlines_.erase(it);
    return true;
  }
  if (!*next || it->second < **next) *next = it->second;
  return false;
}

void Engine::IndexWorker(std::stop_token stop) {
  // The earliest deadline of a transition still waiting for its delay.
  std::optional<std::chrono::steady_clock::time_point> next;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(index_work_mutex_);
      auto woken = [&] { return index_work_pending_; };
      if (next) {
        index_work_cv_.wait_until(lock, stop, *next, woken);
      } else {
        index_work_cv_.wait(lock, stop, woken);
      }
      if (stop.stop_requested()) return;
      index_work_pending_ = false;
    }
    next.reset();
    bool failed = false;
    for (const std::string& name : catalog_->Names()) {
      TableInfoPtr table = catalog_->Find(name);
      if (!table) continue;
      const std::string table_key = TransitionKey(*table, nullptr);
      try {
        if (table->status == TableStatus::kCreating || table->status == TableStatus::kDeleting) {
          if (TransitionDue(table_key, &next)) SettleTable(*table);
          continue;
        }
        for (const IndexInfo& index : table->indexes) {
          if (stop.stop_requested()) return;
          const bool waits = index.status == IndexStatus::kDeleting ||
                             (index.status == IndexStatus::kCreating && !index.backfilling);
          if (waits && !TransitionDue(TransitionKey(*table, &index), &next)) continue;
          if (index.status == IndexStatus::kCreating) BuildIndex(stop, *table, index);
          if (index.status == IndexStatus::kDeleting) DropIndex(*table, index);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "eddy: table %s: %s (retrying)\n", name.c_str(), e.what());
        failed = true;
      }
    }
    // A failed step (a storage error) is tried again a second later.
    if (failed) {
      const auto retry = std::chrono::steady_clock::now() + std::chrono::milliseconds(kIndexWorkRetryMillis);
      if (!next || retry < *next) next = retry;
      std::lock_guard lock(index_work_mutex_);
      index_work_pending_ = false;
    }
  }
}

void Engine::SettleTable(const TableInfo& table) {
  std::lock_guard lock(write_mutex_);
  TableInfoPtr live = catalog_->Find(table.name);
  if (!live || live->key_space.id != table.key_space.id) return;
  if (live->status == TableStatus::kDeleting) {
    RemoveTable(*live);
  } else if (live->status == TableStatus::kCreating) {
    EditTable(live->name, live->key_space.id, [](TableInfo* t, rocksdb::WriteBatch*) { t->status = TableStatus::kActive; });
  }
}

void Engine::EditTable(const std::string& name, uint64_t id,
                       const std::function<void(TableInfo*, rocksdb::WriteBatch*)>& edit) {
  TableInfoPtr current = catalog_->Find(name);
  if (!current || current->key_space.id != id) return;  // deleted (or re-created) meanwhile
  auto info = std::make_shared<TableInfo>(*current);
  rocksdb::WriteBatch batch;
  edit(info.get(), &batch);
  // A table being created or deleted keeps that status: SettleTable ends it.
  if (info->status != TableStatus::kCreating && info->status != TableStatus::kDeleting) {
    info->status = IndexesInTransition(*info) ? TableStatus::kUpdating : TableStatus::kActive;
  }
  catalog_->StageTable(*info, &batch);
  ThrowIfStorageError(CommitBatch(&batch));
  catalog_->Publish(info);
}

void Engine::BuildIndex(std::stop_token stop, const TableInfo& table, const IndexInfo& index) {
  const std::string& table_name = table.name;
  const std::string& index_name = index.name;
  const uint64_t table_id = table.key_space.id;
  if (!index.backfilling) {
    // The resource-allocation phase (the table UPDATING) is over.
    std::lock_guard lock(write_mutex_);
    EditTable(table_name, table_id, [&](TableInfo* t, rocksdb::WriteBatch*) {
      IndexInfo* i = FindIndex(t, index_name);
      if (i && i->status == IndexStatus::kCreating) i->backfilling = true;
    });
  }
  for (bool first = true;; first = false) {
    if (!first) std::this_thread::sleep_for(kBackfillPause);
    if (stop.stop_requested()) return;
    std::lock_guard lock(write_mutex_);
    TableInfoPtr live = catalog_->Find(table_name);
    const IndexInfo* building = live && live->key_space.id == table_id ? live->FindIndex(index_name) : nullptr;
    if (!building || building->status != IndexStatus::kCreating) return;
    if (BackfillChunk(*live, *building)) continue;
    building->stats->backfill_complete = true;
    EditTable(table_name, table_id, [&](TableInfo* t, rocksdb::WriteBatch*) {
      if (IndexInfo* i = FindIndex(t, index_name)) {
        i->status = IndexStatus::kActive;
        i->backfilling = false;
      }
    });
    return;
  }
}

bool Engine::BackfillChunk(const TableInfo& table, const IndexInfo& index) {
  IndexStats& stats = *index.stats;
  const std::string begin = storage::TablePrefix(table.key_space.id);
  const std::string end = storage::PrefixSuccessor(begin);
  rocksdb::Slice lower(begin), upper(end);
  auto it = store_->NewIterator(store_->items(), &lower, &upper);
  if (stats.backfilled_upto.empty()) {
    it->SeekToFirst();
  } else {
    it->Seek(stats.backfilled_upto);
    if (it->Valid() && it->key() == rocksdb::Slice(stats.backfilled_upto)) it->Next();
  }
  rocksdb::WriteBatch batch;
  int64_t count = 0, bytes = 0;
  std::string last;
  int items = 0;
  size_t chunk_bytes = 0;
  for (; it->Valid() && items < kBackfillChunk && chunk_bytes < kBackfillChunkBytes; it->Next(), ++items) {
    chunk_bytes += it->value().size();
    Item item;
    if (!storage::DecodeItem(it->value().ToStringView(), &item)) throw ApiError::Internal("corrupt item in storage");
    size_t size = 0;
    if (StageIndexEntry(table, index, item, it->key().ToStringView(), it->value().ToStringView(),
                        store_->indexes(), &batch, &size)) {
      ++count;
      bytes += static_cast<int64_t>(size);
    }
    last = it->key().ToString();
  }
  ThrowIfStorageError(it->status());
  if (items == 0) return false;
  ThrowIfStorageError(CommitBatch(&batch));
  stats.item_count += count;
  stats.size_bytes += bytes;
  stats.backfilled_upto = std::move(last);
  return true;
}

void Engine::DropIndex(const TableInfo& table, const IndexInfo& index) {
  const std::string& table_name = table.name;
  const std::string& index_name = index.name;
  const uint64_t table_id = table.key_space.id;
  std::lock_guard lock(write_mutex_);
  EditTable(table_name, table_id, [&](TableInfo* t, rocksdb::WriteBatch* batch) {
    for (auto i = t->indexes.begin(); i != t->indexes.end(); ++i) {
      if (i->name != index_name || i->status != IndexStatus::kDeleting) continue;
      StageIndexRemoval(*i, batch);
      catalog_->StageIndexStatsRemoval(*i, batch);
      t->indexes.erase(i);
      break;
    }
    // AttributeDefinitions keep only the attributes some key still uses.
    std::erase_if(t->attribute_definitions, [&](const AttributeDefinition& d) {
      if (IsKeyAttribute(t->key_space, d.name)) return false;
      return std::none_of(t->indexes.begin(), t->indexes.end(),
                          [&](const IndexInfo& i) { return IsKeyAttribute(i.key_space, d.name); });
    });
  });
}

void Engine::RestartBackfills() {
  for (const std::string& name : catalog_->Names()) {
    TableInfoPtr table = catalog_->Find(name);
    for (const IndexInfo& index : table->indexes) {
      if (index.status != IndexStatus::kCreating) continue;
      rocksdb::WriteBatch batch;
      StageIndexRemoval(index, &batch);
      ThrowIfStorageError(CommitBatch(&batch));
      index.stats->item_count = 0;
      index.stats->size_bytes = 0;
      index.stats->backfill_complete = false;
      index.stats->backfilled_upto.clear();
    }
  }
}

}  // namespace eddy

#include "engine/catalog.h"

#include <cstring>
#include <mutex>

#include "engine/catalog_format.h"

namespace eddy {
namespace {

constexpr std::string_view kTablePrefix = "table/";
constexpr std::string_view kStatsPrefix = "stats/";
constexpr std::string_view kNextTableIdKey = "meta/next_table_id";
constexpr std::string_view kCleanShutdownKey = "meta/clean_shutdown";

std::string TableKey(std::string_view name) { return std::string(kTablePrefix).append(name); }

std::string StatsKey(uint64_t id) {
  std::string key(kStatsPrefix);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(id >> shift));
  return key;
}

std::string EncodeU64Pair(uint64_t a, uint64_t b) {
  std::string out(16, '\0');
  std::memcpy(out.data(), &a, 8);
  std::memcpy(out.data() + 8, &b, 8);
  return out;
}

}  // namespace

rocksdb::Status Catalog::Load() {
  std::unique_lock lock(mutex_);
  auto it = store_.NewIterator(store_.catalog(), nullptr, nullptr);
  std::map<uint64_t, std::pair<int64_t, int64_t>> stats;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    std::string_view value = it->value().ToStringView();
    if (key.starts_with(kTablePrefix)) {
      auto info = std::make_shared<TableInfo>();
      std::string error;
      if (!ParseTable(value, info.get(), &error)) {
        return rocksdb::Status::Corruption("bad catalog entry " + std::string(key), error);
      }
      info->stats->live = info.get();
      tables_[info->name] = std::move(info);
    } else if (key.starts_with(kStatsPrefix) && value.size() == 16) {
      uint64_t id = 0;
      for (char c : key.substr(kStatsPrefix.size())) id = (id << 8) | static_cast<uint8_t>(c);
      int64_t count, bytes;
      std::memcpy(&count, value.data(), 8);
      std::memcpy(&bytes, value.data() + 8, 8);
      stats[id] = {count, bytes};
    } else if (key == kCleanShutdownKey) {
      stats_trusted_ = true;
    } else if (key == kNextTableIdKey && value.size() == 8) {
      std::memcpy(&next_table_id_, value.data(), 8);
    }
  }
  if (!it->status().ok()) return it->status();
  for (auto& [name, info] : tables_) {
    if (auto found = stats.find(info->key_space.id); found != stats.end()) {
      info->stats->item_count = found->second.first;
      info->stats->size_bytes = found->second.second;
    }
    for (const IndexInfo& index : info->indexes) {
      if (auto found = stats.find(index.key_space.id); found != stats.end()) {
        index.stats->item_count = found->second.first;
        index.stats->size_bytes = found->second.second;
      }
    }
  }
  return rocksdb::Status::OK();
}

TableInfoPtr Catalog::Find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::string> Catalog::Names() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> names;
  names.reserve(tables_.size());
  for (const auto& [name, info] : tables_) names.push_back(name);
  return names;
}

uint64_t Catalog::AllocateStorageId(rocksdb::WriteBatch* batch) {
  std::unique_lock lock(mutex_);
  uint64_t id = next_table_id_++;
  std::string value(8, '\0');
  std::memcpy(value.data(), &next_table_id_, 8);
  batch->Put(store_.catalog(), kNextTableIdKey, value).PermitUncheckedError();
  return id;
}

void Catalog::StageTable(const TableInfo& info, rocksdb::WriteBatch* batch) const {
  batch->Put(store_.catalog(), TableKey(info.name), SerializeTable(info)).PermitUncheckedError();
}

void Catalog::StageRemoval(const TableInfo& info, rocksdb::WriteBatch* batch) const {
  batch->Delete(store_.catalog(), TableKey(info.name)).PermitUncheckedError();
  batch->Delete(store_.catalog(), StatsKey(info.key_space.id)).PermitUncheckedError();
  for (const IndexInfo& index : info.indexes) StageIndexStatsRemoval(index, batch);
}

void Catalog::StageIndexStatsRemoval(const IndexInfo& index, rocksdb::WriteBatch* batch) const {
  batch->Delete(store_.catalog(), StatsKey(index.key_space.id)).PermitUncheckedError();
}

void Catalog::Publish(TableInfoPtr info) {
  std::unique_lock lock(mutex_);
  info->stats->live = info.get();
  tables_[info->name] = std::move(info);
}

void Catalog::Unpublish(std::string_view name) {
  std::unique_lock lock(mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return;
  it->second->stats->live = nullptr;
  tables_.erase(it);
}

void Catalog::StageShutdown(rocksdb::WriteBatch* batch) const {
  std::shared_lock lock(mutex_);
  auto stage = [&](uint64_t id, int64_t count, int64_t bytes) {
    batch->Put(store_.catalog(), StatsKey(id),
               EncodeU64Pair(static_cast<uint64_t>(count), static_cast<uint64_t>(bytes)))
        .PermitUncheckedError();
  };
  for (const auto& [name, info] : tables_) {
    stage(info->key_space.id, info->stats->item_count.load(), info->stats->size_bytes.load());
    for (const IndexInfo& index : info->indexes) {
      stage(index.key_space.id, index.stats->item_count.load(), index.stats->size_bytes.load());
    }
  }
  batch->Put(store_.catalog(), kCleanShutdownKey, "").PermitUncheckedError();
}

void Catalog::StageOpened(rocksdb::WriteBatch* batch) const {
  batch->Delete(store_.catalog(), kCleanShutdownKey).PermitUncheckedError();
}

}  // namespace eddy

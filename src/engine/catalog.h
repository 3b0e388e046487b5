// Catalog: the tables, in memory for lock-free-ish lookups on every request
// and persisted in the "catalog" column family (storage/layout.h) so a
// restart keeps them. Lookups take a shared lock and copy a shared_ptr;
// changes (rare) take the unique lock and write through to RocksDB first.
#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include <rocksdb/status.h>
#include <rocksdb/write_batch.h>

#include "engine/table_info.h"
#include "storage/store.h"

namespace eddy {

class Catalog {
 public:
  explicit Catalog(storage::Store& store) : store_(store) {}

  // Reads every table and its counters from the store.
  rocksdb::Status Load();

  // Null when there is no such table.
  TableInfoPtr Find(std::string_view name) const;
  // Table names in ascending order.
  std::vector<std::string> Names() const;

  // A fresh storage id for a new table or index (persisted, never reused).
  uint64_t AllocateStorageId(rocksdb::WriteBatch* batch);
  // Adds the table's persisted form to `batch`; Publish makes it visible.
  void StageTable(const TableInfo& info, rocksdb::WriteBatch* batch) const;
  void StageRemoval(const TableInfo& info, rocksdb::WriteBatch* batch) const;
  // The saved counters of a deleted index.
  void StageIndexStatsRemoval(const IndexInfo& index, rocksdb::WriteBatch* batch) const;
  void Publish(TableInfoPtr info);
  void Unpublish(std::string_view name);

  // Table counters (ItemCount, TableSizeBytes) live in memory and are
  // persisted only at a clean shutdown, with a marker: writing them with
  // every item would cost each write a second memtable insert. After a crash
  // (no marker) the engine recounts them from the items.
  bool stats_trusted() const { return stats_trusted_; }
  // Every table's counters and the clean-shutdown marker.
  void StageShutdown(rocksdb::WriteBatch* batch) const;
  // Removes the marker: from now on a crash leaves the counters untrusted.
  void StageOpened(rocksdb::WriteBatch* batch) const;

 private:
  storage::Store& store_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, TableInfoPtr, std::less<>> tables_;
  uint64_t next_table_id_ = 1;
  bool stats_trusted_ = false;
};

}  // namespace eddy

#include "storage/store.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <vector>

#include "storage/layout.h"

namespace eddy::storage {
namespace {

rocksdb::ColumnFamilyOptions ItemsOptions() {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  // GetItem of a missing key should not touch data blocks.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Small memtables keep an idle eddy small; RocksDB allocates them lazily.
  options.write_buffer_size = 32 << 20;
  // Every write first looks up the old item; for a new key, a memtable bloom
  // filter answers "absent" without walking the skiplist.
  options.memtable_whole_key_filtering = true;
  options.memtable_prefix_bloom_size_ratio = 0.02;
  return options;
}

rocksdb::ColumnFamilyOptions IndexesOptions() {
  rocksdb::ColumnFamilyOptions options;
  // Index entries are only ever read by range (Query, Scan), and written
  // without a read first: no bloom filters.
  options.write_buffer_size = 32 << 20;
  // No memtable_insert_with_hint_prefix_extractor: in this RocksDB (7.8)
  // the hints are shared with the range-tombstone memtable, and a
  // DeleteRange (dropping an index or a table) then corrupts the skiplist.
  return options;
}

}  // namespace

std::unique_ptr<Store> Store::Open(const std::string& dir, std::string* error) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 2;
  options.max_manifest_file_size = 16 << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {std::string(kItemsColumnFamily), ItemsOptions()},
      {std::string(kCatalogColumnFamily), rocksdb::ColumnFamilyOptions()},
      {std::string(kStreamsColumnFamily), rocksdb::ColumnFamilyOptions()},
      {std::string(kIndexesColumnFamily), IndexesOptions()},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, dir, families, &handles, &raw);
  if (!status.ok()) {
    *error = status.ToString();
    return nullptr;
  }
  std::unique_ptr<Store> store(new Store());
  store->db_.reset(raw);
  store->default_ = handles[0];
  store->items_ = handles[1];
  store->catalog_ = handles[2];
  store->streams_ = handles[3];
  store->indexes_ = handles[4];
  return store;
}

Store::~Store() {
  if (!db_) return;
  for (auto* handle : {items_, catalog_, streams_, indexes_, default_}) db_->DestroyColumnFamilyHandle(handle);
  db_->Close().PermitUncheckedError();
}

rocksdb::Status Store::Write(rocksdb::WriteBatch* batch) const {
  return db_->Write(rocksdb::WriteOptions(), batch);
}

rocksdb::Status Store::Get(rocksdb::ColumnFamilyHandle* family, const rocksdb::Slice& key,
                           rocksdb::PinnableSlice* value, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  return db_->Get(options, family, key, value);
}

std::unique_ptr<rocksdb::Iterator> Store::NewIterator(rocksdb::ColumnFamilyHandle* family,
                                                      const rocksdb::Slice* lower,
                                                      const rocksdb::Slice* upper,
                                                      const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  options.iterate_lower_bound = lower;
  options.iterate_upper_bound = upper;
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(options, family));
}

}  // namespace eddy::storage

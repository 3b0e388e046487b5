// Store: owns the RocksDB database and its column families (layout in
// storage/layout.h). A thin wrapper: it opens, configures and closes the
// database and never throws; callers check rocksdb::Status. Writes use the
// WAL without fsync: an acknowledged write is in the OS page cache, so it
// survives kill -9 of eddy (not a power cut, as with DynamoDB Local).
#pragma once

#include <memory>
#include <string>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

namespace eddy::storage {

class Store {
 public:
  // Opens (creating if missing) the database in `dir`. Returns null and
  // sets *error on failure.
  static std::unique_ptr<Store> Open(const std::string& dir, std::string* error);
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* items() const { return items_; }
  rocksdb::ColumnFamilyHandle* catalog() const { return catalog_; }
  rocksdb::ColumnFamilyHandle* streams() const { return streams_; }
  rocksdb::ColumnFamilyHandle* indexes() const { return indexes_; }

  rocksdb::Status Write(rocksdb::WriteBatch* batch) const;
  // Reads see `snapshot` when given, else the latest state.
  rocksdb::Status Get(rocksdb::ColumnFamilyHandle* family, const rocksdb::Slice& key,
                      rocksdb::PinnableSlice* value, const rocksdb::Snapshot* snapshot = nullptr) const;
  // An iterator over [lower, upper) of `family`; null upper means unbounded.
  // The bounds' storage must outlive the iterator, so the caller owns them.
  std::unique_ptr<rocksdb::Iterator> NewIterator(rocksdb::ColumnFamilyHandle* family,
                                                 const rocksdb::Slice* lower,
                                                 const rocksdb::Slice* upper,
                                                 const rocksdb::Snapshot* snapshot = nullptr) const;

 private:
  Store() = default;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::ColumnFamilyHandle* items_ = nullptr;
  rocksdb::ColumnFamilyHandle* catalog_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* indexes_ = nullptr;
  rocksdb::ColumnFamilyHandle* default_ = nullptr;
};

}  // namespace eddy::storage

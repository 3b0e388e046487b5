// Engine: the facade that the server (and later streams, TTL and functions)
// call. It owns the store and the catalog, runs every item write through one
// write path (read old item, check condition, Apply, one WriteBatch with the
// item and the table's counters, commit) under one write lock, and serves
// reads without locks from RocksDB's implicit snapshots.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "engine/read_spec.h"
#include "engine/table_info.h"
#include "engine/write_op.h"
#include "storage/store.h"

namespace eddy {

class Catalog;

struct EngineOptions {
  std::string data_dir;
  Clock* clock = nullptr;  // required; outlives the engine
};

struct WriteOutcome {
  bool condition_failed = false;
  std::optional<Item> old_item;  // the item before the write, if there was one
  std::optional<Item> new_item;  // the item after the write, if it exists
};

class Engine {
 public:
  // Opens the data directory. Throws std::runtime_error on failure.
  static std::unique_ptr<Engine> Open(const EngineOptions& options);
  ~Engine();

  const Clock& clock() const { return *clock_; }

  // --- Tables. Throw ApiError (ResourceNotFound, ResourceInUse). ---
  // `spec` has everything but the ids and timestamps, which are assigned here.
  TableInfoPtr CreateTable(TableInfo spec);
  TableInfoPtr DeleteTable(std::string_view name);
  // Replaces the table's settings (same name, id and keys) with `updated`.
  TableInfoPtr UpdateTable(TableInfo updated);
  // The table, or throws ResourceNotFoundException with `not_found_message`.
  TableInfoPtr GetTable(std::string_view name,
                        std::string_view not_found_message = "Requested resource not found") const;
  TableInfoPtr FindTable(std::string_view name) const;
  std::vector<std::string> TableNames() const;

  // --- Items. ---
  // Applies one change. A failed ConditionExpression is a value
  // (condition_failed with old_item), not an exception.
  WriteOutcome Write(const TableInfo& table, const WriteOp& op);
  std::optional<Item> GetItem(const TableInfo& table, const PrimaryKey& key) const;
  ReadPage Query(const TableInfo& table, const QuerySpec& spec) const;
  ReadPage Scan(const TableInfo& table, const ScanSpec& spec) const;

 private:
  Engine(std::unique_ptr<storage::Store> store, Clock* clock);
  ReadPage ReadRange(const TableInfo& table, const RangeSpec& range, const ReadOptions& options) const;

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Catalog> catalog_;
  Clock* clock_;
  // Serializes item writes and table changes: commit order is the order of
  // this lock, which the stream log will rely on.
  std::mutex write_mutex_;
};

}  // namespace eddy

// TableInfo: everything eddy keeps about a table besides its items. Immutable
// once published: the catalog swaps in a new shared_ptr on UpdateTable, so
// readers hold a consistent snapshot without locks.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/table_schema.h"

namespace eddy {

enum class BillingMode { kProvisioned, kPayPerRequest };

struct AttributeDefinition {
  std::string name;
  AttributeType type = AttributeType::kString;
};

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

// Stream settings as UpdateTable/CreateTable stored them. The stream itself
// (records, shards) is engine/streams work; here is what DescribeTable shows.
struct StreamSettings {
  bool enabled = false;
  std::string view_type;  // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
  std::string label;      // ISO-8601 timestamp with milliseconds, of the latest stream
};

// UpdateTimeToLive's settings (DescribeTimeToLive shows them).
struct TtlSettings {
  bool enabled = false;
  std::string attribute;  // the top-level attribute holding epoch seconds
};

// One stream of the table. Enabling a stream creates a new one; disabling
// closes it, and a closed stream stays readable for 24 hours.
struct StreamDescriptor {
  std::string label;          // ISO-8601 creation time with milliseconds
  std::string view_type;
  int64_t created_millis = 0;
  int64_t closed_millis = 0;  // 0 while the stream is enabled
  // Every record of the stream has a sequence number at least this: the
  // shard's fixed StartingSequenceNumber, even while it is empty.
  uint64_t start_sequence = 0;
};

// Live counters behind DescribeTable's ItemCount and TableSizeBytes. Shared
// by every version of a table's TableInfo; changed only under the engine's
// write lock and persisted in the same write batch as the item.
struct TableStats {
  std::atomic<int64_t> item_count{0};
  std::atomic<int64_t> size_bytes{0};
  // The version of the table the catalog publishes now, or null once the
  // table is deleted. Changed only under the engine's write lock, and read
  // under it by writes (their TableInfo may be an older version).
  std::atomic<const struct TableInfo*> live{nullptr};
};

// Counters behind an index's ItemCount and IndexSizeBytes; like TableStats,
// shared by every version of the table's TableInfo and changed only under
// the engine's write lock.
struct IndexStats {
  std::atomic<int64_t> item_count{0};
  std::atomic<int64_t> size_bytes{0};
  // A GSI added by UpdateTable is filled from the table's items in the
  // background, in item-key order. Until it is complete, the item keys up
  // to backfilled_upto (inclusive; "" = none yet) are indexed and kept so by
  // writes, and the rest are left to the backfill, so every item is indexed
  // exactly once. Both guarded by the engine's write lock.
  bool backfill_complete = true;
  std::string backfilled_upto;
};

enum class ProjectionType { kAll, kKeysOnly, kInclude };

// A global index's lifecycle (local indexes are always active). DynamoDB
// names these IndexStatus.
enum class IndexStatus { kCreating, kActive, kDeleting };

// A table's status (TableStatus in DescribeTable).
enum class TableStatus { kCreating, kUpdating, kActive, kDeleting };

// One secondary index. Its entries live in the "indexes" column family
// under key_space.id (storage/layout.h).
struct IndexInfo {
  std::string name;
  bool global = true;     // a GSI; false for an LSI
  KeySpace key_space;     // is_index true
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE's NonKeyAttributes
  ProvisionedThroughput throughput;             // GSIs of PROVISIONED tables
  IndexStatus status = IndexStatus::kActive;
  // While CREATING: existing items are still being added (Backfilling).
  bool backfilling = false;
  std::shared_ptr<IndexStats> stats = std::make_shared<IndexStats>();
};

struct TableInfo {
  std::string name;
  KeySpace key_space;     // the items' keys (is_index false)
  std::string table_id;   // DynamoDB's TableId, a UUID
  std::vector<AttributeDefinition> attribute_definitions;
  BillingMode billing_mode = BillingMode::kProvisioned;
  ProvisionedThroughput throughput;
  int64_t creation_millis = 0;
  int64_t billing_mode_updated_millis = 0;
  StreamSettings stream;
  // Every stream the table has had that may still be readable, oldest first;
  // the last one is the current stream when stream.enabled.
  std::vector<StreamDescriptor> streams;
  TtlSettings ttl;
  std::map<std::string, std::string> tags;  // TagResource / CreateTable Tags
  // Secondary indexes: LSIs and GSIs, in the order CreateTable and
  // UpdateTable gave them.
  std::vector<IndexInfo> indexes;
  TableStatus status = TableStatus::kActive;

  // The keys a read of `index` (null: the table itself) goes by.
  const KeySpace& KeySpaceOf(const IndexInfo* index) const;

  // The index named `name`, or null.
  const IndexInfo* FindIndex(std::string_view name) const {
    for (const IndexInfo& index : indexes) {
      if (index.name == name) return &index;
    }
    return nullptr;
  }
  std::shared_ptr<TableStats> stats = std::make_shared<TableStats>();
};

using TableInfoPtr = std::shared_ptr<const TableInfo>;

// DynamoDB's names of projections and statuses, which are also their
// stored form in the catalog.
std::string_view ProjectionTypeName(ProjectionType type);
std::string_view IndexStatusName(IndexStatus status);
std::string_view TableStatusName(TableStatus status);
std::optional<ProjectionType> ProjectionTypeFromName(std::string_view name);
std::optional<IndexStatus> IndexStatusFromName(std::string_view name);
std::optional<TableStatus> TableStatusFromName(std::string_view name);

// Whether an index of `table` is in the phase that keeps the table UPDATING:
// being deleted, or created and not yet backfilling (DynamoDB's
// resource-allocation phase; the table is ACTIVE again during a backfill).
inline bool IndexesInTransition(const TableInfo& table) {
  for (const IndexInfo& index : table.indexes) {
    if (index.status == IndexStatus::kDeleting) return true;
    if (index.status == IndexStatus::kCreating && !index.backfilling) return true;
  }
  return false;
}

}  // namespace eddy

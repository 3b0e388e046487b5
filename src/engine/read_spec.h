// What a Query or Scan asks for, and one page of its answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/attribute_value.h"
#include "expr/condition.h"
#include "expr/key_condition.h"
#include "expr/projection.h"

namespace eddy {

// DynamoDB stops a Query or Scan page once it has read 1 MB of items.
inline constexpr size_t kMaxPageBytes = 1024 * 1024;

struct IndexInfo;

// Options common to Query and Scan.
struct ReadOptions {
  // The secondary index to read (IndexName), or null for the table itself.
  // Points into the TableInfo the read is given.
  const IndexInfo* index = nullptr;
  // Reading an LSI: read each item from the table as well, for attributes
  // the index does not project (Select ALL_ATTRIBUTES, or a
  // ProjectionExpression or FilterExpression beyond the projection).
  bool fetch_from_table = false;
  // With fetch_from_table and no projection: answer the whole item
  // (ALL_ATTRIBUTES), not the index's projection of it.
  bool all_attributes = false;
  int64_t limit = 0;                                   // items evaluated; 0 = no limit
  std::optional<AttributeMap> exclusive_start_key;     // validated by the engine
  const expr::Condition* filter = nullptr;             // FilterExpression
  const expr::Projection* projection = nullptr;        // ProjectionExpression
  bool count_only = false;                             // Select=COUNT
};

struct QuerySpec {
  ReadOptions options;
  const expr::KeyCondition* key_condition = nullptr;   // required
  bool forward = true;                                 // ScanIndexForward
};

struct ScanSpec {
  ReadOptions options;
  uint32_t segment = 0;
  uint32_t total_segments = 1;
};

// A bounded key range of one key space (items or index entries).
struct RangeSpec {
  std::string lower;  // inclusive
  std::string upper;  // exclusive; empty = end of the table
  bool forward = true;
};

struct ReadPage {
  std::vector<Item> items;  // matched the filter, projected (empty with count_only)
  int64_t count = 0;        // items that matched the filter
  int64_t scanned = 0;      // items evaluated
  size_t bytes_read = 0;    // item (or index entry) sizes read, for capacity units
  size_t table_bytes_read = 0;  // items read from the table for an LSI (fetch_from_table)
  std::optional<Item> last_evaluated_key;
};

}  // namespace eddy

// ReturnConsumedCapacity: DynamoDB's capacity-unit arithmetic and the
// ConsumedCapacity object. Writes cost 1 WCU per started KB of the larger of
// the old and new item; reads cost 1 RCU per started 4 KB (strongly
// consistent) or half that (eventually consistent), at least one unit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "engine/engine.h"

namespace eddy {

enum class CapacityMode { kNone, kTotal, kIndexes };

// Reads and validates ReturnConsumedCapacity (INDEXES | TOTAL | NONE).
CapacityMode ReadCapacityMode(const JsonValue& request);

// ReturnItemCollectionMetrics (SIZE | NONE): true for SIZE.
bool ReadItemCollectionMetrics(const JsonValue& request);

// Whether a write to `table` answers ItemCollectionMetrics: SIZE was asked
// and the table has a local secondary index (DynamoDB's rule).
bool HasItemCollections(const TableInfo& table);

// One ItemCollectionMetrics object for the collection of the item with key
// `key`: {"ItemCollectionKey": {<hash>: ...}, "SizeEstimateRangeGB": [lo, hi]}.
void WriteItemCollectionMetrics(JsonWriter& w, const Engine& engine, const TableInfo& table,
                                const AttributeValue& partition);

double WriteCapacityUnits(size_t item_bytes);
double ReadCapacityUnits(size_t item_bytes, bool consistent_read);

// What one request consumed: the table's units and each index's. INDEXES
// reports them apart; TOTAL and the CapacityUnits member add them up.
struct IndexCapacity {
  std::string name;
  bool global = true;
  double units = 0;
};
struct CapacityUse {
  double table = 0;
  std::vector<IndexCapacity> indexes;
  double Total() const;
  // Adds `other`, index by index (BatchWriteItem's per-table sums).
  void Add(const CapacityUse& other);
};

// A write's units: the table's for the larger of the old and new item, and
// each changed index's (engine/index_entries.h).
CapacityUse WriteCapacityOf(const WriteOutcome& outcome);

// Writes "ConsumedCapacity": {...} (nothing for kNone).
void WriteConsumedCapacity(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                           const CapacityUse& use, bool is_read);
// One element of a batch's ConsumedCapacity array.
void WriteCapacityObject(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                         const CapacityUse& use, bool is_read);

}  // namespace eddy

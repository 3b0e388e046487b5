// ReturnConsumedCapacity and ReturnItemCollectionMetrics on the wire: the
// request members and the response objects (the arithmetic is in
// ops/capacity.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "engine/engine.h"
#include "ops/capacity.h"

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

// Writes "ConsumedCapacity": {...} (nothing for kNone).
void WriteConsumedCapacity(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                           const CapacityUse& use, bool is_read);
// One element of a batch's ConsumedCapacity array.
void WriteCapacityObject(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                         const CapacityUse& use, bool is_read);
// "ConsumedCapacity": [...] with one element per table (nothing for kNone).
void WriteCapacityList(JsonWriter& w, CapacityMode mode, const std::vector<TableCapacity>& list, bool is_read);

}  // namespace eddy

// ReturnConsumedCapacity: DynamoDB's capacity-unit arithmetic and the
// ConsumedCapacity object. Writes cost 1 WCU per started KB of the larger of
// the old and new item; reads cost 1 RCU per started 4 KB (strongly
// consistent) or half that (eventually consistent), at least one unit.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/json.h"

namespace eddy {

enum class CapacityMode { kNone, kTotal, kIndexes };

// Reads and validates ReturnConsumedCapacity (INDEXES | TOTAL | NONE).
CapacityMode ReadCapacityMode(const JsonValue& request);

// ReturnItemCollectionMetrics (SIZE | NONE) is validated; eddy has no
// local secondary indexes, so it never returns ItemCollectionMetrics.
void CheckItemCollectionMetrics(const JsonValue& request);

double WriteCapacityUnits(size_t item_bytes);
double ReadCapacityUnits(size_t item_bytes, bool consistent_read);

// Writes "ConsumedCapacity": {...} (nothing for kNone).
void WriteConsumedCapacity(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                           double units, bool is_read);
// One element of a batch's ConsumedCapacity array.
void WriteCapacityObject(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                         double units, bool is_read);

}  // namespace eddy

// Index maintenance: what one item change does to its table's secondary
// indexes. A pure function of (old item, new item) that yields puts and
// deletes for the item's own WriteBatch, so an index entry exists exactly
// when its item does, whatever crashes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rocksdb/write_batch.h>

#include "core/attribute_value.h"
#include "engine/table_info.h"

namespace eddy {

// Checks the index key attributes of an item about to be stored: an
// attribute that is a key of an index must have the key's type and must not
// be an empty string or binary. An item without the attribute is simply not
// in that index (sparse indexes). Throws ApiError (ValidationException);
// `by_update` selects the message DynamoDB gives when an UpdateExpression
// made the value.
void CheckIndexKeys(const TableInfo& table, const Item& item, bool by_update = false);

// What `index` stores for `item`: the table's and the index's key
// attributes plus the projected ones.
Item ProjectForIndex(const TableInfo& table, const IndexInfo& index, const Item& item);

// Whether `name` is stored in `index` (a key attribute or a projected one).
bool IsProjected(const TableInfo& table, const IndexInfo& index, std::string_view name);

// The key of `item`'s entry in `index`, or nothing when the item lacks one
// of the index's key attributes. `item_key` is the item's storage key.
std::optional<std::string> IndexEntryKeyOf(const IndexInfo& index, const Item& item,
                                           std::string_view item_key);

// One index entry: its key in the "indexes" column family, its stored value
// (the projected item) and that item's DynamoDB size.
struct IndexEntry {
  std::string key;
  std::string value;
  size_t size = 0;
};

// `item`'s entry in each index of `table` (in table.indexes' order), or
// nothing where it has none. `encoded` is the item's stored form, reused by
// indexes that project everything.
std::vector<std::optional<IndexEntry>> IndexEntriesOf(const TableInfo& table, const Item& item,
                                                      std::string_view item_key, std::string_view encoded);

// Adds `item`'s entry in `index` to `batch` (the backfill of a new index);
// false when the item has none. `encoded` is the item's stored form.
bool StageIndexEntry(const TableInfo& table, const IndexInfo& index, const Item& item, std::string_view item_key,
                     std::string_view encoded, rocksdb::ColumnFamilyHandle* family, rocksdb::WriteBatch* batch,
                     size_t* entry_size);

// The effect of one item change on one index, for its counters and for
// ReturnConsumedCapacity.
struct IndexChange {
  std::string index_name;
  bool global = true;
  // Valid only under the engine's write lock (the table's version may be
  // replaced once it is released): the engine applies the deltas there.
  IndexStats* stats = nullptr;
  int64_t count_delta = 0;
  int64_t size_delta = 0;
  // DynamoDB's write units for the index: one write per entry put or
  // deleted, each 1 unit per started KB of the projected item.
  double write_units = 0;
};

// Adds to `batch` (column family `family`) the index puts and deletes for
// an item going from `old_item` to `new_item` (either may be null).
// `old_encoded` and `new_encoded` are their stored forms, reused for indexes
// that project everything. `new_entries`, when given, are
// IndexEntriesOf(table, *new_item, ...), computed before the write lock.
// Appends one IndexChange per index it touched.
void StageIndexChanges(const TableInfo& table, std::string_view item_key, const Item* old_item,
                       std::string_view old_encoded, const Item* new_item, std::string_view new_encoded,
                       const std::vector<std::optional<IndexEntry>>* new_entries,
                       rocksdb::ColumnFamilyHandle* family, rocksdb::WriteBatch* batch,
                       std::vector<IndexChange>* changes);

}  // namespace eddy

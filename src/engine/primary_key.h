// PrimaryKey: an item's key attributes, validated against a table's key
// space with DynamoDB's messages, and its storage key. Index key attributes
// are checked by engine/index_entries.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/attribute_value.h"
#include "core/table_schema.h"
#include "engine/table_info.h"
#include "expr/path.h"

namespace eddy {

// DynamoDB's key size limits (bytes of the value, as item_size counts it).
inline constexpr size_t kMaxPartitionKeyBytes = 2048;
inline constexpr size_t kMaxSortKeyBytes = 1024;

struct PrimaryKey {
  AttributeValue hash;
  std::optional<AttributeValue> range;
  std::string storage_key;  // storage::ItemKey(space, hash, range)
};

// DynamoDB's key size limits, with its messages: `size` is one partition
// key value's, or the sort key values' together. Throws ApiError.
void CheckKeySize(size_t size, bool is_hash);

// The key of an item being written (PutItem, BatchWriteItem PutRequest):
// every key attribute present with the declared type. Throws ApiError.
PrimaryKey KeyOfItem(const KeySpace& table, const Item& item);

// A `Key` parameter (GetItem, DeleteItem, UpdateItem, DeleteRequest): exactly
// the key attributes with the declared types. Throws ApiError.
PrimaryKey KeyFromKeyParameter(const KeySpace& table, const AttributeMap& key);

// The key attributes of `space` that `item` has, as LastEvaluatedKey
// carries them (added to `*keys`).
void AddKeyAttributes(const KeySpace& space, const Item& item, Item* keys);
inline Item KeyAttributesOf(const KeySpace& space, const Item& item) {
  Item keys;
  AddKeyAttributes(space, item, &keys);
  return keys;
}

// True when `name` is one of the key space's key attribute names.
bool IsKeyAttribute(const KeySpace& space, std::string_view name);

// DynamoDB refuses an expression path that reaches into a key attribute of
// the table ("Key: a") or of one of its indexes ("IndexKey: d"), such as
// "a.b" or "d[0]": key attributes are scalars.
void CheckKeyPathsAreScalar(const TableInfo& table, const std::vector<const expr::Path*>& paths);

}  // namespace eddy

// PrimaryKey: an item's key attributes, validated against the table's key
// schema with DynamoDB's messages, and its storage key.
#pragma once

#include <optional>
#include <string>

#include "core/attribute_value.h"
#include "engine/table_info.h"

namespace eddy {

// DynamoDB's key size limits (bytes of the value, as item_size counts it).
inline constexpr size_t kMaxPartitionKeyBytes = 2048;
inline constexpr size_t kMaxSortKeyBytes = 1024;

struct PrimaryKey {
  AttributeValue hash;
  std::optional<AttributeValue> range;
  std::string storage_key;  // storage::ItemKey(table id, hash, range)
};

// The key of an item being written (PutItem, BatchWriteItem PutRequest):
// every key attribute present with the declared type. Throws ApiError.
PrimaryKey KeyOfItem(const TableInfo& table, const Item& item);

// A `Key` parameter (GetItem, DeleteItem, UpdateItem, DeleteRequest): exactly
// the key attributes with the declared types. Throws ApiError.
PrimaryKey KeyFromKeyParameter(const TableInfo& table, const AttributeMap& key);

// The key attributes of a stored item, as LastEvaluatedKey carries them.
Item KeyAttributesOf(const TableInfo& table, const Item& item);

// True when `name` is one of the table's key attribute names.
bool IsKeyAttribute(const TableInfo& table, std::string_view name);

}  // namespace eddy

#include "engine/primary_key.h"

#include "core/api_error.h"
#include "core/item_size.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

// Rules shared by items and Key parameters: no empty S/B key values, and the
// partition and sort key size limits.
void CheckKeyValue(const KeyAttribute& attribute, const AttributeValue& value, bool is_hash) {
  const bool empty = (value.type == AttributeType::kString || value.type == AttributeType::kBinary) &&
                     value.as_string().empty();
  if (empty) {
    throw ApiError::Validation(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (value.type == AttributeType::kString ? "string" : "binary") +
        " value. Key: " + attribute.name);
  }
  CheckKeySize(AttributeValueSize(value), is_hash);
}

const AttributeValue& ItemKeyValue(const KeyAttribute& attribute, const Item& item) {
  auto it = item.find(attribute.name);
  if (it == item.end()) {
    throw ApiError::ItemValidation("One or more parameter values were invalid: Missing the key " +
                                   attribute.name + " in the item");
  }
  if (it->second.type != attribute.type) {
    throw ApiError::ItemValidation("One or more parameter values were invalid: Type mismatch for key " +
                                   attribute.name + " expected: " + std::string(TypeDescriptor(attribute.type)) +
                                   " actual: " + std::string(TypeDescriptor(it->second.type)));
  }
  return it->second;
}

const AttributeValue& ParameterKeyValue(const KeyAttribute& attribute, const AttributeMap& key) {
  auto it = key.find(attribute.name);
  if (it == key.end() || it->second.type != attribute.type) {
    throw ApiError::ItemValidation("The provided key element does not match the schema");
  }
  return it->second;
}

PrimaryKey MakeKey(const KeySpace& table, const AttributeValue& hash, const AttributeValue* range) {
  CheckKeyValue(table.schema.hash, hash, true);
  if (range) CheckKeyValue(*table.schema.range, *range, false);
  PrimaryKey key{hash, std::nullopt, storage::ItemKey(table, hash, range)};
  if (range) key.range = *range;
  return key;
}

}  // namespace

void CheckKeySize(size_t size, bool is_hash) {
  if (is_hash && size > kMaxPartitionKeyBytes) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
        "limit of2048 bytes");
  }
  if (!is_hash && size > kMaxSortKeyBytes) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
  }
}

PrimaryKey KeyOfItem(const KeySpace& table, const Item& item) {
  const auto& schema = table.schema;
  const AttributeValue& hash = ItemKeyValue(schema.hash, item);
  const AttributeValue* range = schema.range ? &ItemKeyValue(*schema.range, item) : nullptr;
  return MakeKey(table, hash, range);
}

PrimaryKey KeyFromKeyParameter(const KeySpace& table, const AttributeMap& key) {
  const auto& schema = table.schema;
  const size_t expected = schema.range ? 2 : 1;
  if (key.size() != expected) {
    throw ApiError::ItemValidation("The provided key element does not match the schema");
  }
  const AttributeValue& hash = ParameterKeyValue(schema.hash, key);
  const AttributeValue* range = schema.range ? &ParameterKeyValue(*schema.range, key) : nullptr;
  return MakeKey(table, hash, range);
}

void AddKeyAttributes(const KeySpace& space, const Item& item, Item* keys) {
  const auto& schema = space.schema;
  if (auto it = item.find(schema.hash.name); it != item.end()) keys->insert(*it);
  if (schema.range) {
    if (auto it = item.find(schema.range->name); it != item.end()) keys->insert(*it);
  }
  for (const auto* more : {&schema.more_hash, &schema.more_range}) {
    for (const KeyAttribute& key : *more) {
      if (auto it = item.find(key.name); it != item.end()) keys->insert(*it);
    }
  }
}

bool IsKeyAttribute(const KeySpace& space, std::string_view name) {
  const auto& schema = space.schema;
  if (schema.hash.name == name || (schema.range && schema.range->name == name)) return true;
  for (const auto* more : {&schema.more_hash, &schema.more_range}) {
    for (const KeyAttribute& key : *more) {
      if (key.name == name) return true;
    }
  }
  return false;
}

void CheckKeyPathsAreScalar(const TableInfo& table, const std::vector<const expr::Path*>& paths) {
  for (const expr::Path* path : paths) {
    if (path->size() < 2) continue;
    const std::string& name = path->front().name;
    const char* kind = nullptr;
    if (IsKeyAttribute(table.key_space, name)) {
      kind = "Key";
    } else {
      for (const IndexInfo& index : table.indexes) {
        if (IsKeyAttribute(index.key_space, name)) kind = "IndexKey";
      }
    }
    if (kind) {
      throw ApiError::Validation(
          "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: " +
          std::string(kind) + ": " + name);
    }
  }
}

}  // namespace eddy

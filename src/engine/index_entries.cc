#include "engine/index_entries.h"

#include <algorithm>

#include "core/api_error.h"
#include "core/item_size.h"
#include "engine/engine.h"
#include "engine/primary_key.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

void CheckIndexKey(const IndexInfo& index, const KeyAttribute& key, const Item& item, bool by_update) {
  auto it = item.find(key.name);
  if (it == item.end()) return;
  const AttributeValue& value = it->second;
  if (value.type != key.type) {
    throw ApiError::ItemValidation("One or more parameter values were invalid: Type mismatch for Index Key " +
                                   key.name + " Expected: " + std::string(TypeDescriptor(key.type)) +
                                   " Actual: " + std::string(TypeDescriptor(value.type)) +
                                   " IndexName: " + index.name);
  }
  if ((value.type == AttributeType::kString || value.type == AttributeType::kBinary) &&
      value.as_string().empty()) {
    if (by_update) {
      // Not a transaction's cancellation reason: it fails the request.
      throw ApiError::RequestValidation(
          std::string("One or more parameter values are not valid. The update expression attempted to "
                      "update a secondary index key to a value that is not supported. The AttributeValue "
                      "for a key attribute cannot contain an empty ") +
          (value.type == AttributeType::kString ? "string" : "binary") + " value.");
    }
    throw ApiError::Validation(
        std::string("One or more parameter values are not valid. A value specified for a secondary "
                    "index key is not supported. The AttributeValue for a key attribute cannot "
                    "contain an empty ") +
        (value.type == AttributeType::kString ? "string" : "binary") +
        " value. IndexName: " + index.name + ", IndexKey: " + key.name);
  }
}

// One index's key attributes of the item: types, empty values, key sizes.
void CheckIndexKeysOf(const IndexInfo& index, const Item& item, bool by_update) {
  const KeySchema& schema = index.key_space.schema;
  for (const KeyAttribute* key : schema.HashParts()) {
    CheckIndexKey(index, *key, item, by_update);
    if (auto it = item.find(key->name); it != item.end()) CheckKeySize(AttributeValueSize(it->second), true);
  }
  size_t range_bytes = 0;
  for (const KeyAttribute* key : schema.RangeParts()) {
    CheckIndexKey(index, *key, item, by_update);
    if (auto it = item.find(key->name); it != item.end()) range_bytes += AttributeValueSize(it->second);
  }
  CheckKeySize(range_bytes, false);
}

std::optional<IndexEntry> EntryOf(const TableInfo& table, const IndexInfo& index, const Item& item,
                                  std::string_view item_key, std::string_view encoded) {
  std::optional<std::string> key = IndexEntryKeyOf(index, item, item_key);
  if (!key) return std::nullopt;
  IndexEntry entry{std::move(*key), {}, 0};
  if (index.projection == ProjectionType::kAll && !encoded.empty()) {
    entry.value.assign(encoded);
    storage::StoredItemSize(entry.value, &entry.size);
  } else {
    const Item projected = ProjectForIndex(table, index, item);
    entry.size = ItemSize(projected);
    storage::EncodeItem(projected, entry.size, &entry.value);
  }
  return entry;
}

}  // namespace

std::vector<std::optional<IndexEntry>> IndexEntriesOf(const TableInfo& table, const Item& item,
                                                      std::string_view item_key, std::string_view encoded) {
  std::vector<std::optional<IndexEntry>> entries;
  entries.reserve(table.indexes.size());
  for (const IndexInfo& index : table.indexes) entries.push_back(EntryOf(table, index, item, item_key, encoded));
  return entries;
}

bool StageIndexEntry(const TableInfo& table, const IndexInfo& index, const Item& item, std::string_view item_key,
                     std::string_view encoded, rocksdb::ColumnFamilyHandle* family, rocksdb::WriteBatch* batch,
                     size_t* entry_size) {
  std::optional<IndexEntry> entry = EntryOf(table, index, item, item_key, encoded);
  if (!entry) return false;
  ThrowIfStorageError(batch->Put(family, entry->key, entry->value));
  *entry_size = entry->size;
  return true;
}

namespace {

double EntryWriteUnits(size_t size) { return static_cast<double>(std::max<size_t>(1, (size + 1023) / 1024)); }

}  // namespace

void CheckIndexKeys(const TableInfo& table, const Item& item, bool by_update) {
  // When several indexes refuse the item, DynamoDB names the one first in
  // name order (a capture of the live service: gsi1 before lsi1).
  const IndexInfo* failed = nullptr;
  std::optional<ApiError> error;
  for (const IndexInfo& index : table.indexes) {
    if (index.status == IndexStatus::kDeleting) continue;  // no longer maintained
    if (failed && failed->name < index.name) continue;
    try {
      CheckIndexKeysOf(index, item, by_update);
    } catch (ApiError& e) {
      failed = &index;
      error = std::move(e);
    }
  }
  if (error) throw *error;
}

bool IsProjected(const TableInfo& table, const IndexInfo& index, std::string_view name) {
  if (index.projection == ProjectionType::kAll) return true;
  if (IsKeyAttribute(table.key_space, name) || IsKeyAttribute(index.key_space, name)) return true;
  return index.projection == ProjectionType::kInclude &&
         std::find(index.non_key_attributes.begin(), index.non_key_attributes.end(), name) !=
             index.non_key_attributes.end();
}

Item ProjectForIndex(const TableInfo& table, const IndexInfo& index, const Item& item) {
  if (index.projection == ProjectionType::kAll) return item;
  Item projected;
  AddKeyAttributes(table.key_space, item, &projected);
  AddKeyAttributes(index.key_space, item, &projected);
  if (index.projection == ProjectionType::kInclude) {
    for (const std::string& name : index.non_key_attributes) {
      if (auto it = item.find(name); it != item.end()) projected.insert(*it);
    }
  }
  return projected;
}

std::optional<std::string> IndexEntryKeyOf(const IndexInfo& index, const Item& item,
                                           std::string_view item_key) {
  const KeySchema& schema = index.key_space.schema;
  // Writes check index keys (CheckIndexKeys); an item stored before its
  // index existed may still have an unusable value: it is left out.
  auto usable = [](const Item::const_iterator& it, const Item& item, const KeyAttribute& key) {
    if (it == item.end() || it->second.type != key.type) return false;
    return key.type == AttributeType::kNumber || !it->second.as_string().empty();
  };
  // Sparse: an item lacking any key attribute of the index is not in it.
  auto values = [&](const std::vector<const KeyAttribute*>& keys, std::vector<const AttributeValue*>* out) {
    for (const KeyAttribute* key : keys) {
      auto it = item.find(key->name);
      if (!usable(it, item, *key)) return false;
      out->push_back(&it->second);
    }
    return true;
  };
  std::vector<const AttributeValue*> partition, sorts;
  if (!values(schema.HashParts(), &partition) || !values(schema.RangeParts(), &sorts)) return std::nullopt;
  return storage::IndexEntryKey(index.key_space, partition, sorts, item_key);
}

void StageIndexChanges(const TableInfo& table, std::string_view item_key, const Item* old_item,
                       std::string_view old_encoded, const Item* new_item, std::string_view new_encoded,
                       const std::vector<std::optional<IndexEntry>>* new_entries,
                       rocksdb::ColumnFamilyHandle* family, rocksdb::WriteBatch* batch,
                       std::vector<IndexChange>* changes) {
  for (size_t i = 0; i < table.indexes.size(); ++i) {
    const IndexInfo& index = table.indexes[i];
    if (index.status == IndexStatus::kDeleting) continue;
    // An item the backfill has not reached yet is the backfill's to index.
    if (!index.stats->backfill_complete && item_key > std::string_view(index.stats->backfilled_upto)) continue;
    std::optional<IndexEntry> before =
        old_item ? EntryOf(table, index, *old_item, item_key, old_encoded) : std::nullopt;
    std::optional<IndexEntry> computed;
    if (new_item && !new_entries) computed = EntryOf(table, index, *new_item, item_key, new_encoded);
    const std::optional<IndexEntry>& after = new_entries ? (*new_entries)[i] : computed;
    if (!before && !after) continue;
    IndexChange change{index.name, index.global, index.stats.get(), 0, 0, 0};
    const bool same_key = before && after && before->key == after->key;
    if (same_key && before->value == after->value) continue;  // nothing the index holds changed
    if (before && !same_key) {
      ThrowIfStorageError(batch->Delete(family, before->key));
      change.count_delta -= 1;
      change.size_delta -= static_cast<int64_t>(before->size);
      change.write_units += EntryWriteUnits(before->size);
    }
    if (after) {
      ThrowIfStorageError(batch->Put(family, after->key, after->value));
      if (same_key) {
        change.size_delta += static_cast<int64_t>(after->size) - static_cast<int64_t>(before->size);
      } else {
        change.count_delta += 1;
        change.size_delta += static_cast<int64_t>(after->size);
      }
      // Rewriting an entry in place costs the larger of its two sizes.
      change.write_units += same_key ? std::max(EntryWriteUnits(before->size), EntryWriteUnits(after->size))
                                     : EntryWriteUnits(after->size);
    }
    changes->push_back(change);
  }
}

}  // namespace eddy

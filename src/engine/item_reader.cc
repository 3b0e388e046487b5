// Query and Scan: both are one bounded iterator over one key space (a
// table's items, or one index's entries; storage/layout.h), with DynamoDB's
// paging rules: stop after Limit items evaluated or once 1 MB of items has
// been read, and say where to go on.
#include <algorithm>

#include "core/api_error.h"
#include "core/item_size.h"
#include "engine/engine.h"
#include "engine/index_entries.h"
#include "engine/primary_key.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

// [lower, upper) of the keys of `space` whose sort keys satisfy a key
// condition.
RangeSpec QueryRange(const KeySpace& space, const expr::KeyCondition& condition, bool forward) {
  std::vector<const AttributeValue*> partition{&condition.hash_value};
  for (const AttributeValue& value : condition.more_hash_values) partition.push_back(&value);
  std::string prefix = storage::PartitionPrefix(space, partition);
  // A multi-attribute sort key: equalities on its leading attributes narrow
  // the prefix (their encodings are delimited, so tuples order correctly).
  for (const AttributeValue& value : condition.range_prefix) storage::AppendDelimitedSortKey(&prefix, value);
  RangeSpec range{prefix, storage::PrefixSuccessor(prefix), forward};
  if (!condition.range) return range;
  // Every key with sort key v is in [at(v), end(v)).
  auto at = [&](const AttributeValue& v) {
    std::string key = prefix;
    storage::AppendSortKeyOf(space, &key, v);
    return key;
  };
  auto end = [&](const AttributeValue& v) { return storage::SortKeyEnd(space, at(v)); };
  const expr::RangeKeyCondition& rc = *condition.range;
  switch (rc.op) {
    case expr::KeyOp::kEq:
      range.lower = at(rc.first);
      range.upper = end(rc.first);
      break;
    case expr::KeyOp::kLt: range.upper = at(rc.first); break;
    case expr::KeyOp::kLe: range.upper = end(rc.first); break;
    case expr::KeyOp::kGt: range.lower = end(rc.first); break;
    case expr::KeyOp::kGe: range.lower = at(rc.first); break;
    case expr::KeyOp::kBetween:
      range.lower = at(rc.first);
      range.upper = end(rc.second);
      break;
    case expr::KeyOp::kBeginsWith:
      range.lower = at(rc.first);
      // A delimited S/B sort key ends with a 2-byte terminator; without it,
      // the encoding of a prefix is a prefix of the encoding.
      if (space.is_index) range.lower.resize(range.lower.size() - 2);
      range.upper = storage::PrefixSuccessor(range.lower);
      break;
  }
  return range;
}

// Where a page that follows `start` (ExclusiveStartKey, validated by the
// caller) begins: the storage key of that item, or of its index entry.
std::string StartKeyOf(const TableInfo& table, const ReadOptions& options, const AttributeMap& start) {
  if (!options.index) return KeyFromKeyParameter(table.key_space, start).storage_key;
  AttributeMap table_key;
  AddKeyAttributes(table.key_space, start, &table_key);
  const std::string item_key = KeyFromKeyParameter(table.key_space, table_key).storage_key;
  std::optional<std::string> entry = IndexEntryKeyOf(*options.index, start, item_key);
  if (!entry) throw ApiError::Validation("The provided starting key is invalid");
  return *entry;
}

}  // namespace

int64_t Engine::ItemCollectionBytes(const TableInfo& table, const AttributeValue& partition) const {
  // One snapshot, so the items and their LSI entries agree.
  const rocksdb::Snapshot* snapshot = store_->db()->GetSnapshot();
  int64_t count = 0, bytes = 0;
  auto add = [&](rocksdb::ColumnFamilyHandle* family, const KeySpace& space) {
    return SumEntries(family, storage::PartitionPrefix(space, partition), snapshot, &count, &bytes);
  };
  rocksdb::Status status = add(store_->items(), table.key_space);
  for (const IndexInfo& index : table.indexes) {
    if (status.ok() && !index.global) status = add(store_->indexes(), index.key_space);
  }
  store_->db()->ReleaseSnapshot(snapshot);
  ThrowIfStorageError(status);
  return bytes;
}

ReadPage Engine::Query(const TableInfo& table, const QuerySpec& spec) const {
  return ReadRange(table, QueryRange(table.KeySpaceOf(spec.options.index), *spec.key_condition, spec.forward),
                   spec.options);
}

ReadPage Engine::Scan(const TableInfo& table, const ScanSpec& spec) const {
  const uint64_t id = table.KeySpaceOf(spec.options.index).id;
  RangeSpec range;
  range.lower = storage::SegmentStart(id, spec.segment, spec.total_segments);
  range.upper = spec.segment + 1 < spec.total_segments
                    ? storage::SegmentStart(id, spec.segment + 1, spec.total_segments)
                    : storage::PrefixSuccessor(storage::TablePrefix(id));
  if (spec.total_segments > 1 && spec.options.exclusive_start_key) {
    const std::string start = StartKeyOf(table, spec.options, *spec.options.exclusive_start_key);
    if (start < range.lower || start >= range.upper) {
      throw ApiError::Validation(
          "The provided Exclusive start key does not map to the provided Segment and TotalSegments values.");
    }
  }
  return ReadRange(table, range, spec.options);
}

ReadPage Engine::ReadRange(const TableInfo& table, const RangeSpec& range,
                           const ReadOptions& options) const {
  ReadPage page;
  if (range.upper <= range.lower && !range.upper.empty()) return page;
  rocksdb::Slice lower(range.lower), upper(range.upper);
  auto* family = options.index ? store_->indexes() : store_->items();
  // One snapshot for the entries and, for an LSI, the items they point to.
  const rocksdb::Snapshot* snapshot = options.fetch_from_table ? store_->db()->GetSnapshot() : nullptr;
  struct SnapshotRelease {
    rocksdb::DB* db;
    const rocksdb::Snapshot* snapshot;
    ~SnapshotRelease() {
      if (snapshot) db->ReleaseSnapshot(snapshot);
    }
  } release{store_->db(), snapshot};
  auto it = store_->NewIterator(family, &lower, range.upper.empty() ? nullptr : &upper, snapshot);

  if (options.exclusive_start_key) {
    const std::string start = StartKeyOf(table, options, *options.exclusive_start_key);
    if (range.forward) {
      it->Seek(std::max(start, range.lower));
      if (it->Valid() && it->key() == rocksdb::Slice(start)) it->Next();
    } else {
      if (!range.upper.empty() && start >= range.upper) {
        it->SeekToLast();
      } else {
        it->SeekForPrev(start);
        if (it->Valid() && it->key() == rocksdb::Slice(start)) it->Prev();
      }
    }
  } else if (range.forward) {
    it->SeekToFirst();
  } else {
    it->SeekToLast();
  }

  for (; it->Valid(); range.forward ? it->Next() : it->Prev()) {
    Item item;
    if (!storage::DecodeItem(it->value().ToStringView(), &item)) {
      throw ApiError::Internal("corrupt item in storage");
    }
    ++page.scanned;
    page.bytes_read += ItemSize(item);
    const bool stop = (options.limit > 0 && page.scanned >= options.limit) ||
                      page.bytes_read >= kMaxPageBytes;
    if (stop) {
      page.last_evaluated_key = KeyAttributesOf(table.key_space, item);
      if (options.index) AddKeyAttributes(options.index->key_space, item, &*page.last_evaluated_key);
    }
    // An LSI entry's item, read whole from the table when the request
    // needs attributes the index does not project.
    std::optional<Item> whole;
    if (options.fetch_from_table) {
      const AttributeMap table_key = KeyAttributesOf(table.key_space, item);
      whole = ReadItem(KeyFromKeyParameter(table.key_space, table_key).storage_key, snapshot);
      if (whole) page.table_bytes_read += ItemSize(*whole);
    }
    const Item& full = whole ? *whole : item;
    if (!options.filter || options.filter->Evaluate(full)) {
      ++page.count;
      if (!options.count_only) {
        if (options.projection) {
          page.items.push_back(options.projection->Apply(full));
        } else {
          page.items.push_back(whole && options.all_attributes ? std::move(*whole) : std::move(item));
        }
      }
    }
    if (stop) break;
  }
  ThrowIfStorageError(it->status());
  return page;
}

}  // namespace eddy

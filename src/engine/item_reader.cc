// Query and Scan: both are one bounded iterator over the items column family
// (storage/layout.h), with DynamoDB's paging rules: stop after Limit items
// evaluated or once 1 MB of items has been read, and say where to go on.
#include <algorithm>

#include "core/api_error.h"
#include "core/item_size.h"
#include "engine/engine.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

// The smallest string greater than `key`: key + '\0'. An exclusive bound at
// JustAfter(k) admits k itself but no longer key that extends k, which turns
// an inclusive sort-key bound into the exclusive one RocksDB takes.
std::string JustAfter(std::string key) {
  key.push_back('\0');
  return key;
}

// [lower, upper) of the sort keys that satisfy a key condition.
RangeSpec QueryRange(const TableInfo& table, const expr::KeyCondition& condition, bool forward) {
  const std::string prefix = storage::PartitionPrefix(table.id, condition.hash_value);
  RangeSpec range{prefix, storage::PrefixSuccessor(prefix), forward};
  if (!condition.range) return range;
  auto at = [&](const AttributeValue& v) {
    std::string key = prefix;
    storage::AppendSortKey(&key, v);
    return key;
  };
  const expr::RangeKeyCondition& rc = *condition.range;
  switch (rc.op) {
    case expr::KeyOp::kEq:
      range.lower = at(rc.first);
      range.upper = JustAfter(range.lower);
      break;
    case expr::KeyOp::kLt: range.upper = at(rc.first); break;
    case expr::KeyOp::kLe: range.upper = JustAfter(at(rc.first)); break;
    case expr::KeyOp::kGt: range.lower = JustAfter(at(rc.first)); break;
    case expr::KeyOp::kGe: range.lower = at(rc.first); break;
    case expr::KeyOp::kBetween:
      range.lower = at(rc.first);
      range.upper = JustAfter(at(rc.second));
      break;
    case expr::KeyOp::kBeginsWith:
      range.lower = at(rc.first);
      range.upper = storage::PrefixSuccessor(range.lower);
      break;
  }
  return range;
}

}  // namespace

ReadPage Engine::Query(const TableInfo& table, const QuerySpec& spec) const {
  return ReadRange(table, QueryRange(table, *spec.key_condition, spec.forward), spec.options);
}

ReadPage Engine::Scan(const TableInfo& table, const ScanSpec& spec) const {
  RangeSpec range;
  range.lower = storage::SegmentStart(table.id, spec.segment, spec.total_segments);
  range.upper = spec.segment + 1 < spec.total_segments
                    ? storage::SegmentStart(table.id, spec.segment + 1, spec.total_segments)
                    : storage::PrefixSuccessor(storage::TablePrefix(table.id));
  return ReadRange(table, range, spec.options);
}

ReadPage Engine::ReadRange(const TableInfo& table, const RangeSpec& range,
                           const ReadOptions& options) const {
  ReadPage page;
  if (range.upper <= range.lower && !range.upper.empty()) return page;
  rocksdb::Slice lower(range.lower), upper(range.upper);
  auto it = store_->NewIterator(store_->items(), &lower, range.upper.empty() ? nullptr : &upper);

  if (options.exclusive_start_key) {
    const std::string start = KeyFromKeyParameter(table, *options.exclusive_start_key).storage_key;
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

  static const Item kNoItem;
  for (; it->Valid(); range.forward ? it->Next() : it->Prev()) {
    Item item;
    if (!storage::DecodeItem(it->value().ToStringView(), &item)) {
      throw ApiError::Internal("corrupt item in storage");
    }
    ++page.scanned;
    page.bytes_read += ItemSize(item);
    const bool stop = (options.limit > 0 && page.scanned >= options.limit) ||
                      page.bytes_read >= kMaxPageBytes;
    if (stop) page.last_evaluated_key = KeyAttributesOf(table, item);
    if (!options.filter || options.filter->Evaluate(item)) {
      ++page.count;
      if (!options.count_only) {
        page.items.push_back(options.projection ? options.projection->Apply(item) : std::move(item));
      }
    }
    if (stop) break;
  }
  if (!it->status().ok()) throw ApiError::Internal("storage error: " + it->status().ToString());
  return page;
}

}  // namespace eddy

// BatchWriteItem and BatchGetItem as operations: the limits, one commit for
// a batch of writes, BatchGetItem's 16 MB response split (the keys past it
// are unprocessed), and the per-table capacity.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "engine/engine.h"
#include "expr/projection.h"
#include "ops/capacity.h"

namespace eddy {

inline constexpr size_t kMaxBatchWrites = 25;
inline constexpr size_t kMaxBatchGets = 100;
// BatchGetItem answers at most 16 MB; keys past that come back unprocessed.
inline constexpr size_t kMaxBatchGetResponseBytes = 16 * 1024 * 1024;

struct BatchTableWrites {
  TableInfoPtr table;
  std::vector<std::unique_ptr<WriteOp>> ops;
};

// Commits every write of the batch at once (DynamoDB promises less: each
// write on its own; nothing is ever left unprocessed). Keys must be distinct
// across the whole batch. Returns each table's units, in `tables` order.
std::vector<TableCapacity> BatchWriteItems(Engine& engine, std::span<const BatchTableWrites> tables);

struct BatchTableGets {
  TableInfoPtr table;
  std::vector<PrimaryKey> keys;
  const expr::Projection* projection = nullptr;
  bool consistent = false;
};
struct BatchGetResult {
  // Per table, in `tables` order: the items found (projected), and how many
  // of its keys were answered (the rest are unprocessed).
  std::vector<std::vector<Item>> items;
  std::vector<size_t> processed;
  std::vector<TableCapacity> capacity;
};
// Reads the keys table by table until the items reach `max_bytes`.
BatchGetResult BatchGetItems(const Engine& engine, std::span<const BatchTableGets> tables,
                             size_t max_bytes = kMaxBatchGetResponseBytes);

// GetItem: the item (projected) and its read units.
struct GetItemResult {
  std::optional<Item> item;
  CapacityUse capacity;
};
GetItemResult GetItem(const Engine& engine, const TableInfo& table, const PrimaryKey& key,
                      const expr::Projection* projection, bool consistent);

}  // namespace eddy

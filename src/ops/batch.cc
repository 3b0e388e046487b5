#include "ops/batch.h"

#include "core/item_size.h"

namespace eddy {

std::vector<TableCapacity> BatchWriteItems(Engine& engine, std::span<const BatchTableWrites> tables) {
  std::vector<ItemWrite> list;
  for (const BatchTableWrites& table : tables) {
    for (const auto& op : table.ops) list.push_back({table.table.get(), op.get()});
  }
  std::vector<WriteOutcome> outcomes = engine.WriteAll(list);
  for (WriteOutcome& outcome : outcomes) {
    if (outcome.error) throw *outcome.error;
  }
  std::vector<TableCapacity> capacity;
  size_t next = 0;
  for (const BatchTableWrites& table : tables) {
    CapacityUse use;
    for (size_t i = 0; i < table.ops.size(); ++i) use.Add(WriteCapacityOf(outcomes[next++]));
    capacity.push_back({table.table->name, std::move(use)});
  }
  return capacity;
}

BatchGetResult BatchGetItems(const Engine& engine, std::span<const BatchTableGets> tables, size_t max_bytes) {
  BatchGetResult result;
  size_t response_bytes = 0;
  bool full = false;
  for (const BatchTableGets& table : tables) {
    std::vector<Item>& items = result.items.emplace_back();
    size_t processed = 0;
    double units = 0;
    for (; processed < table.keys.size() && !full; ++processed) {
      std::optional<Item> item = engine.GetItem(*table.table, table.keys[processed]);
      if (!item) {
        units += ReadCapacityUnits(0, table.consistent);
        continue;
      }
      const size_t size = ItemSize(*item);
      if (response_bytes + size > max_bytes) {
        full = true;  // this key and the rest are unprocessed
        break;
      }
      response_bytes += size;
      units += ReadCapacityUnits(size, table.consistent);
      items.push_back(table.projection ? table.projection->Apply(*item) : std::move(*item));
    }
    result.processed.push_back(processed);
    result.capacity.push_back({table.table->name, {units, {}}});
  }
  return result;
}

GetItemResult GetItem(const Engine& engine, const TableInfo& table, const PrimaryKey& key,
                      const expr::Projection* projection, bool consistent) {
  GetItemResult result;
  std::optional<Item> item = engine.GetItem(table, key);
  result.capacity.table = ReadCapacityUnits(item ? ItemSize(*item) : 0, consistent);
  if (item) result.item = projection ? projection->Apply(*item) : std::move(*item);
  return result;
}

}  // namespace eddy

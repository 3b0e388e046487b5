#include "ops/capacity.h"

#include <algorithm>

namespace eddy {

double WriteCapacityUnits(size_t item_bytes) {
  return static_cast<double>(std::max<size_t>(1, (item_bytes + 1023) / 1024));
}

double ReadCapacityUnits(size_t item_bytes, bool consistent_read) {
  const double units = static_cast<double>(std::max<size_t>(1, (item_bytes + 4095) / 4096));
  return consistent_read ? units : units / 2;
}

CapacityUse WriteCapacityOf(const WriteOutcome& outcome) {
  CapacityUse use;
  use.table = WriteCapacityUnits(std::max(outcome.old_size, outcome.new_size));
  for (const IndexChange& change : outcome.index_changes) {
    use.indexes.push_back({change.index_name, change.global, change.write_units});
  }
  return use;
}

double CapacityUse::Total() const {
  double total = table;
  for (const IndexCapacity& index : indexes) total += index.units;
  return total;
}

void CapacityUse::Add(const CapacityUse& other) {
  table += other.table;
  for (const IndexCapacity& index : other.indexes) {
    auto it = std::find_if(indexes.begin(), indexes.end(), [&](auto& i) { return i.name == index.name; });
    if (it == indexes.end()) {
      indexes.push_back(index);
    } else {
      it->units += index.units;
    }
  }
}

CapacityUse ReadCapacityOf(const ReadPage& page, const IndexInfo* index, bool consistent_read) {
  CapacityUse use;
  if (!index) {
    use.table = ReadCapacityUnits(page.bytes_read, consistent_read);
    return use;
  }
  use.table = page.table_bytes_read ? ReadCapacityUnits(page.table_bytes_read, consistent_read) : 0;
  use.indexes.push_back({index->name, index->global, ReadCapacityUnits(page.bytes_read, consistent_read)});
  return use;
}

void AddTableCapacity(std::vector<TableCapacity>* list, const std::string& table_name, const CapacityUse& use) {
  auto it = std::find_if(list->begin(), list->end(), [&](const TableCapacity& t) { return t.table_name == table_name; });
  if (it == list->end()) {
    list->push_back({table_name, use});
  } else {
    it->use.Add(use);
  }
}

}  // namespace eddy

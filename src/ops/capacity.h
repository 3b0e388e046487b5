// DynamoDB's capacity-unit arithmetic, shared by every front end. Writes
// cost 1 WCU per started KB of the larger of the old and new item; reads cost
// 1 RCU per started 4 KB (strongly consistent) or half that (eventually
// consistent), at least one unit; transactional reads and writes cost twice
// (the prepare and the commit).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace eddy {

double WriteCapacityUnits(size_t item_bytes);
double ReadCapacityUnits(size_t item_bytes, bool consistent_read);

// What one request consumed: the table's units and each index's. INDEXES
// reports them apart; TOTAL and the CapacityUnits member add them up.
struct IndexCapacity {
  std::string name;
  bool global = true;
  double units = 0;
};
struct CapacityUse {
  double table = 0;
  std::vector<IndexCapacity> indexes;
  double Total() const;
  // Adds `other`, index by index (a batch's per-table sums).
  void Add(const CapacityUse& other);
};

// A write's units: the table's for the larger of the old and new item, and
// each changed index's (engine/index_entries.h).
CapacityUse WriteCapacityOf(const WriteOutcome& outcome);

// A Query or Scan page's units: what it read of the table or index, and of
// the table for an LSI's fetches.
CapacityUse ReadCapacityOf(const ReadPage& page, const IndexInfo* index, bool consistent_read);

// The units of one table in a request that spans tables (batches,
// transactions), in the order the tables first appear.
struct TableCapacity {
  std::string table_name;
  CapacityUse use;
};
// Adds `use` to `table_name`'s entry of `list`, adding the entry if needed.
void AddTableCapacity(std::vector<TableCapacity>* list, const std::string& table_name, const CapacityUse& use);

}  // namespace eddy

// TtlDeleteOp: the delete the TTL sweeper issues for an expired item. It goes
// through Engine::Write like any DeleteItem (so ItemCount, indexes and the
// stream follow), but its condition is "the item still exists and is still
// expired at the sweep's time": an item rewritten or updated after the
// sweeper read it, and no longer expired, is left alone. Its stream record is
// a REMOVE by the TTL service (is_ttl_delete()).
#pragma once

#include <cstdint>
#include <string>

#include "engine/write_op.h"

namespace eddy {

class TtlDeleteOp final : public WriteOp {
 public:
  // `key` is the item's key attributes (as KeyAttributesOf returns them);
  // `attribute` the table's TTL attribute; `now_seconds` the sweep's time.
  // Throws ApiError if `key` does not match the table's key schema.
  TtlDeleteOp(const TableInfo& table, const AttributeMap& key, std::string attribute,
              int64_t now_seconds);

  bool ConditionHolds(const Item* old_item) const override;
  bool is_ttl_delete() const override { return true; }
  bool ReadsOldItem() const override { return true; }
  const Item* Apply(const Item*, Item*) const override { return nullptr; }

 private:
  std::string attribute_;
  int64_t now_seconds_;
};

}  // namespace eddy

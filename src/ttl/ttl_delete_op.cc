#include "ttl/ttl_delete_op.h"

#include "ttl/expiry.h"

namespace eddy {

TtlDeleteOp::TtlDeleteOp(const TableInfo& table, const AttributeMap& key, std::string attribute,
                         int64_t now_seconds)
    : WriteOp(KeyFromKeyParameter(table.key_space, key), std::nullopt),
      attribute_(std::move(attribute)),
      now_seconds_(now_seconds) {}

bool TtlDeleteOp::ConditionHolds(const Item* old_item) const {
  return old_item && IsItemExpired(*old_item, attribute_, now_seconds_);
}

}  // namespace eddy

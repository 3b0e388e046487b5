#include "engine/write_op.h"

#include "core/api_error.h"
#include "core/item_size.h"

namespace eddy {

PutOp::PutOp(const TableInfo& table, Item item, std::optional<expr::Condition> condition)
    : WriteOp(KeyOfItem(table, item), std::move(condition)), item_(std::move(item)) {
  if (ItemSize(item_) > kMaxItemSize) {
    throw ApiError::Validation("Item size has exceeded the maximum allowed size");
  }
}

std::optional<Item> PutOp::Apply(const Item*) const { return item_; }

DeleteOp::DeleteOp(const TableInfo& table, const AttributeMap& key,
                   std::optional<expr::Condition> condition)
    : WriteOp(KeyFromKeyParameter(table, key), std::move(condition)) {}

std::optional<Item> DeleteOp::Apply(const Item*) const { return std::nullopt; }

UpdateOp::UpdateOp(const TableInfo& table, const AttributeMap& key,
                   std::optional<expr::Update> update, std::optional<expr::Condition> condition)
    : WriteOp(KeyFromKeyParameter(table, key), std::move(condition)),
      key_item_(key),
      update_(std::move(update)) {
  if (!update_) return;
  for (const expr::Path& path : update_->paths()) {
    if (IsKeyAttribute(table, path.front().name)) {
      throw ApiError::Validation("One or more parameter values were invalid: Cannot update attribute " +
                                 path.front().name + ". This attribute is part of the key");
    }
  }
}

std::optional<Item> UpdateOp::Apply(const Item* old_item) const {
  // A missing item is created from its key, then updated.
  Item base = old_item ? *old_item : key_item_;
  if (!update_) return base;
  Item updated = update_->Apply(base);
  if (ItemSize(updated) > kMaxItemSize) {
    throw ApiError::Validation("Item size to update has exceeded the maximum allowed size");
  }
  return updated;
}

}  // namespace eddy

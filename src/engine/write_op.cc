#include "engine/write_op.h"

#include <algorithm>

#include "core/api_error.h"
#include "core/item_size.h"
#include "core/json_codec.h"
#include "engine/index_entries.h"
#include "storage/item_codec.h"

namespace eddy {

bool WriteOp::ConditionHolds(const Item* old_item) const {
  static const Item kNoItem;
  return !condition_ || condition_->Evaluate(old_item ? *old_item : kNoItem);
}

size_t WriteOp::NewItemSize(const Item& new_item) const { return ItemSize(new_item); }

namespace {

// A condition may not reach into a key attribute (engine/primary_key.h).
void CheckConditionPaths(const TableInfo& table, const expr::Condition* condition) {
  if (condition) CheckKeyPathsAreScalar(table, condition->Paths());
}

}  // namespace

PutOp::PutOp(const TableInfo& table, Item item, std::optional<expr::Condition> condition)
    : WriteOp(KeyOfItem(table.key_space, item), std::move(condition)),
      item_(std::move(item)),
      item_size_(ItemSize(item_)) {
  CheckConditionPaths(table, this->condition());
  if (item_size_ > kMaxItemSize) {
    throw ApiError::Validation("Item size has exceeded the maximum allowed size");
  }
  // The engine checks every new item again, against the table's indexes at
  // commit; checking here too puts the error before the condition's, as
  // DynamoDB validates a PutItem's item before it reads the old one.
  CheckIndexKeys(table, item_);
  prepared_.table = &table;
  storage::EncodeItem(item_, item_size_, &prepared_.encoded);
  if (!table.indexes.empty()) {
    prepared_.index_entries = IndexEntriesOf(table, item_, key_.storage_key, prepared_.encoded);
  }
}

const Item* PutOp::Apply(const Item*, Item*) const { return &item_; }

DeleteOp::DeleteOp(const TableInfo& table, const AttributeMap& key,
                   std::optional<expr::Condition> condition)
    : WriteOp(KeyFromKeyParameter(table.key_space, key), std::move(condition)) {
  CheckConditionPaths(table, this->condition());
}

const Item* DeleteOp::Apply(const Item*, Item*) const { return nullptr; }

ConditionCheckOp::ConditionCheckOp(const TableInfo& table, const AttributeMap& key, expr::Condition condition)
    : WriteOp(KeyFromKeyParameter(table.key_space, key), std::move(condition)) {
  CheckConditionPaths(table, this->condition());
}

UpdateOp::UpdateOp(const TableInfo& table, const AttributeMap& key,
                   std::optional<expr::Update> update, std::optional<expr::Condition> condition)
    : WriteOp(KeyFromKeyParameter(table.key_space, key), std::move(condition)),
      key_item_(key),
      update_(std::move(update)) {
  CheckConditionPaths(table, this->condition());
  if (!update_) return;
  std::vector<const expr::Path*> paths = update_->ReadPaths();
  for (const expr::Path& path : update_->paths()) paths.push_back(&path);
  CheckKeyPathsAreScalar(table, paths);
  const auto& actions = update_->actions();
  create_missing_ = actions.empty() || std::any_of(actions.begin(), actions.end(), [](const expr::UpdateAction& a) {
    return a.kind != expr::UpdateAction::Kind::kRemove && a.kind != expr::UpdateAction::Kind::kDelete;
  });
  for (const expr::Path& path : update_->paths()) {
    if (IsKeyAttribute(table.key_space, path.front().name)) {
      throw ApiError::Validation("One or more parameter values were invalid: Cannot update attribute " +
                                 path.front().name + ". This attribute is part of the key");
    }
  }
}

const Item* UpdateOp::Apply(const Item* old_item, Item* scratch) const {
  if (!old_item && !create_missing_) return nullptr;
  // A missing item is created from its key, then updated.
  const Item& base = old_item ? *old_item : key_item_;
  *scratch = update_ ? update_->Apply(base) : base;
  if (ItemSize(*scratch) > kMaxItemSize) {
    throw ApiError::Validation("Item size to update has exceeded the maximum allowed size");
  }
  // SET a.b.c = a can deepen an item past what a PutItem could store.
  for (const auto& [name, value] : *scratch) {
    if (NestingDepth(value) >= kMaxAttributeDepth) {
      throw ApiError::Validation(
          "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
          "beyond supported limit");
    }
  }
  return scratch;
}

}  // namespace eddy

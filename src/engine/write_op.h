// WriteOp: one validated change to one item (PutItem, UpdateItem, DeleteItem
// and the requests of BatchWriteItem). Validation happens in the constructor
// and throws ApiError; Apply is a const function of the old item, so the
// engine can run it under its write lock with no other state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/attribute_value.h"
#include "engine/index_entries.h"
#include "engine/primary_key.h"
#include "engine/table_info.h"
#include "expr/condition.h"
#include "expr/update.h"

namespace eddy {

// What a write can work out before the engine's write lock: the new item's
// stored form and its index entries, its index keys checked (for the table
// version `table`; the engine relies on the entries and the check only if
// that is still the live version).
struct PreparedItem {
  const TableInfo* table = nullptr;
  std::string encoded;
  std::vector<std::optional<IndexEntry>> index_entries;
};

class WriteOp {
 public:
  virtual ~WriteOp() = default;

  const PrimaryKey& key() const { return key_; }
  // The ConditionExpression, checked against the old item before Apply.
  const expr::Condition* condition() const { return condition_ ? &*condition_ : nullptr; }

  // Whether the write may go ahead given the old item: the
  // ConditionExpression by default; a TTL delete checks the item is still
  // expired. `old_item` is null when there is no item.
  virtual bool ConditionHolds(const Item* old_item) const;

  // True for deletes by the TTL service: their stream record carries
  // userIdentity {"type": "Service", "principalId": "dynamodb.amazonaws.com"}.
  virtual bool is_ttl_delete() const { return false; }

  // False for a transaction's ConditionCheck: Apply returns the old item and
  // nothing is written.
  virtual bool changes_item() const { return true; }

  // True when an UpdateExpression makes the new item (DynamoDB words some
  // errors about the result differently then).
  virtual bool is_update() const { return false; }

  // The update an UpdateOp applies (ReturnValues UPDATED_OLD/UPDATED_NEW
  // return the attributes it writes); null for other ops.
  virtual const expr::Update* update() const { return nullptr; }

  // Whether the condition or Apply reads the old item; otherwise the engine
  // does not decode it (it learns its size from the stored header).
  virtual bool ReadsOldItem() const { return condition_.has_value(); }

  // The item after the change: an item the op owns (a put's), or `*scratch`
  // after filling it (an update), or null when the item is deleted (or stays
  // absent). `old_item` is null when there is no item. Throws ApiError for
  // errors that depend on the old item (update operand types, item size).
  virtual const Item* Apply(const Item* old_item, Item* scratch) const = 0;

  // The DynamoDB size of the item Apply returned.
  virtual size_t NewItemSize(const Item& new_item) const;

  // The new item prepared before the lock, when it does not depend on the
  // old item (a put's); null otherwise.
  virtual const PreparedItem* prepared() const { return nullptr; }

 protected:
  WriteOp(PrimaryKey key, std::optional<expr::Condition> condition)
      : key_(std::move(key)), condition_(std::move(condition)) {}

  PrimaryKey key_;
  std::optional<expr::Condition> condition_;
};

class PutOp final : public WriteOp {
 public:
  PutOp(const TableInfo& table, Item item, std::optional<expr::Condition> condition = {});
  const Item* Apply(const Item* old_item, Item* scratch) const override;
  size_t NewItemSize(const Item&) const override { return item_size_; }
  const PreparedItem* prepared() const override { return &prepared_; }

 private:
  Item item_;
  size_t item_size_;
  PreparedItem prepared_;
};

class DeleteOp final : public WriteOp {
 public:
  DeleteOp(const TableInfo& table, const AttributeMap& key,
           std::optional<expr::Condition> condition = {});
  const Item* Apply(const Item* old_item, Item* scratch) const override;
};

// A transaction's ConditionCheck: a condition on an item, no change to it.
class ConditionCheckOp final : public WriteOp {
 public:
  ConditionCheckOp(const TableInfo& table, const AttributeMap& key, expr::Condition condition);
  bool changes_item() const override { return false; }
  const Item* Apply(const Item* old_item, Item*) const override { return old_item; }
};

class UpdateOp final : public WriteOp {
 public:
  // `update` may be absent: UpdateItem with no UpdateExpression creates the
  // item (key attributes only) when missing and otherwise changes nothing.
  // An update that only removes (REMOVE, DELETE, or AttributeUpdates'
  // DELETE) leaves a missing item missing, as DynamoDB does; any other
  // update, or none, creates it from its key.
  UpdateOp(const TableInfo& table, const AttributeMap& key, std::optional<expr::Update> update,
           std::optional<expr::Condition> condition = {});
  bool ReadsOldItem() const override { return true; }
  bool is_update() const override { return true; }
  const Item* Apply(const Item* old_item, Item* scratch) const override;
  const expr::Update* update() const override { return update_ ? &*update_ : nullptr; }

 private:
  Item key_item_;
  std::optional<expr::Update> update_;
  bool create_missing_ = true;
};

}  // namespace eddy

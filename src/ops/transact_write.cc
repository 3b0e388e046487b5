#include "ops/transact_write.h"

#include <algorithm>
#include <set>

#include "core/item_size.h"

namespace eddy {
namespace {

// Transactions prepare and commit every item: twice the units.
constexpr double kTransactionFactor = 2;

CapacityUse Doubled(CapacityUse use) {
  use.table *= kTransactionFactor;
  return use;  // index writes are not doubled (they are not transactional)
}

ApiError Canceled(std::span<const TransactAction> actions, const std::vector<WriteOutcome>* outcomes) {
  std::vector<ApiError::CancellationReason> reasons(actions.size(), {"None", "", nullptr});
  // An item-level error (found while building the action, or while applying
  // it) is reported alone, for the first action that has one; DynamoDB
  // reports every failed condition otherwise.
  for (size_t i = 0; i < actions.size(); ++i) {
    const ApiError* error = actions[i].error ? &*actions[i].error
                            : outcomes && (*outcomes)[i].error ? &*(*outcomes)[i].error
                                                               : nullptr;
    if (error) return ValidationCancellation(actions.size(), i, *error);
  }
  for (size_t i = 0; outcomes && i < actions.size(); ++i) {
    const WriteOutcome& outcome = (*outcomes)[i];
    if (!outcome.condition_failed) continue;
    reasons[i] = {"ConditionalCheckFailed", "The conditional request failed", nullptr};
    if (actions[i].return_old_on_failure && outcome.old_item) {
      reasons[i].item = std::make_shared<const Item>(*outcome.old_item);
    }
  }
  return ApiError::TransactionCanceled(std::move(reasons));
}

ApiError InjectedConflict(size_t count) {
  std::vector<ApiError::CancellationReason> reasons(count, {"None", "", nullptr});
  reasons[0] = {"TransactionConflict", "Transaction is ongoing for the item", nullptr};
  return ApiError::TransactionCanceled(std::move(reasons));
}

}  // namespace

ApiError ValidationCancellation(size_t count, size_t failed, const ApiError& error) {
  std::vector<ApiError::CancellationReason> reasons(count, {"None", "", nullptr});
  reasons[failed] = {"ValidationError", error.message(), nullptr};
  return ApiError::TransactionCanceled(std::move(reasons));
}

TransactAction MakeTransactAction(TableInfoPtr table, bool return_old_on_failure,
                                  const std::function<std::unique_ptr<WriteOp>(const TableInfo&)>& build) {
  TransactAction action;
  action.return_old_on_failure = return_old_on_failure;
  try {
    action.op = build(*table);
  } catch (ApiError& error) {
    if (!error.item_level()) throw;
    action.error = std::move(error);
  }
  action.table = std::move(table);
  return action;
}

void ThrowIfSameItemTwice(std::span<const std::string* const> storage_keys) {
  std::set<std::string_view> seen;
  for (const std::string* key : storage_keys) {
    if (!seen.insert(*key).second) {
      throw ApiError::Validation("Transaction request cannot include multiple operations on one item");
    }
  }
}

TransactWriteResult TransactWriteItems(Engine& engine, std::span<const TransactAction> actions,
                                       ConflictInjector* conflicts) {
  for (const TransactAction& action : actions) {
    if (action.error) throw Canceled(actions, nullptr);
  }
  std::vector<const std::string*> keys;
  std::vector<ItemWrite> writes;
  keys.reserve(actions.size());
  writes.reserve(actions.size());
  for (const TransactAction& action : actions) {
    keys.push_back(&action.op->key().storage_key);
    writes.push_back({action.table.get(), action.op.get(), action.return_old_on_failure});
  }
  ThrowIfSameItemTwice(keys);
  if (conflicts && conflicts->TakeTransaction()) throw InjectedConflict(actions.size());
  std::vector<WriteOutcome> outcomes = engine.WriteAll(writes);
  for (const WriteOutcome& outcome : outcomes) {
    if (outcome.error && outcome.error->request_level()) throw *outcome.error;
  }
  for (const WriteOutcome& outcome : outcomes) {
    if (outcome.failed()) throw Canceled(actions, &outcomes);
  }
  TransactWriteResult result;
  for (size_t i = 0; i < actions.size(); ++i) {
    const TransactAction& action = actions[i];
    const WriteOutcome& outcome = outcomes[i];
    // A ConditionCheck is billed as a write of the item it reads.
    CapacityUse use = WriteCapacityOf(outcome);
    if (!action.op->changes_item()) use = {WriteCapacityUnits(outcome.old_size), {}};
    AddTableCapacity(&result.write_capacity, action.table->name, Doubled(std::move(use)));
    const size_t size = std::max(outcome.old_size, outcome.new_size);
    AddTableCapacity(&result.replay_capacity, action.table->name,
                     {kTransactionFactor * ReadCapacityUnits(size, true), {}});
    const bool has_collections = std::any_of(action.table->indexes.begin(), action.table->indexes.end(),
                                             [](const IndexInfo& index) { return !index.global; });
    if (has_collections && action.op->changes_item()) {
      result.collections.emplace_back(action.table, action.op->key().hash);
    }
  }
  return result;
}

TransactGetResult TransactGetItems(const Engine& engine, std::span<const TransactGet> gets,
                                   ConflictInjector* conflicts) {
  std::vector<const std::string*> storage_keys;
  for (const TransactGet& get : gets) storage_keys.push_back(&get.key.storage_key);
  ThrowIfSameItemTwice(storage_keys);
  if (conflicts && conflicts->TakeTransaction()) throw InjectedConflict(gets.size());
  TransactGetResult result;
  result.items = engine.GetItems(storage_keys);
  for (size_t i = 0; i < gets.size(); ++i) {
    const size_t size = result.items[i] ? ItemSize(*result.items[i]) : 0;
    AddTableCapacity(&result.capacity, gets[i].table->name, {kTransactionFactor * ReadCapacityUnits(size, true), {}});
  }
  return result;
}

}  // namespace eddy

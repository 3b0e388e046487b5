// TransactWriteItems (and, later, PartiQL's ExecuteTransaction): up to 100
// Put, Update, Delete and ConditionCheck actions across tables, committed
// by Engine::WriteAll in one WriteBatch or not at all. The front end parses
// each action into a WriteOp; this layer owns DynamoDB's rules from there:
// one operation per item, the cancellation reasons in action order, and the
// transactional capacity (twice the units).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "engine/engine.h"
#include "ops/capacity.h"
#include "ops/conflict_injector.h"

namespace eddy {

inline constexpr size_t kMaxTransactItems = 100;

struct TransactAction {
  TableInfoPtr table;
  // Null when building it failed with an item-level error (a key of the
  // wrong type, ...), kept in `error`: DynamoDB reports that as the action's
  // ValidationError cancellation reason, not as the request's error.
  std::unique_ptr<WriteOp> op;
  std::optional<ApiError> error;
  bool return_old_on_failure = false;  // ReturnValuesOnConditionCheckFailure ALL_OLD
};

// Builds an action's op with `build`, keeping an item-level ApiError as the
// action's error; any other error is the request's and propagates.
TransactAction MakeTransactAction(TableInfoPtr table, bool return_old_on_failure,
                                  const std::function<std::unique_ptr<WriteOp>(const TableInfo&)>& build);

struct TransactWriteResult {
  // Per table, in order of first use: what the transaction consumed, and
  // what a replay of it (the same ClientRequestToken) reports, DynamoDB's
  // transactional read of the items.
  std::vector<TableCapacity> write_capacity;
  std::vector<TableCapacity> replay_capacity;
  // The partition of each written item of a table with local secondary
  // indexes, for ItemCollectionMetrics.
  std::vector<std::pair<TableInfoPtr, AttributeValue>> collections;
};

// Runs the actions as one transaction. Throws ValidationException when two
// actions name the same item, and TransactionCanceledException (one reason
// per action) when any action fails: the first item-level error as
// ValidationError with the others None, else every failed condition as
// ConditionalCheckFailed.
// An armed `conflicts` cancels it with TransactionConflict on its first
// action (after the checks of the request).
TransactWriteResult TransactWriteItems(Engine& engine, std::span<const TransactAction> actions,
                                       ConflictInjector* conflicts = nullptr);

// TransactGetItems: the items at `keys` read from one snapshot (null when
// missing), and per table the transactional read units (2 per started 4 KB,
// a missing item too).
struct TransactGet {
  TableInfoPtr table;
  PrimaryKey key;
};
struct TransactGetResult {
  std::vector<std::optional<Item>> items;
  std::vector<TableCapacity> capacity;
};
TransactGetResult TransactGetItems(const Engine& engine, std::span<const TransactGet> gets,
                                   ConflictInjector* conflicts = nullptr);

// TransactionCanceledException for `count` actions of which the one at
// `failed` has the item-level `error` (ValidationError), the others None.
ApiError ValidationCancellation(size_t count, size_t failed, const ApiError& error);

// "Transaction request cannot include multiple operations on one item", for
// storage keys (which start with their table's id).
void ThrowIfSameItemTwice(std::span<const std::string* const> storage_keys);

}  // namespace eddy

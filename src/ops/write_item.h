// PutItem, UpdateItem and DeleteItem as one operation with typed inputs and
// results, for every front end (the DynamoDB JSON handlers, PartiQL): the
// write, ReturnValues, ConditionalCheckFailed with the old item, and the
// consumed capacity.
#pragma once

#include <optional>

#include "engine/engine.h"
#include "ops/capacity.h"
#include "ops/conflict_injector.h"

namespace eddy {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

struct WriteItemResult {
  // What ReturnValues asked for; absent (or empty) when there is nothing.
  std::optional<Item> attributes;
  CapacityUse capacity;
  WriteOutcome outcome;
};

// Runs `op` on `table`. A failed condition throws
// ConditionalCheckFailedException, carrying the old item when
// `return_old_on_failure` (ReturnValuesOnConditionCheckFailure ALL_OLD).
// An armed `conflicts` fails it with TransactionConflictException first.
WriteItemResult WriteItem(Engine& engine, const TableInfo& table, const WriteOp& op, ReturnValues return_values,
                          bool return_old_on_failure, ConflictInjector* conflicts = nullptr);

// The attributes ReturnValues selects from a write's outcome: the old or new
// item (moved out of the outcome when it owns it), or only the attributes
// the op's update wrote.
std::optional<Item> ReturnedAttributes(ReturnValues return_values, const WriteOp& op, WriteOutcome& outcome);

}  // namespace eddy

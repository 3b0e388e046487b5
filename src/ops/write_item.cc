#include "ops/write_item.h"

#include <memory>

#include "core/api_error.h"
#include "expr/projection.h"

namespace eddy {

std::optional<Item> ReturnedAttributes(ReturnValues return_values, const WriteOp& op, WriteOutcome& outcome) {
  const Item* old_item = outcome.old_item ? &*outcome.old_item : nullptr;
  switch (return_values) {
    case ReturnValues::kNone: return std::nullopt;
    case ReturnValues::kAllOld: return std::move(outcome.old_item);
    case ReturnValues::kAllNew:
      if (outcome.updated_item && outcome.new_item == outcome.updated_item.get()) {
        outcome.new_item = nullptr;  // it moves out with the item
        return std::move(*outcome.updated_item);
      }
      return outcome.new_item ? std::optional<Item>(*outcome.new_item) : std::nullopt;
    case ReturnValues::kUpdatedOld:
    case ReturnValues::kUpdatedNew: {
      const Item* source = return_values == ReturnValues::kUpdatedOld ? old_item : outcome.new_item;
      if (!source || !op.update()) return std::nullopt;
      return expr::Projection::FromPaths(op.update()->paths()).Apply(*source);
    }
  }
  return std::nullopt;
}

WriteItemResult WriteItem(Engine& engine, const TableInfo& table, const WriteOp& op, ReturnValues return_values,
                          bool return_old_on_failure, ConflictInjector* conflicts) {
  if (conflicts && conflicts->TakeWrite()) throw ApiError::TransactionConflict();
  const bool want_old = return_old_on_failure || return_values == ReturnValues::kAllOld ||
                        return_values == ReturnValues::kUpdatedOld;
  WriteItemResult result;
  result.outcome = engine.Write(table, op, want_old);
  if (result.outcome.condition_failed) {
    ApiError error = ApiError::ConditionalCheckFailed();
    if (return_old_on_failure && result.outcome.old_item) {
      error.WithItem(std::make_shared<const Item>(std::move(*result.outcome.old_item)));
    }
    throw error;
  }
  result.attributes = ReturnedAttributes(return_values, op, result.outcome);
  result.capacity = WriteCapacityOf(result.outcome);
  return result;
}

}  // namespace eddy

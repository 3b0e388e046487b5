// The legacy (pre-expression) parameters, turned into the structures the
// expressions parse into, so that one evaluator serves both: Expected,
// QueryFilter and ScanFilter become a Condition, AttributeUpdates an Update,
// AttributesToGet a Projection, KeyConditions a KeyCondition. Typed inputs,
// no JSON (server/legacy_parameters.cc reads the request). The rules and
// messages are those of the developer guide's "Legacy conditional
// parameters" pages and what public suites record of the live service.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_value.h"
#include "core/table_schema.h"
#include "expr/condition.h"
#include "expr/key_condition.h"
#include "expr/projection.h"
#include "expr/update.h"

namespace eddy::expr {

// ComparisonOperator, in the order DynamoDB lists its enum.
enum class LegacyOp { kIn, kNull, kBetween, kLt, kNotContains, kEq, kGt, kNotNull, kNe, kLe, kBeginsWith, kGe, kContains };
std::optional<LegacyOp> ParseLegacyOp(std::string_view name);
std::string_view LegacyOpName(LegacyOp op);
// "[IN, NULL, BETWEEN, ...]" for enum constraint messages.
std::string LegacyOpEnumList();

// One attribute's condition: ComparisonOperator with AttributeValueList.
struct LegacyCondition {
  std::string attribute;
  LegacyOp op = LegacyOp::kEq;
  std::vector<AttributeValue> args;
};

// The argument rules shared by Expected, QueryFilter, ScanFilter and
// KeyConditions: count, then each argument's type, then one type for all,
// then BETWEEN's order. Throws ValidationException.
void CheckLegacyArguments(const LegacyCondition& condition);

// The conditions joined by AND (or OR); null for none.
std::optional<Condition> ConditionFromLegacy(const std::vector<LegacyCondition>& conditions, bool use_or);

// One entry of AttributeUpdates.
struct AttributeUpdate {
  enum class Action { kPut, kAdd, kDelete };
  std::string attribute;
  Action action = Action::kPut;
  std::optional<AttributeValue> value;
};
// Checks each entry (a value where one is needed, DELETE and ADD types) and
// builds the Update. PUT is SET, DELETE without a value REMOVE; ADD also
// appends to lists, and a mismatched type is "Type mismatch for attribute to
// update" (the legacy wording).
Update UpdateFromAttributeUpdates(const std::vector<AttributeUpdate>& updates);

// AttributesToGet: top-level names taken literally. Throws on a duplicate.
Projection ProjectionFromAttributeNames(const std::vector<std::string>& names);

// KeyConditions against the key schema of the table or index queried.
// Throws ValidationException with DynamoDB's messages.
KeyCondition KeyConditionFromLegacy(const std::vector<LegacyCondition>& conditions, const KeySchema& schema);

}  // namespace eddy::expr

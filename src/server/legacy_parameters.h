// The legacy (pre-expression) parameters on the wire: Expected,
// ConditionalOperator, AttributeUpdates, AttributesToGet, KeyConditions,
// QueryFilter and ScanFilter, read from the request with DynamoDB's
// errors and turned into the structures expressions parse into
// (expr/legacy.h), so the handlers run one code path for both.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "expr/condition.h"
#include "expr/legacy.h"
#include "expr/projection.h"
#include "expr/update.h"

namespace eddy {

// The checks that come before any parameter is read: legacy and expression
// parameters mixed ("Can not use both expression and non-expression
// parameters in the same request: ..."), ExpressionAttributeNames/Values
// with legacy parameters only, and ConditionalOperator without two or more
// conditions to join.
void CheckLegacyParameters(const JsonValue& request);

// Expected (with ConditionalOperator) as a condition; null when absent or empty.
std::optional<expr::Condition> ReadExpected(const JsonValue& request);
// QueryFilter or ScanFilter (`member`) with ConditionalOperator; null when
// absent or empty. `conditions`, when given, receives the attributes named.
std::optional<expr::Condition> ReadFilter(const JsonValue& request, std::string_view member,
                                          std::vector<std::string>* attributes = nullptr);

// AttributeUpdates; null when absent.
std::optional<expr::Update> ReadAttributeUpdates(const JsonValue& request);

// AttributesToGet; null when absent.
std::optional<expr::Projection> ReadAttributesToGet(const JsonValue& request);

// KeyConditions, checked as far as the request alone allows (operators,
// arguments, one or two conditions); null when absent. The key schema
// checks follow in expr::KeyConditionFromLegacy.
std::optional<std::vector<expr::LegacyCondition>> ReadKeyConditions(const JsonValue& request);

}  // namespace eddy

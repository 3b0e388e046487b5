// The legacy (pre-expression) parameters: Expected, AttributeUpdates,
// AttributesToGet, KeyConditions, QueryFilter, ScanFilter,
// ConditionalOperator. eddy does not implement them yet. A request that
// mixes them with expressions gets DynamoDB's own error; one that uses them
// alone gets a ValidationException saying eddy lacks them, rather than
// having a condition or update silently ignored.
#pragma once

#include "core/json.h"

namespace eddy {

void CheckLegacyParameters(const JsonValue& request);

}  // namespace eddy

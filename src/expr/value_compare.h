// Ordering of DynamoDB's scalar key types, shared by conditions (<, BETWEEN)
// and key conditions: N numerically, S and B by unsigned bytes (UTF-8 byte
// order for strings, as DynamoDB documents for sort keys).
#pragma once

#include "core/attribute_value.h"

namespace eddy::expr {

// S, N and B: the only types <, <=, >, >= and BETWEEN can be true for.
bool IsOrderedType(AttributeType type);

// -1, 0 or 1. Both values must have the same ordered type.
int CompareOrdered(const AttributeValue& a, const AttributeValue& b);

}  // namespace eddy::expr

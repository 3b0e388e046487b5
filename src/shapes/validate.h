// DynamoDB's first two stages of request validation, run from an
// operation's shape (shape.h) before its handler sees the request:
//
// 1. Types. The first value, in document order, whose JSON type does not
//    fit its member's shape is a SerializationException, worded as the
//    service's deserializer words it ("NUMBER_VALUE cannot be converted to
//    String"). Unknown members and nulls are ignored.
// 2. Constraints. Every member's declared constraints (required, lengths,
//    ranges, patterns, enums), walked in the service's order, collected
//    into one ValidationException: "2 validation errors detected: Value
//    'x' at 'path' failed to satisfy constraint: ...; ..." (at most 10).
//
// The operation's own rules (expressions, key schema, limits) come after,
// in its handler, and only then are tables looked up.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "shapes/shape.h"

namespace eddy::shapes {

// Both stages; throws ApiError.
void ValidateRequest(const Operation& operation, const JsonValue& body);

// Stage 1 for one value of `shape`; throws ApiError::Serialization.
void CheckTypes(const Shape& shape, const JsonValue& value);

// Stage 2 for one value of `shape`: the violations, at most `limit`.
std::vector<std::string> ConstraintViolations(const Shape& shape, const JsonValue& value, size_t limit = 10);

// A value as the service prints it in a violation: Java's toString of what
// it deserialized ("[a, b]", "{k=v}", "KeySchemaElement(attributeName=a,
// keyType=HASH)").
std::string RenderValue(const Shape& shape, const JsonValue& value);

}  // namespace eddy::shapes

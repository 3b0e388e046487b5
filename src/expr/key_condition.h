// KeyConditionExpression of Query: an equality on the hash key, optionally
// ANDed with one condition on the range key. DynamoDB parses it with the
// ConditionExpression grammar and then rejects what a key lookup cannot do.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_value.h"
#include "core/table_schema.h"
#include "expr/substitutions.h"

namespace eddy::expr {

enum class KeyOp { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };

struct RangeKeyCondition {
  KeyOp op = KeyOp::kEq;
  AttributeValue first;
  AttributeValue second;  // only for kBetween (the upper bound)
  // Whether `value` (of the range key's type) satisfies the condition.
  bool Matches(const AttributeValue& value) const;
};

// One primitive condition of a KeyConditionExpression: an attribute, an
// operator and its value(s), not yet matched to a key schema.
struct KeyTerm {
  std::string name;
  KeyOp op;
  AttributeValue first;
  AttributeValue second;  // only for kBetween
};

struct KeyCondition {
  AttributeValue hash_value;
  // On the sort attribute after those `range_prefix` fixes (the first one
  // for a single-attribute key).
  std::optional<RangeKeyCondition> range;
  // Multi-attribute GSI keys: the values of the partition attributes after
  // the first, and equalities on the leading sort attributes, in KeySchema
  // order. Empty for single-attribute keys.
  std::vector<AttributeValue> more_hash_values = {};
  std::vector<AttributeValue> range_prefix = {};

  // Throws ApiError (ValidationException) with DynamoDB's messages.
  static KeyCondition Parse(std::string_view text, const KeySchema& schema, Substitutions& subs) {
    return FromTerms(ParseTerms(text, subs), schema);
  }
  // Parse's two halves, as DynamoDB checks them on either side of the table
  // lookup: what needs no key schema (syntax, substitutions, each
  // condition's shape), then the terms matched to the schema.
  static std::vector<KeyTerm> ParseTerms(std::string_view text, Substitutions& subs);
  static KeyCondition FromTerms(const std::vector<KeyTerm>& terms, const KeySchema& schema);
};

}  // namespace eddy::expr

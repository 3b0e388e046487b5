#include "expr/key_condition.h"

#include <algorithm>
#include <vector>

#include "core/api_error.h"
#include "expr/parser.h"
#include "expr/resolve.h"
#include "expr/value_compare.h"

namespace eddy::expr {
namespace {

constexpr std::string_view kParameter = "KeyConditionExpression";

using Term = KeyTerm;

[[noreturn]] void NotSupported() { throw ApiError::Validation("Query key condition not supported"); }
[[noreturn]] void InvalidOperator(std::string_view op) {
  throw ApiError::Validation("Invalid operator used in KeyConditionExpression: " + std::string(op));
}
[[noreturn]] void InvalidCondition(const std::string& why) {
  throw ApiError::Validation("Invalid condition in KeyConditionExpression: " + why);
}

// "c < :v" and ":v > c" are the same condition.
KeyOp Mirror(KeyOp op) {
  switch (op) {
    case KeyOp::kLt: return KeyOp::kGt;
    case KeyOp::kLe: return KeyOp::kGe;
    case KeyOp::kGt: return KeyOp::kLt;
    case KeyOp::kGe: return KeyOp::kLe;
    default: return op;
  }
}

KeyOp ToKeyOp(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return KeyOp::kLt;
    case CompareOp::kLe: return KeyOp::kLe;
    case CompareOp::kGt: return KeyOp::kGt;
    case CompareOp::kGe: return KeyOp::kGe;
    default: return KeyOp::kEq;
  }
}

// One primitive condition of the AND chain -> Term. The checks and their
// order follow DynamoDB's (as mirrored by dynalite's validations): operator,
// operand shape, one key attribute, no nesting.
Term ToTerm(const ConditionNode& node) {
  using Kind = ConditionNode::Kind;
  if (node.kind == Kind::kIn) InvalidOperator("IN");
  if (node.kind == Kind::kCompare && node.op == CompareOp::kNe) InvalidOperator("<>");
  if (node.kind == Kind::kFunction && node.function != "begins_with") InvalidOperator(node.function);
  const std::vector<Operand>& args = node.operands;
  if (node.kind == Kind::kBetween && args[0].kind != Operand::Kind::kPath) {
    InvalidCondition("BETWEEN operator must have the key attribute as its first operand");
  }
  if (node.kind == Kind::kFunction && args[0].kind != Operand::Kind::kPath) {
    InvalidCondition("begins_with operator must have the key attribute as its first operand");
  }
  const Operand* key = nullptr;
  size_t key_index = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].kind == Operand::Kind::kFunction) {
      throw ApiError::Validation("KeyConditionExpressions cannot contain nested operations");
    }
    if (args[i].kind != Operand::Kind::kPath) continue;
    if (key != nullptr) InvalidCondition("Multiple attribute names used in one condition");
    if (args[i].path.size() > 1) {
      throw ApiError::Validation("KeyConditionExpressions cannot have conditions on nested attributes");
    }
    key = &args[i];
    key_index = i;
  }
  if (key == nullptr) InvalidCondition("No key attribute specified");
  Term term{key->path[0].name, KeyOp::kEq, {}, {}};
  switch (node.kind) {
    case Kind::kCompare:
      term.op = key_index == 0 ? ToKeyOp(node.op) : Mirror(ToKeyOp(node.op));
      term.first = args[1 - key_index].value;
      break;
    case Kind::kBetween:
      term.op = KeyOp::kBetween;
      term.first = args[1].value;
      term.second = args[2].value;
      break;
    default:  // begins_with
      term.op = KeyOp::kBeginsWith;
      term.first = args[1].value;
      break;
  }
  return term;
}

// Flattens the AND chain into terms, in expression order.
void CollectTerms(const ConditionNode& node, std::vector<Term>& terms) {
  using Kind = ConditionNode::Kind;
  if (node.kind == Kind::kOr) InvalidOperator("OR");
  if (node.kind == Kind::kNot) InvalidOperator("NOT");
  if (node.kind == Kind::kAnd) {
    CollectTerms(node.children[0], terms);
    CollectTerms(node.children[1], terms);
    return;
  }
  Term term = ToTerm(node);
  for (const Term& other : terms) {
    if (other.name == term.name) {
      throw ApiError::Validation("KeyConditionExpressions must only contain one condition per key");
    }
  }
  terms.push_back(std::move(term));
}

void CheckType(const AttributeValue& value, const KeyAttribute& key) {
  if (value.type != key.type) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  }
}

void CheckRangeTerm(const Term& term, const KeyAttribute& key) {
  if (term.op == KeyOp::kBeginsWith && key.type == AttributeType::kNumber) {
    ThrowIncorrectOperandType(kParameter, "begins_with", term.first.type);
  }
  CheckType(term.first, key);
  if (term.op == KeyOp::kBetween) CheckType(term.second, key);
}

// A multi-attribute GSI key: an equality on every partition attribute, and
// conditions on a leading run of the sort attributes, left to right, all
// equalities but the last.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.DesignPattern.MultiAttributeKeys.html
KeyCondition ParseMultiAttribute(const std::vector<Term>& terms, const KeySchema& schema) {
  const std::vector<const KeyAttribute*> hash_parts = schema.HashParts();
  const std::vector<const KeyAttribute*> range_parts = schema.RangeParts();
  auto term_on = [&](const KeyAttribute& key) -> const Term* {
    for (const Term& term : terms) {
      if (term.name == key.name) return &term;
    }
    return nullptr;
  };
  for (const Term& term : terms) {
    const bool known = std::any_of(hash_parts.begin(), hash_parts.end(), [&](auto* k) { return k->name == term.name; }) ||
                       std::any_of(range_parts.begin(), range_parts.end(), [&](auto* k) { return k->name == term.name; });
    if (!known) NotSupported();
  }
  KeyCondition result;
  for (size_t i = 0; i < hash_parts.size(); ++i) {
    const Term* term = term_on(*hash_parts[i]);
    if (term == nullptr) {
      throw ApiError::Validation("Query condition missed key schema element: " + hash_parts[i]->name);
    }
    if (term->op != KeyOp::kEq) NotSupported();
    CheckType(term->first, *hash_parts[i]);
    if (i == 0) {
      result.hash_value = term->first;
    } else {
      result.more_hash_values.push_back(term->first);
    }
  }
  // The sort attributes given must be a leading run: the first one missing
  // ends it, and a later one given after a gap names the gap.
  size_t given = 0;
  while (given < range_parts.size() && term_on(*range_parts[given])) ++given;
  for (size_t i = given; i < range_parts.size(); ++i) {
    if (term_on(*range_parts[i])) {
      throw ApiError::Validation("Query condition missed key schema element: " + range_parts[given]->name);
    }
  }
  for (size_t i = 0; i < given; ++i) {
    const Term& term = *term_on(*range_parts[i]);
    CheckRangeTerm(term, *range_parts[i]);
    if (i + 1 < given) {
      if (term.op != KeyOp::kEq) NotSupported();  // only the last may be a range
      result.range_prefix.push_back(term.first);
    } else {
      result.range = RangeKeyCondition{term.op, term.first, term.second};
    }
  }
  return result;
}

}  // namespace

std::vector<KeyTerm> KeyCondition::ParseTerms(std::string_view text, Substitutions& subs) {
  Parser parser(text, kParameter);
  ConditionNode root = parser.ParseWholeCondition();
  ResolveCondition(root, subs, kParameter);
  std::vector<Term> terms;
  CollectTerms(root, terms);
  return terms;
}

KeyCondition KeyCondition::FromTerms(const std::vector<KeyTerm>& terms, const KeySchema& schema) {
  if (schema.multi_attribute()) return ParseMultiAttribute(terms, schema);
  if (terms.size() > 2) throw ApiError::Validation("Conditions can be of length 1 or 2 only");

  KeyCondition result;
  const Term* hash = nullptr;
  const Term* range = nullptr;
  for (const Term& term : terms) {
    if (term.name == schema.hash.name) {
      hash = &term;
    } else if (schema.range && term.name == schema.range->name) {
      range = &term;
    } else if (schema.range && terms.size() == 2) {
      // DynamoDB expects the other condition to be on the sort key.
      throw ApiError::Validation("Query condition missed key schema element: " + schema.range->name);
    } else if (terms.size() == 1) {
      // A lone condition on another attribute: the partition key is missing.
      throw ApiError::Validation("Query condition missed key schema element: " + schema.hash.name);
    } else {
      NotSupported();
    }
  }
  if (hash == nullptr) {
    throw ApiError::Validation("Query condition missed key schema element: " + schema.hash.name);
  }
  if (hash->op != KeyOp::kEq) NotSupported();
  CheckType(hash->first, schema.hash);
  result.hash_value = hash->first;
  if (range != nullptr) {
    CheckRangeTerm(*range, *schema.range);
    result.range = RangeKeyCondition{range->op, range->first, range->second};
  }
  return result;
}

bool RangeKeyCondition::Matches(const AttributeValue& value) const {
  if (value.type != first.type) return false;
  int c = CompareOrdered(value, first);
  switch (op) {
    case KeyOp::kEq: return c == 0;
    case KeyOp::kLt: return c < 0;
    case KeyOp::kLe: return c <= 0;
    case KeyOp::kGt: return c > 0;
    case KeyOp::kGe: return c >= 0;
    case KeyOp::kBetween: return c >= 0 && CompareOrdered(value, second) <= 0;
    case KeyOp::kBeginsWith: return value.as_string().starts_with(first.as_string());
  }
  return false;
}

}  // namespace eddy::expr

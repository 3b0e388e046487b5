#include "expr/legacy.h"

#include <algorithm>
#include <set>

#include "core/api_error.h"
#include "expr/value_compare.h"

namespace eddy::expr {
namespace {

constexpr std::string_view kOpNames[] = {"IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
                                         "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS"};

ApiError Invalid(const std::string& message) {
  return ApiError::Validation("One or more parameter values were invalid: " + message);
}

bool IsSetType(AttributeType type) {
  return type == AttributeType::kStringSet || type == AttributeType::kNumberSet || type == AttributeType::kBinarySet;
}
bool IsScalarKeyType(AttributeType type) {
  return type == AttributeType::kString || type == AttributeType::kNumber || type == AttributeType::kBinary;
}

bool ArgumentCountFits(LegacyOp op, size_t count) {
  switch (op) {
    case LegacyOp::kNull:
    case LegacyOp::kNotNull: return count == 0;
    case LegacyOp::kIn: return count >= 1;
    case LegacyOp::kBetween: return count == 2;
    default: return count == 1;
  }
}

bool ArgumentTypeFits(LegacyOp op, AttributeType type) {
  switch (op) {
    case LegacyOp::kEq:
    case LegacyOp::kNe: return true;
    case LegacyOp::kContains:
    case LegacyOp::kNotContains:
      return IsScalarKeyType(type) || type == AttributeType::kBool || type == AttributeType::kNull;
    case LegacyOp::kBeginsWith: return type == AttributeType::kString || type == AttributeType::kBinary;
    default: return IsScalarKeyType(type);  // LT, LE, GT, GE, IN, BETWEEN
  }
}

Operand PathOperand(const std::string& attribute) {
  Operand operand;
  operand.kind = Operand::Kind::kPath;
  operand.path = {PathElement{attribute}};
  return operand;
}

Operand ValueOperand(const AttributeValue& value) {
  Operand operand;
  operand.kind = Operand::Kind::kValue;
  operand.value_ref = ":legacy";  // printed by ToString only
  operand.value = value;
  return operand;
}

ConditionNode FunctionNode(std::string name, std::vector<Operand> operands) {
  ConditionNode node;
  node.kind = ConditionNode::Kind::kFunction;
  node.function = std::move(name);
  node.operands = std::move(operands);
  return node;
}

ConditionNode Join(ConditionNode::Kind kind, ConditionNode a, ConditionNode b) {
  ConditionNode node;
  node.kind = kind;
  node.children.push_back(std::move(a));
  node.children.push_back(std::move(b));
  return node;
}

ConditionNode NodeOf(const LegacyCondition& c) {
  const Operand path = PathOperand(c.attribute);
  ConditionNode node;
  auto compare = [&](CompareOp op) {
    node.kind = ConditionNode::Kind::kCompare;
    node.op = op;
    node.operands = {path, ValueOperand(c.args[0])};
    return node;
  };
  switch (c.op) {
    case LegacyOp::kEq: return compare(CompareOp::kEq);
    case LegacyOp::kNe: return compare(CompareOp::kNe);
    case LegacyOp::kLt: return compare(CompareOp::kLt);
    case LegacyOp::kLe: return compare(CompareOp::kLe);
    case LegacyOp::kGt: return compare(CompareOp::kGt);
    case LegacyOp::kGe: return compare(CompareOp::kGe);
    case LegacyOp::kNull: return FunctionNode("attribute_not_exists", {path});
    case LegacyOp::kNotNull: return FunctionNode("attribute_exists", {path});
    case LegacyOp::kContains: return FunctionNode("contains", {path, ValueOperand(c.args[0])});
    case LegacyOp::kNotContains: {
      // Unlike NOT contains(...), NOT_CONTAINS is false for a missing attribute.
      ConditionNode negated;
      negated.kind = ConditionNode::Kind::kNot;
      negated.children.push_back(FunctionNode("contains", {path, ValueOperand(c.args[0])}));
      return Join(ConditionNode::Kind::kAnd, FunctionNode("attribute_exists", {path}), std::move(negated));
    }
    case LegacyOp::kBeginsWith: return FunctionNode("begins_with", {path, ValueOperand(c.args[0])});
    case LegacyOp::kIn:
    case LegacyOp::kBetween: {
      node.kind = c.op == LegacyOp::kIn ? ConditionNode::Kind::kIn : ConditionNode::Kind::kBetween;
      node.operands.push_back(path);
      for (const AttributeValue& arg : c.args) node.operands.push_back(ValueOperand(arg));
      return node;
    }
  }
  return node;
}

std::optional<KeyOp> RangeKeyOp(LegacyOp op) {
  switch (op) {
    case LegacyOp::kEq: return KeyOp::kEq;
    case LegacyOp::kLt: return KeyOp::kLt;
    case LegacyOp::kLe: return KeyOp::kLe;
    case LegacyOp::kGt: return KeyOp::kGt;
    case LegacyOp::kGe: return KeyOp::kGe;
    case LegacyOp::kBetween: return KeyOp::kBetween;
    case LegacyOp::kBeginsWith: return KeyOp::kBeginsWith;
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<LegacyOp> ParseLegacyOp(std::string_view name) {
  for (size_t i = 0; i < std::size(kOpNames); ++i) {
    if (kOpNames[i] == name) return static_cast<LegacyOp>(i);
  }
  return std::nullopt;
}

std::string_view LegacyOpName(LegacyOp op) { return kOpNames[static_cast<size_t>(op)]; }

std::string LegacyOpEnumList() {
  std::string list = "[";
  for (std::string_view name : kOpNames) list.append(list.size() > 1 ? ", " : "").append(name);
  return list + "]";
}

void CheckLegacyArguments(const LegacyCondition& condition) {
  const std::string op(LegacyOpName(condition.op));
  if (!ArgumentCountFits(condition.op, condition.args.size())) {
    throw Invalid("Invalid number of argument(s) for the " + op + " ComparisonOperator");
  }
  for (const AttributeValue& arg : condition.args) {
    if (!ArgumentTypeFits(condition.op, arg.type)) {
      throw Invalid("ComparisonOperator " + op + " is not valid for " + std::string(TypeDescriptor(arg.type)) +
                    " AttributeValue type");
    }
    if (arg.type != condition.args.front().type) {
      throw Invalid("AttributeValues inside AttributeValueList must be of same type");
    }
  }
  if (condition.op == LegacyOp::kBetween && CompareOrdered(condition.args[0], condition.args[1]) > 0) {
    throw ApiError::Validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  }
}

std::optional<Condition> ConditionFromLegacy(const std::vector<LegacyCondition>& conditions, bool use_or) {
  if (conditions.empty()) return std::nullopt;
  ConditionNode root = NodeOf(conditions.front());
  for (size_t i = 1; i < conditions.size(); ++i) {
    root = Join(use_or ? ConditionNode::Kind::kOr : ConditionNode::Kind::kAnd, std::move(root), NodeOf(conditions[i]));
  }
  return Condition::FromTree(std::move(root));
}

Update UpdateFromAttributeUpdates(const std::vector<AttributeUpdate>& updates) {
  std::vector<UpdateAction> actions;
  for (const AttributeUpdate& update : updates) {
    using Action = AttributeUpdate::Action;
    if (!update.value && update.action != Action::kDelete) {
      throw Invalid("Only DELETE action is allowed when no attribute value is specified");
    }
    UpdateAction action;
    action.path = {PathElement{update.attribute}};
    if (update.action == Action::kPut) {
      action.kind = UpdateAction::Kind::kSet;
      action.set.left = ValueOperand(*update.value);
    } else if (update.action == Action::kDelete && !update.value) {
      action.kind = UpdateAction::Kind::kRemove;
    } else if (update.action == Action::kDelete) {
      if (!IsSetType(update.value->type)) {
        throw Invalid("DELETE action with value is not supported for the type " +
                      std::string(TypeDescriptor(update.value->type)));
      }
      action.kind = UpdateAction::Kind::kDelete;
      action.value = ValueOperand(*update.value);
    } else {
      const AttributeType type = update.value->type;
      if (type != AttributeType::kNumber && type != AttributeType::kList && !IsSetType(type)) {
        throw Invalid("ADD action is not supported for the type " + std::string(TypeDescriptor(type)));
      }
      action.kind = UpdateAction::Kind::kAdd;
      action.value = ValueOperand(*update.value);
    }
    actions.push_back(std::move(action));
  }
  return Update::FromActions(std::move(actions), /*legacy=*/true);
}

Projection ProjectionFromAttributeNames(const std::vector<std::string>& names) {
  std::set<std::string_view> seen;
  std::vector<Path> paths;
  for (const std::string& name : names) {
    if (!seen.insert(name).second) throw Invalid("Duplicate value in attribute name: " + name);
    paths.push_back({PathElement{name}});
  }
  return Projection::FromPaths(std::move(paths));
}

KeyCondition KeyConditionFromLegacy(const std::vector<LegacyCondition>& conditions, const KeySchema& schema) {
  const std::vector<const KeyAttribute*> hash_parts = schema.HashParts();
  const std::vector<const KeyAttribute*> range_parts = schema.RangeParts();
  if (range_parts.empty() && conditions.size() > hash_parts.size()) {
    throw ApiError::Validation("Query key condition not supported");
  }
  auto find = [&](const std::string& name) -> const LegacyCondition* {
    for (const LegacyCondition& c : conditions) {
      if (c.attribute == name) return &c;
    }
    return nullptr;
  };
  auto is_key = [&](const std::string& name) {
    auto named = [&](const KeyAttribute* k) { return k->name == name; };
    return std::any_of(hash_parts.begin(), hash_parts.end(), named) ||
           std::any_of(range_parts.begin(), range_parts.end(), named);
  };
  for (const KeyAttribute* hash : hash_parts) {
    if (!find(hash->name)) throw ApiError::Validation("Query condition missed key schema element: " + hash->name);
  }
  for (const LegacyCondition& c : conditions) {
    if (is_key(c.attribute)) continue;
    for (const KeyAttribute* range : range_parts) {
      if (!find(range->name)) throw ApiError::Validation("Query condition missed key schema element: " + range->name);
    }
    throw ApiError::Validation("Query key condition not supported");
  }
  const std::vector<const KeyAttribute*>* groups[] = {&hash_parts, &range_parts};
  for (const auto* parts : groups) {
    for (const KeyAttribute* key : *parts) {
      const LegacyCondition* c = find(key->name);
      if (!c) continue;
      if (!RangeKeyOp(c->op)) throw ApiError::Validation("Attempted conditional constraint is not an indexable operation");
      if (c->args.front().type != key->type) {
        throw Invalid("Condition parameter type does not match schema type");
      }
    }
  }
  KeyCondition result;
  for (size_t i = 0; i < hash_parts.size(); ++i) {
    const LegacyCondition* c = find(hash_parts[i]->name);
    if (c->op != LegacyOp::kEq) throw ApiError::Validation("Query key condition not supported");
    (i == 0 ? result.hash_value : result.more_hash_values.emplace_back()) = c->args[0];
  }
  // Sort attributes from the left, without gaps: equalities on all but the
  // last one given, any range condition on that one.
  size_t given = 0;
  while (given < range_parts.size() && find(range_parts[given]->name)) ++given;
  for (size_t i = given; i < range_parts.size(); ++i) {
    if (find(range_parts[i]->name)) throw ApiError::Validation("Query key condition not supported");
  }
  for (size_t i = 0; i < given; ++i) {
    const LegacyCondition* c = find(range_parts[i]->name);
    if (i + 1 < given) {
      if (c->op != LegacyOp::kEq) throw ApiError::Validation("Query key condition not supported");
      result.range_prefix.push_back(c->args[0]);
      continue;
    }
    RangeKeyCondition range;
    range.op = *RangeKeyOp(c->op);
    range.first = c->args[0];
    if (c->op == LegacyOp::kBetween) range.second = c->args[1];
    result.range = std::move(range);
  }
  return result;
}

}  // namespace eddy::expr

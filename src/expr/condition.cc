#include "expr/condition.h"

#include <algorithm>

#include "expr/parser.h"
#include "expr/resolve.h"
#include "expr/value_compare.h"

namespace eddy::expr {

Condition Condition::Parse(std::string_view text, std::string_view parameter, Substitutions& subs) {
  Parser parser(text, parameter);
  auto root = std::make_shared<ConditionNode>(parser.ParseWholeCondition());
  ResolveCondition(*root, subs, parameter);
  return Condition(std::move(root));
}

bool Condition::Evaluate(const Item& item) const { return EvaluateCondition(*root_, item); }

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// contains(a, b): substring of a string/binary, member of a set, or
// element of a list (DynamoDB developer guide, "Condition expressions").
bool EvaluateContains(const AttributeValue& a, const AttributeValue& b) {
  switch (a.type) {
    case AttributeType::kString:
    case AttributeType::kBinary:
      return b.type == a.type && Contains(a.as_string(), b.as_string());
    case AttributeType::kStringSet:
      return b.type == AttributeType::kString &&
             std::binary_search(a.as_string_set().begin(), a.as_string_set().end(), b.as_string());
    case AttributeType::kBinarySet:
      return b.type == AttributeType::kBinary &&
             std::binary_search(a.as_string_set().begin(), a.as_string_set().end(), b.as_string());
    case AttributeType::kNumberSet:
      return b.type == AttributeType::kNumber &&
             std::binary_search(a.as_number_set().begin(), a.as_number_set().end(), b.as_number());
    case AttributeType::kList: {
      const AttributeList& list = a.as_list();
      return std::find(list.begin(), list.end(), b) != list.end();
    }
    default: return false;
  }
}

bool EvaluateFunction(const ConditionNode& node, const Item& item) {
  const std::string& name = node.function;
  if (name == "attribute_exists") return FindPath(item, node.operands[0].path) != nullptr;
  if (name == "attribute_not_exists") return FindPath(item, node.operands[0].path) == nullptr;
  auto a = EvaluateConditionOperand(node.operands[0], item);
  auto b = EvaluateConditionOperand(node.operands[1], item);
  if (!a || !b) return false;
  if (name == "attribute_type") {
    return b->type == AttributeType::kString && TypeDescriptor(a->type) == b->as_string();
  }
  if (name == "begins_with") {
    if (a->type != b->type) return false;
    if (a->type != AttributeType::kString && a->type != AttributeType::kBinary) return false;
    return a->as_string().starts_with(b->as_string());
  }
  if (name == "contains") return EvaluateContains(*a, *b);
  return false;  // resolve admits no other condition function
}

bool EvaluateCompare(CompareOp op, const OperandValue& a, const OperandValue& b) {
  // A missing operand makes every comparison false except "<>", which
  // DynamoDB treats as true (a missing attribute is "not equal" to anything).
  if (op == CompareOp::kEq) return a && b && *a == *b;
  if (op == CompareOp::kNe) return !(a && b && *a == *b);
  if (!a || !b || a->type != b->type || !IsOrderedType(a->type)) return false;
  int c = CompareOrdered(*a, *b);
  switch (op) {
    case CompareOp::kLt: return c < 0;
    case CompareOp::kLe: return c <= 0;
    case CompareOp::kGt: return c > 0;
    case CompareOp::kGe: return c >= 0;
    default: return false;
  }
}

}  // namespace

OperandValue EvaluateConditionOperand(const Operand& operand, const Item& item) {
  switch (operand.kind) {
    case Operand::Kind::kValue: return OperandValue(&operand.value);
    case Operand::Kind::kPath: return OperandValue(FindPath(item, operand.path));
    case Operand::Kind::kFunction: {
      // Only size() gets here (resolve rejects the rest).
      OperandValue arg = EvaluateConditionOperand(operand.args[0], item);
      if (!arg) return {};
      size_t size = 0;
      switch (arg->type) {
        // Strings and binaries measure in bytes (developer guide, "size" in
        // the PartiQL functions: "the size of an attribute in bytes").
        case AttributeType::kString:
        case AttributeType::kBinary: size = arg->as_string().size(); break;
        case AttributeType::kStringSet:
        case AttributeType::kBinarySet: size = arg->as_string_set().size(); break;
        case AttributeType::kNumberSet: size = arg->as_number_set().size(); break;
        case AttributeType::kList: size = arg->as_list().size(); break;
        case AttributeType::kMap: size = arg->as_map().size(); break;
        default: return {};  // size of N, BOOL, NULL is undefined
      }
      return OperandValue(AttributeValue::Num(Number::FromInt(static_cast<int64_t>(size))));
    }
  }
  return {};
}

bool EvaluateCondition(const ConditionNode& node, const Item& item) {
  using Kind = ConditionNode::Kind;
  switch (node.kind) {
    case Kind::kAnd:
      return EvaluateCondition(node.children[0], item) && EvaluateCondition(node.children[1], item);
    case Kind::kOr:
      return EvaluateCondition(node.children[0], item) || EvaluateCondition(node.children[1], item);
    case Kind::kNot: return !EvaluateCondition(node.children[0], item);
    case Kind::kFunction: return EvaluateFunction(node, item);
    case Kind::kCompare:
      return EvaluateCompare(node.op, EvaluateConditionOperand(node.operands[0], item),
                             EvaluateConditionOperand(node.operands[1], item));
    case Kind::kBetween: {
      auto x = EvaluateConditionOperand(node.operands[0], item);
      auto lo = EvaluateConditionOperand(node.operands[1], item);
      auto hi = EvaluateConditionOperand(node.operands[2], item);
      return EvaluateCompare(CompareOp::kGe, x, lo) && EvaluateCompare(CompareOp::kLe, x, hi);
    }
    case Kind::kIn: {
      auto x = EvaluateConditionOperand(node.operands[0], item);
      if (!x) return false;
      for (size_t i = 1; i < node.operands.size(); ++i) {
        auto candidate = EvaluateConditionOperand(node.operands[i], item);
        if (candidate && *candidate == *x) return true;
      }
      return false;
    }
  }
  return false;
}

namespace {

void CollectPaths(const ConditionNode& node, std::vector<const Path*>* paths) {
  for (const Operand& operand : node.operands) CollectPaths(operand, paths);
  for (const ConditionNode& child : node.children) CollectPaths(child, paths);
}

}  // namespace

std::vector<const Path*> Condition::Paths() const {
  std::vector<const Path*> paths;
  CollectPaths(*root_, &paths);
  return paths;
}

std::set<std::string> Condition::TopLevelNames() const {
  std::set<std::string> names;
  for (const Path* path : Paths()) names.insert(path->front().name);
  return names;
}

}  // namespace eddy::expr

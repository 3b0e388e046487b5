#include "expr/resolve.h"

#include <algorithm>
#include <optional>

#include "expr/parser.h"
#include "expr/value_compare.h"

namespace eddy::expr {
namespace {

std::optional<AttributeType> StaticType(const Operand& operand);
void CheckDistinct(std::string_view op, const std::vector<Operand>& operands,
                   std::string_view parameter);

enum class FunctionRole {
  kConditionFunction,  // attribute_exists(...) etc.: a condition by itself
  kConditionOperand,   // size(...): a value inside a condition
  kUpdateOperand,      // if_not_exists / list_append: a value in SET
};

struct FunctionInfo {
  std::string_view name;
  FunctionRole role;
  size_t arity;
  bool first_arg_is_path;  // "Operator or function requires a document path"
};

// The functions of the DynamoDB developer guide's "Condition and filter
// expressions" and "Update expressions" pages.
constexpr FunctionInfo kFunctions[] = {
    {"attribute_exists", FunctionRole::kConditionFunction, 1, true},
    {"attribute_not_exists", FunctionRole::kConditionFunction, 1, true},
    {"attribute_type", FunctionRole::kConditionFunction, 2, true},
    {"begins_with", FunctionRole::kConditionFunction, 2, false},
    {"contains", FunctionRole::kConditionFunction, 2, false},
    {"size", FunctionRole::kConditionOperand, 1, false},
    {"if_not_exists", FunctionRole::kUpdateOperand, 2, true},
    {"list_append", FunctionRole::kUpdateOperand, 2, false},
};

const FunctionInfo& LookUp(const std::string& name, std::string_view parameter) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.name == name) return info;
  }
  ThrowInvalid(parameter, "Invalid function name; function: " + name);
}

[[noreturn]] void NotAllowedThisWay(std::string_view parameter, const std::string& name) {
  ThrowInvalid(parameter,
               "The function is not allowed to be used this way in an expression; function: " + name);
}

// `as_condition`: the call stands alone as a condition (attribute_exists(a))
// rather than producing a value (size(a)).
void ResolveCall(const std::string& name, std::vector<Operand>& args, bool as_condition,
                 OperandContext context, Substitutions& subs, std::string_view parameter) {
  const FunctionInfo& info = LookUp(name, parameter);
  if (context == OperandContext::kUpdate && info.role != FunctionRole::kUpdateOperand) {
    ThrowInvalid(parameter, "The function is not allowed in an update expression; function: " + name);
  }
  if (context == OperandContext::kCondition && info.role == FunctionRole::kUpdateOperand) {
    ThrowInvalid(parameter, "The function is not allowed in a condition expression; function: " + name);
  }
  if (as_condition != (info.role == FunctionRole::kConditionFunction)) {
    NotAllowedThisWay(parameter, name);
  }
  for (Operand& arg : args) {
    // DynamoDB rejects list_append(list_append(...), ...) although the
    // grammar allows it (scylladb test_update_expression_function_nesting).
    if (name == "list_append" && arg.kind == Operand::Kind::kFunction &&
        arg.function == "list_append") {
      NotAllowedThisWay(parameter, arg.function);
    }
    ResolveOperand(arg, context, subs, parameter);
  }
  if (args.size() != info.arity) {
    ThrowInvalid(parameter, "Incorrect number of operands for operator or function; operator or function: " +
                                name + ", number of operands: " + std::to_string(args.size()));
  }
  if (info.first_arg_is_path && args[0].kind != Operand::Kind::kPath) {
    ThrowInvalid(parameter, "Operator or function requires a document path; operator or function: " + name);
  }
  CheckDistinct(name, args, parameter);
  for (const Operand& arg : args) {
    std::optional<AttributeType> type = StaticType(arg);
    if (!type) continue;
    if (name == "begins_with" && type != AttributeType::kString && type != AttributeType::kBinary) {
      ThrowIncorrectOperandType(parameter, name, *type);
    }
    if (name == "size" && (type == AttributeType::kNumber || type == AttributeType::kBool ||
                           type == AttributeType::kNull)) {
      ThrowIncorrectOperandType(parameter, name, *type);
    }
    if (name == "list_append" && type != AttributeType::kList) {
      ThrowIncorrectOperandType(parameter, name, *type);
    }
  }
  if (name == "attribute_type" && args[1].kind != Operand::Kind::kValue) {
    // The type name must be a constant; DynamoDB lists every type here.
    ThrowInvalid(parameter, "Incorrect operand type for operator or function; operator or function: "
                            "attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
  }
  if (name == "attribute_type" && args[1].kind == Operand::Kind::kValue) {
    const AttributeValue& type = args[1].value;
    if (type.type != AttributeType::kString) ThrowIncorrectOperandType(parameter, name, type.type);
    static constexpr std::string_view kTypes[] = {"B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M"};
    if (std::find(std::begin(kTypes), std::end(kTypes), type.as_string()) == std::end(kTypes)) {
      ThrowInvalid(parameter, "Invalid attribute type name found; type: " + type.as_string() +
                                  ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
    }
  }
}

std::string DescribeValue(const AttributeValue& value) {
  // DynamoDB's rendering in BETWEEN errors: "AttributeValue: {N:5}".
  std::string body;
  switch (value.type) {
    case AttributeType::kString: body = value.as_string(); break;
    case AttributeType::kNumber: body = value.as_number().ToString(); break;
    default: body = "..."; break;
  }
  return "AttributeValue: {" + std::string(TypeDescriptor(value.type)) + ":" + body + "}";
}

// The type an operand is known to have before any item is read: a
// constant's type, or N for size(). Null when it depends on the item.
std::optional<AttributeType> StaticType(const Operand& operand) {
  if (operand.kind == Operand::Kind::kValue) return operand.value.type;
  if (operand.kind == Operand::Kind::kFunction && operand.function == "size") {
    return AttributeType::kNumber;
  }
  return std::nullopt;
}

// DynamoDB rejects "a = a", begins_with(a, a) and the like.
void CheckDistinct(std::string_view op, const std::vector<Operand>& operands,
                   std::string_view parameter) {
  if (operands.size() != 2 || operands[0].kind != Operand::Kind::kPath ||
      operands[1].kind != Operand::Kind::kPath || operands[0].path != operands[1].path) {
    return;
  }
  ThrowInvalid(parameter,
               "The first operand must be distinct from the remaining operands for this operator or "
               "function; operator: " + std::string(op) + ", first operand: " +
                   PathToMessageString(operands[0].path));
}

}  // namespace

void ThrowIncorrectOperandType(std::string_view parameter, std::string_view op, AttributeType type) {
  ThrowInvalid(parameter, "Incorrect operand type for operator or function; operator or function: " +
                              std::string(op) + ", operand type: " +
                              std::string(TypeDescriptor(type)));
}

void CheckFunctionNames(const Operand& operand, std::string_view parameter) {
  if (operand.kind != Operand::Kind::kFunction) return;
  LookUp(operand.function, parameter);
  for (const Operand& arg : operand.args) CheckFunctionNames(arg, parameter);
}

void ResolvePath(Path& path, Substitutions& subs, std::string_view parameter) {
  for (PathElement& element : path) {
    if (!element.is_index() && !element.name.empty() && element.name[0] == '#') {
      element.name = subs.Name(element.name, parameter);
    }
  }
}

void ResolveOperand(Operand& operand, OperandContext context, Substitutions& subs,
                    std::string_view parameter) {
  switch (operand.kind) {
    case Operand::Kind::kPath: ResolvePath(operand.path, subs, parameter); break;
    case Operand::Kind::kValue: operand.value = subs.Value(operand.value_ref, parameter); break;
    case Operand::Kind::kFunction:
      ResolveCall(operand.function, operand.args, /*as_condition=*/false, context, subs, parameter);
      break;
  }
}

void ResolveCondition(ConditionNode& node, Substitutions& subs, std::string_view parameter) {
  using Kind = ConditionNode::Kind;
  if (node.kind == Kind::kAnd || node.kind == Kind::kOr || node.kind == Kind::kNot) {
    for (ConditionNode& child : node.children) ResolveCondition(child, subs, parameter);
    return;
  }
  if (node.kind == Kind::kFunction) {
    ResolveCall(node.function, node.operands, /*as_condition=*/true, OperandContext::kCondition,
                subs, parameter);
    return;
  }
  for (Operand& operand : node.operands) {
    ResolveOperand(operand, OperandContext::kCondition, subs, parameter);
  }
  if (node.kind == Kind::kIn && node.operands.size() > 101) {
    ThrowInvalid(parameter, "The IN operator is provided with too many operands; number of operands: " +
                                std::to_string(node.operands.size() - 1));
  }
  if (node.kind == Kind::kCompare) {
    CheckDistinct(CompareOpText(node.op), node.operands, parameter);
    // Order comparisons only exist for S, N and B; a constant of another
    // type is known to be wrong before any item is read.
    if (node.op != CompareOp::kEq && node.op != CompareOp::kNe) {
      for (const Operand& operand : node.operands) {
        if (operand.kind == Operand::Kind::kValue && !IsOrderedType(operand.value.type)) {
          ThrowIncorrectOperandType(parameter, CompareOpText(node.op), operand.value.type);
        }
      }
    }
  }
  if (node.kind == Kind::kBetween && node.operands[1].kind == Operand::Kind::kValue &&
      node.operands[2].kind == Operand::Kind::kValue) {
    const AttributeValue& lo = node.operands[1].value;
    const AttributeValue& hi = node.operands[2].value;
    if (lo.type != hi.type) {
      ThrowInvalid(parameter, "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: " +
                                  DescribeValue(lo) + ", upper bound operand: " + DescribeValue(hi));
    }
    if (IsOrderedType(lo.type) && CompareOrdered(lo, hi) > 0) {
      ThrowInvalid(parameter, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: " +
                                  DescribeValue(lo) + ", upper bound operand: " + DescribeValue(hi));
    }
  }
}

}  // namespace eddy::expr

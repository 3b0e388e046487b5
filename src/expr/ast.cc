#include "expr/ast.h"

namespace eddy::expr {

std::string Operand::ToString() const {
  switch (kind) {
    case Kind::kPath: return PathToString(path);
    case Kind::kValue: return value_ref;
    case Kind::kFunction: {
      std::string out = function + "(";
      for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) out += ", ";
        out += args[i].ToString();
      }
      return out + ")";
    }
  }
  return "";
}

std::string_view CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "<>";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

namespace {
// Children of AND/OR/NOT are parenthesized when they bind more loosely, so
// the printed text parses back to the same tree.
int Precedence(const ConditionNode& node) {
  switch (node.kind) {
    case ConditionNode::Kind::kOr: return 1;
    case ConditionNode::Kind::kAnd: return 2;
    case ConditionNode::Kind::kNot: return 3;
    default: return 4;
  }
}
std::string Child(const ConditionNode& child, int min_precedence) {
  std::string text = child.ToString();
  return Precedence(child) < min_precedence ? "(" + text + ")" : text;
}
}  // namespace

std::string ConditionNode::ToString() const {
  switch (kind) {
    case Kind::kCompare:
      return operands[0].ToString() + " " + std::string(CompareOpText(op)) + " " +
             operands[1].ToString();
    case Kind::kBetween:
      return operands[0].ToString() + " BETWEEN " + operands[1].ToString() + " AND " +
             operands[2].ToString();
    case Kind::kIn: {
      std::string out = operands[0].ToString() + " IN (";
      for (size_t i = 1; i < operands.size(); ++i) {
        if (i > 1) out += ", ";
        out += operands[i].ToString();
      }
      return out + ")";
    }
    case Kind::kFunction: {
      Operand call{Operand::Kind::kFunction, {}, {}, {}, function, operands};
      return call.ToString();
    }
    case Kind::kAnd: return Child(children[0], 2) + " AND " + Child(children[1], 3);
    case Kind::kOr: return Child(children[0], 1) + " OR " + Child(children[1], 2);
    case Kind::kNot: return "NOT " + Child(children[0], 3);
  }
  return "";
}

void CollectPaths(const Operand& operand, std::vector<const Path*>* paths) {
  if (operand.kind == Operand::Kind::kPath && !operand.path.empty()) paths->push_back(&operand.path);
  for (const Operand& arg : operand.args) CollectPaths(arg, paths);
}

}  // namespace eddy::expr

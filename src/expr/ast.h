// The syntax tree shared by condition, filter, key-condition and update
// expressions. The parser (parser.h) builds it with names and values as
// written ("#n" stays "#n" in a path, a value keeps its ":v" reference);
// resolve.h then substitutes them and runs DynamoDB's semantic checks.
// ToString() prints the tree back in a canonical form (used by the
// round-trip tests and in debugging output).
#pragma once

#include <string>
#include <vector>

#include "core/attribute_value.h"
#include "expr/path.h"

namespace eddy::expr {

// A value-producing expression: a document path, a ":value" reference or a
// function call such as size(a) or if_not_exists(a, :v).
struct Operand {
  enum class Kind { kPath, kValue, kFunction };
  Kind kind = Kind::kPath;
  Path path;                  // kPath; before resolve, "#n" elements are unsubstituted
  std::string value_ref;      // kValue: ":v" as written
  AttributeValue value;       // kValue: filled in by resolve
  std::string function;       // kFunction: name as written (case-sensitive)
  std::vector<Operand> args;  // kFunction

  std::string ToString() const;
};

// Appends every document path `operand` reads (itself, or a function's
// arguments, recursively).
void CollectPaths(const Operand& operand, std::vector<const Path*>* paths);

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view CompareOpText(CompareOp op);

struct ConditionNode {
  enum class Kind { kCompare, kBetween, kIn, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  CompareOp op = CompareOp::kEq;       // kCompare
  std::vector<Operand> operands;       // kCompare: 2; kBetween: x, lo, hi; kIn: x, then the list;
                                       // kFunction: the arguments
  std::string function;                // kFunction
  std::vector<ConditionNode> children; // kAnd/kOr: 2; kNot: 1
  bool parenthesized = false;          // written inside its own "( )"

  std::string ToString() const;
};

}  // namespace eddy::expr

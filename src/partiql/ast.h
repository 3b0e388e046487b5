// The syntax tree of one PartiQL statement, shaped for the executor that
// maps it onto the operations layer:
//   SELECT -> GetItem, Query or Scan (key condition + filter from `where`,
//             `projection`, `order_by` as ScanIndexForward, `index`);
//   INSERT -> PutItem of `item` with attribute_not_exists on the key;
//   UPDATE -> UpdateItem of `actions`, the key and the rest of `where` as
//             its condition, `returning` as ReturnValues;
//   DELETE -> DeleteItem likewise;
//   EXISTS(SELECT ...) -> a ConditionCheck inside ExecuteTransaction.
// Literals are AttributeValues already (numbers normalized, sets sorted);
// "?" parameters are indexes into the request's Parameters, numbered in
// order of appearance. Paths reuse the expression language's expr::Path.
// ToString() prints a canonical statement that parses back to the same tree.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/attribute_value.h"
#include "expr/ast.h"
#include "expr/path.h"

namespace eddy::partiql {

using expr::CompareOp;
using expr::Path;

// A value: a literal, a parameter, a document path, a function call
// (size, if_not_exists, list_append; the condition functions appear as
// Condition::kFunction instead), or one + / - of two operands (SET only).
struct Operand {
  enum class Kind { kLiteral, kParameter, kPath, kFunction, kPlus, kMinus };
  Kind kind = Kind::kLiteral;
  AttributeValue literal;     // kLiteral
  size_t parameter = 0;       // kParameter: 0-based index into Parameters
  Path path;                  // kPath
  std::string function;       // kFunction: lower-case name
  std::vector<Operand> args;  // kFunction: its arguments; kPlus/kMinus: the two sides

  bool operator==(const Operand&) const = default;
};

// The types "IS [NOT] <type>" tests: MISSING (attribute_not_exists), NULL
// (= NULL), and the ones DynamoDB maps to attribute_type.
enum class IsType { kMissing, kNull, kBoolean, kString, kNumeric, kBlob, kStruct, kTuple, kList };
// "MISSING", "NULL", "BOOLEAN", ...
std::string_view IsTypeName(IsType type);
// The attribute_type argument for the attribute_type-mapped types ("BOOL",
// "S", "N", "B", "M", "M", "L"); "" for MISSING and NULL.
std::string_view IsTypeDescriptor(IsType type);

struct Condition {
  enum class Kind { kCompare, kBetween, kIn, kIs, kFunction, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  CompareOp op = CompareOp::kEq;      // kCompare
  IsType is_type = IsType::kMissing;  // kIs
  bool negated = false;               // kIs: IS NOT
  std::string function;               // kFunction: attribute_exists, attribute_not_exists,
                                      // attribute_type, begins_with, contains (lower case)
  std::vector<Operand> operands;      // kCompare: 2; kBetween: x, low, high; kIn: x then the
                                      // candidates; kIs: 1; kFunction: the arguments
  std::vector<Condition> children;    // kAnd, kOr: 2; kNot: 1

  bool operator==(const Condition&) const = default;
};

// One SET or REMOVE of an UPDATE, in written order.
struct UpdateAction {
  enum class Kind {
    kSet,        // path = value
    kRemove,     // REMOVE path
    kSetAdd,     // path = set_add(path, value): ADD value (a set literal or a parameter)
    kSetDelete,  // path = set_delete(path, value): DELETE value
  };
  Kind kind = Kind::kSet;
  Path path;
  Operand value;  // unused for kRemove

  bool operator==(const UpdateAction&) const = default;
};

enum class Returning { kNone, kAllOld, kModifiedOld, kAllNew, kModifiedNew };
// "ALL OLD", "MODIFIED OLD", ...; "" for kNone.
std::string_view ReturningText(Returning returning);

struct OrderBy {
  std::string attribute;  // a top-level attribute (DynamoDB: a key attribute)
  bool descending = false;

  bool operator==(const OrderBy&) const = default;
};

struct Statement {
  enum class Kind { kSelect, kInsert, kUpdate, kDelete, kExists };
  Kind kind = Kind::kSelect;
  std::string table;
  std::optional<std::string> index;  // FROM "table"."index" (any kind; the executor
                                     // rejects it where DynamoDB does)
  // kSelect, kExists: SELECT * or the listed paths.
  bool select_all = false;
  std::vector<Path> projection;
  // kInsert: the item's attributes in written order (keys unique), each a
  // literal or a parameter.
  std::vector<std::pair<std::string, Operand>> item;
  // kUpdate: SET / REMOVE actions in written order.
  std::vector<UpdateAction> actions;
  std::optional<Condition> where;
  std::vector<OrderBy> order_by;          // kSelect
  Returning returning = Returning::kNone;  // kUpdate, kDelete (ALL OLD only)
  size_t parameter_count = 0;             // "?"s in the statement

  bool operator==(const Statement&) const = default;
};

// Canonical PartiQL text: upper-case keywords, every identifier
// double-quoted, strings single-quoted, numbers normalized, "?" for
// parameters. Parse(ToString(s)) == s for any parsed s.
std::string ToString(const Statement& statement);
std::string ToString(const Condition& condition);
std::string ToString(const Operand& operand);
// A literal as PartiQL writes it ('s', 12, TRUE, NULL, [..], {'k': v},
// <<..>>). Binary values have no literal form; they print as "?".
std::string LiteralToString(const AttributeValue& value);
// "a"."b"[2]
std::string PathText(const Path& path);

}  // namespace eddy::partiql

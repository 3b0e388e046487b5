// UpdateExpression: SET / REMOVE / ADD / DELETE sections, parsed and
// resolved once, then applied as a pure function of the old item (the
// engine's write path: read old item, Apply, commit).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_value.h"
#include "expr/ast.h"
#include "expr/substitutions.h"

namespace eddy::expr {

// The right-hand side of "SET path = ...": one operand, or two joined by + or -.
struct SetValue {
  Operand left;
  char op = 0;  // 0, '+' or '-'
  Operand right;
  std::string ToString() const;
};

struct UpdateAction {
  enum class Kind { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;
  SetValue set;   // kSet
  Operand value;  // kAdd, kDelete: a ":value"
};

class Update {
 public:
  // Throws ApiError (ValidationException) with DynamoDB's messages.
  static Update Parse(std::string_view text, Substitutions& subs);
  // An update built rather than parsed (AttributeUpdates, expr/legacy.h):
  // `legacy` gives ADD and DELETE the legacy semantics (ADD appends to a
  // list; a mismatched type is "Type mismatch for attribute to update").
  static Update FromActions(std::vector<UpdateAction> actions, bool legacy);

  // Returns the new item. All operands read the *old* item (so
  // "SET a = b, b = a" swaps). Throws ApiError for DynamoDB's runtime
  // errors: operand types, missing operand attributes, invalid paths,
  // number overflow.
  Item Apply(const Item& old_item) const;

  // Every path written by SET/REMOVE/ADD/DELETE, in expression order.
  const std::vector<Path>& paths() const { return paths_; }
  // Every path SET's values read.
  std::vector<const Path*> ReadPaths() const;
  const std::vector<UpdateAction>& actions() const { return actions_; }
  std::string ToString() const;

 private:
  std::vector<UpdateAction> actions_;
  std::vector<Path> paths_;
  bool legacy_ = false;
};

}  // namespace eddy::expr

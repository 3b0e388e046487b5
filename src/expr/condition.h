// ConditionExpression and FilterExpression: parsed and resolved once per
// request, then evaluated against zero or more items.
#pragma once

#include <memory>
#include <set>
#include <vector>
#include <optional>
#include <string_view>

#include "core/attribute_value.h"
#include "expr/ast.h"
#include "expr/substitutions.h"

namespace eddy::expr {

class Condition {
 public:
  // `parameter` is "ConditionExpression" or "FilterExpression" (it prefixes
  // error messages). Throws ApiError (ValidationException).
  static Condition Parse(std::string_view text, std::string_view parameter, Substitutions& subs);
  // A condition built rather than parsed (the legacy parameters): a tree
  // whose values are already filled in.
  static Condition FromTree(ConditionNode root) {
    return Condition(std::make_shared<const ConditionNode>(std::move(root)));
  }

  // `item` may be empty (no item): then only attribute_not_exists and
  // comparisons like <> can be true. Never throws.
  bool Evaluate(const Item& item) const;

  // The top-level attribute names the condition reads (Query rejects a
  // FilterExpression on key attributes).
  std::set<std::string> TopLevelNames() const;
  // Every document path the condition reads.
  std::vector<const Path*> Paths() const;

  const ConditionNode& root() const { return *root_; }
  std::string ToString() const { return root_->ToString(); }

 private:
  explicit Condition(std::shared_ptr<const ConditionNode> root) : root_(std::move(root)) {}
  std::shared_ptr<const ConditionNode> root_;
};

// The value of a condition operand without copying item data: it points
// into the item or the expression, or owns a computed value (size()).
class OperandValue {
 public:
  OperandValue() = default;  // no value: missing attribute, size of a number, ...
  explicit OperandValue(const AttributeValue* borrowed) : borrowed_(borrowed) {}
  explicit OperandValue(AttributeValue owned) : owned_(std::move(owned)) {}
  const AttributeValue* get() const { return owned_ ? &*owned_ : borrowed_; }
  explicit operator bool() const { return get() != nullptr; }
  const AttributeValue& operator*() const { return *get(); }
  const AttributeValue* operator->() const { return get(); }

 private:
  const AttributeValue* borrowed_ = nullptr;
  std::optional<AttributeValue> owned_;
};

// Evaluation building blocks, shared with tests.
bool EvaluateCondition(const ConditionNode& node, const Item& item);
OperandValue EvaluateConditionOperand(const Operand& operand, const Item& item);

}  // namespace eddy::expr

#include "partiql/translate.h"

#include <algorithm>

#include "core/api_error.h"
#include "expr/ast.h"

namespace eddy::partiql {
namespace {

bool IsValue(const Operand& o) { return o.kind == Operand::Kind::kLiteral || o.kind == Operand::Kind::kParameter; }

// `o` is the top-level attribute `name` itself.
bool IsAttribute(const Operand& o, const std::string& name) {
  return o.kind == Operand::Kind::kPath && o.path.size() == 1 && !o.path[0].is_index() && o.path[0].name == name;
}

void Flatten(const Condition& c, std::vector<const Condition*>* out) {
  if (c.kind == Condition::Kind::kAnd) {
    for (const Condition& child : c.children) Flatten(child, out);
  } else {
    out->push_back(&c);
  }
}

// A condition a KeyConditionExpression takes on the sort key `name`:
// a comparison other than <>, BETWEEN, or begins_with, against values.
bool IsRangeCondition(const Condition& c, const std::string& name) {
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return c.op != CompareOp::kNe && IsAttribute(c.operands[0], name) && IsValue(c.operands[1]);
    case Condition::Kind::kBetween:
      return IsAttribute(c.operands[0], name) && IsValue(c.operands[1]) && IsValue(c.operands[2]);
    case Condition::Kind::kFunction:
      return c.function == "begins_with" && c.operands.size() == 2 && IsAttribute(c.operands[0], name) &&
             IsValue(c.operands[1]);
    default:
      return false;
  }
}

}  // namespace

std::vector<const Condition*> Translator::Conjuncts() const {
  std::vector<const Condition*> out;
  if (statement_.where) Flatten(*statement_.where, &out);
  return out;
}

const AttributeValue& Translator::ValueOf(const Operand& operand) const {
  return operand.kind == Operand::Kind::kParameter ? parameters_[operand.parameter] : operand.literal;
}

std::optional<AttributeValue> Translator::EqualityOn(const Condition& c, const std::string& attribute) const {
  if (c.kind != Condition::Kind::kCompare || c.op != CompareOp::kEq) return std::nullopt;
  if (IsAttribute(c.operands[0], attribute) && IsValue(c.operands[1])) return ValueOf(c.operands[1]);
  if (IsAttribute(c.operands[1], attribute) && IsValue(c.operands[0])) return ValueOf(c.operands[0]);
  return std::nullopt;
}

std::string Translator::Name(const std::string& name) {
  auto it = name_ids_.find(name);
  if (it != name_ids_.end()) return it->second;
  std::string id = "#n" + std::to_string(name_ids_.size());
  name_ids_.emplace(name, id);
  names_.emplace(id, name);
  return id;
}

std::string Translator::Value(const AttributeValue& value) {
  std::string id = ":v" + std::to_string(values_.size());
  values_.emplace(id, value);
  return id;
}

std::string Translator::PathText(const Path& path) {
  std::string out;
  for (const expr::PathElement& e : path) {
    if (e.is_index()) {
      out += "[" + std::to_string(e.index) + "]";
    } else {
      if (!out.empty()) out += ".";
      out += Name(e.name);
    }
  }
  return out;
}

std::string Translator::OperandText(const Operand& operand) {
  switch (operand.kind) {
    case Operand::Kind::kLiteral:
    case Operand::Kind::kParameter: return Value(ValueOf(operand));
    case Operand::Kind::kPath: return PathText(operand.path);
    case Operand::Kind::kFunction: {
      std::string out = operand.function + "(";
      for (size_t i = 0; i < operand.args.size(); ++i) {
        if (i) out += ", ";
        out += OperandText(operand.args[i]);
      }
      return out + ")";
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus: {
      std::string out = OperandText(operand.args[0]);
      out += operand.kind == Operand::Kind::kPlus ? " + " : " - ";
      return out + OperandText(operand.args[1]);
    }
  }
  return {};
}

std::string Translator::ConditionText(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kCompare: {
      std::string out = OperandText(c.operands[0]);
      out += " " + std::string(expr::CompareOpText(c.op)) + " ";
      return out + OperandText(c.operands[1]);
    }
    case Condition::Kind::kBetween: {
      std::string out = OperandText(c.operands[0]);
      out += " BETWEEN " + OperandText(c.operands[1]);
      return out + " AND " + OperandText(c.operands[2]);
    }
    case Condition::Kind::kIn: {
      std::string out = OperandText(c.operands[0]) + " IN (";
      for (size_t i = 1; i < c.operands.size(); ++i) {
        if (i > 1) out += ", ";
        out += OperandText(c.operands[i]);
      }
      return out + ")";
    }
    case Condition::Kind::kIs: {
      const std::string path = OperandText(c.operands[0]);
      std::string test;
      if (c.is_type == IsType::kMissing) {
        return (c.negated ? "attribute_exists(" : "attribute_not_exists(") + path + ")";
      }
      const std::string descriptor =
          c.is_type == IsType::kNull ? std::string("NULL") : std::string(IsTypeDescriptor(c.is_type));
      test = "attribute_type(" + path + ", " + Value(AttributeValue::String(descriptor)) + ")";
      return c.negated ? "NOT " + test : test;
    }
    case Condition::Kind::kFunction: {
      std::string out = c.function + "(";
      for (size_t i = 0; i < c.operands.size(); ++i) {
        if (i) out += ", ";
        out += OperandText(c.operands[i]);
      }
      return out + ")";
    }
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr: {
      std::string out = "(" + ConditionText(c.children[0]);
      out += c.kind == Condition::Kind::kAnd ? ") AND (" : ") OR (";
      return out + ConditionText(c.children[1]) + ")";
    }
    case Condition::Kind::kNot: return "NOT (" + ConditionText(c.children[0]) + ")";
  }
  return {};
}

std::string Translator::JoinUnused(const std::vector<const Condition*>& conjuncts, const std::vector<bool>& used) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < conjuncts.size(); ++i) {
    if (!used[i]) parts.push_back(ConditionText(*conjuncts[i]));
  }
  if (parts.size() == 1) return parts[0];
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += " AND ";
    out += "(" + part + ")";
  }
  return out;
}

SelectPlan Translator::Select(const KeySchema& schema) {
  SelectPlan plan;
  plan.projection = statement_.projection;
  const std::vector<const Condition*> conjuncts = Conjuncts();
  std::vector<bool> used(conjuncts.size(), false);
  // The first unused "attribute = value" conjunct, marked used.
  auto take_equality = [&](const std::string& name) -> std::optional<AttributeValue> {
    for (size_t i = 0; i < conjuncts.size(); ++i) {
      if (used[i]) continue;
      if (auto v = EqualityOn(*conjuncts[i], name)) {
        used[i] = true;
        return v;
      }
    }
    return std::nullopt;
  };

  std::vector<std::string> key_terms;
  for (const KeyAttribute* part : schema.HashParts()) {
    auto v = take_equality(part->name);
    if (!v) {
      std::fill(used.begin(), used.end(), false);
      plan.kind = SelectPlan::Kind::kScan;
      plan.filter = JoinUnused(conjuncts, used);
      return plan;
    }
    plan.key.emplace(part->name, *v);
    key_terms.push_back(Name(part->name) + " = " + Value(*v));
  }
  // The sort key: equalities on a prefix of its attributes, then at most one
  // range condition on the next.
  bool full_key = true;
  for (const KeyAttribute* part : schema.RangeParts()) {
    if (auto v = take_equality(part->name)) {
      plan.key.emplace(part->name, *v);
      key_terms.push_back(Name(part->name) + " = " + Value(*v));
      continue;
    }
    full_key = false;
    for (size_t i = 0; i < conjuncts.size(); ++i) {
      if (!used[i] && IsRangeCondition(*conjuncts[i], part->name)) {
        used[i] = true;
        key_terms.push_back(ConditionText(*conjuncts[i]));
        break;
      }
    }
    break;
  }
  const bool all_used = std::all_of(used.begin(), used.end(), [](bool u) { return u; });
  if (full_key && all_used && !statement_.index) {
    plan.kind = SelectPlan::Kind::kGetItem;
    return plan;
  }
  plan.kind = SelectPlan::Kind::kQuery;
  for (const std::string& term : key_terms) {
    if (!plan.key_condition.empty()) plan.key_condition += " AND ";
    plan.key_condition += term;
  }
  plan.key.clear();
  plan.filter = JoinUnused(conjuncts, used);
  return plan;
}

WritePlan Translator::Insert(const KeySchema& table) {
  WritePlan plan;
  for (const auto& [name, operand] : statement_.item) plan.item_or_key.emplace(name, ValueOf(operand));
  plan.condition = "attribute_not_exists(" + Name(table.hash.name) + ")";
  return plan;
}

AttributeMap Translator::KeyOf(const KeySchema& table, const std::vector<const Condition*>& conjuncts,
                               std::vector<bool>* used) const {
  AttributeMap key;
  std::vector<const KeyAttribute*> parts = table.HashParts();
  for (const KeyAttribute* range : table.RangeParts()) parts.push_back(range);
  for (const KeyAttribute* part : parts) {
    bool found = false;
    for (size_t i = 0; i < conjuncts.size() && !found; ++i) {
      if ((*used)[i]) continue;
      if (auto v = EqualityOn(*conjuncts[i], part->name)) {
        (*used)[i] = true;
        key.emplace(part->name, *v);
        found = true;
      }
    }
    if (!found) throw ApiError::Validation(std::string(kMissingKeyEquality));
  }
  return key;
}

WritePlan Translator::Update(const KeySchema& table) {
  WritePlan plan;
  const std::vector<const Condition*> conjuncts = Conjuncts();
  std::vector<bool> used(conjuncts.size(), false);
  plan.item_or_key = KeyOf(table, conjuncts, &used);

  std::string set, remove, add, del;
  auto append = [](std::string* clause, const std::string& text) {
    if (!clause->empty()) *clause += ", ";
    *clause += text;
  };
  for (const UpdateAction& action : statement_.actions) {
    const std::string path = PathText(action.path);
    switch (action.kind) {
      case UpdateAction::Kind::kSet: append(&set, path + " = " + OperandText(action.value)); break;
      case UpdateAction::Kind::kRemove: append(&remove, path); break;
      case UpdateAction::Kind::kSetAdd: append(&add, path + " " + OperandText(action.value)); break;
      case UpdateAction::Kind::kSetDelete: append(&del, path + " " + OperandText(action.value)); break;
    }
  }
  for (auto [keyword, clause] : {std::pair{"SET ", &set}, {"REMOVE ", &remove}, {"ADD ", &add}, {"DELETE ", &del}}) {
    if (clause->empty()) continue;
    if (!plan.update.empty()) plan.update += " ";
    plan.update += keyword + *clause;
  }

  // An UPDATE changes an existing item only: a missing one fails the
  // condition, as in DynamoDB.
  plan.condition = "attribute_exists(" + Name(table.hash.name) + ")";
  const std::string rest = JoinUnused(conjuncts, used);
  if (!rest.empty()) plan.condition += " AND (" + rest + ")";
  return plan;
}

WritePlan Translator::Delete(const KeySchema& table) {
  WritePlan plan;
  const std::vector<const Condition*> conjuncts = Conjuncts();
  std::vector<bool> used(conjuncts.size(), false);
  plan.item_or_key = KeyOf(table, conjuncts, &used);
  plan.condition = JoinUnused(conjuncts, used);
  return plan;
}

}  // namespace eddy::partiql

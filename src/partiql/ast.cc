#include "partiql/ast.h"

namespace eddy::partiql {
namespace {

std::string Quote(std::string_view text, char quote) {
  std::string out(1, quote);
  for (char c : text) {
    out.push_back(c);
    if (c == quote) out.push_back(quote);
  }
  out.push_back(quote);
  return out;
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += ", ";
    out += parts[i];
  }
  return out;
}

// Binding strength, to print parentheses exactly where the tree needs them.
int Precedence(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kOr: return 1;
    case Condition::Kind::kAnd: return 2;
    case Condition::Kind::kNot: return 3;
    default: return 4;
  }
}

std::string Wrapped(const Condition& c, bool wrap) {
  return wrap ? "(" + ToString(c) + ")" : ToString(c);
}

std::string OperandList(const std::vector<Operand>& operands, size_t from) {
  std::vector<std::string> parts;
  for (size_t i = from; i < operands.size(); ++i) parts.push_back(ToString(operands[i]));
  return Join(parts);
}

std::string TableReference(const Statement& s) {
  std::string out = Quote(s.table, '"');
  if (s.index) out += "." + Quote(*s.index, '"');
  return out;
}

std::string WhereClause(const Statement& s) { return s.where ? " WHERE " + ToString(*s.where) : ""; }

std::string ReturningClause(const Statement& s) {
  if (s.returning == Returning::kNone) return "";
  return " RETURNING " + std::string(ReturningText(s.returning)) + " *";
}

std::string SelectText(const Statement& s) {
  std::string out = "SELECT ";
  if (s.select_all) {
    out += "*";
  } else {
    std::vector<std::string> paths;
    for (const Path& p : s.projection) paths.push_back(PathText(p));
    out += Join(paths);
  }
  out += " FROM " + TableReference(s) + WhereClause(s);
  if (!s.order_by.empty()) {
    std::vector<std::string> keys;
    for (const OrderBy& o : s.order_by) keys.push_back(Quote(o.attribute, '"') + (o.descending ? " DESC" : ""));
    out += " ORDER BY " + Join(keys);
  }
  return out;
}

std::string ActionText(const UpdateAction& a) {
  const std::string path = PathText(a.path);
  switch (a.kind) {
    case UpdateAction::Kind::kSet: return "SET " + path + " = " + ToString(a.value);
    case UpdateAction::Kind::kRemove: return "REMOVE " + path;
    case UpdateAction::Kind::kSetAdd: return "SET " + path + " = set_add(" + path + ", " + ToString(a.value) + ")";
    case UpdateAction::Kind::kSetDelete:
      return "SET " + path + " = set_delete(" + path + ", " + ToString(a.value) + ")";
  }
  return "";
}

}  // namespace

std::string_view IsTypeName(IsType type) {
  switch (type) {
    case IsType::kMissing: return "MISSING";
    case IsType::kNull: return "NULL";
    case IsType::kBoolean: return "BOOLEAN";
    case IsType::kString: return "STRING";
    case IsType::kNumeric: return "NUMERIC";
    case IsType::kBlob: return "BLOB";
    case IsType::kStruct: return "STRUCT";
    case IsType::kTuple: return "TUPLE";
    case IsType::kList: return "LIST";
  }
  return "";
}

std::string_view IsTypeDescriptor(IsType type) {
  switch (type) {
    case IsType::kBoolean: return "BOOL";
    case IsType::kString: return "S";
    case IsType::kNumeric: return "N";
    case IsType::kBlob: return "B";
    case IsType::kStruct:
    case IsType::kTuple: return "M";
    case IsType::kList: return "L";
    default: return "";
  }
}

std::string_view ReturningText(Returning returning) {
  switch (returning) {
    case Returning::kNone: return "";
    case Returning::kAllOld: return "ALL OLD";
    case Returning::kModifiedOld: return "MODIFIED OLD";
    case Returning::kAllNew: return "ALL NEW";
    case Returning::kModifiedNew: return "MODIFIED NEW";
  }
  return "";
}

std::string PathText(const Path& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i].is_index()) {
      out.push_back('[');
      out += std::to_string(path[i].index);
      out.push_back(']');
    } else {
      if (i > 0) out.push_back('.');
      out += Quote(path[i].name, '"');
    }
  }
  return out;
}

std::string LiteralToString(const AttributeValue& v) {
  switch (v.type) {
    case AttributeType::kNull: return "NULL";
    case AttributeType::kBool: return v.as_bool() ? "TRUE" : "FALSE";
    case AttributeType::kString: return Quote(v.as_string(), '\'');
    case AttributeType::kNumber: return v.as_number().ToString();
    case AttributeType::kBinary:
    case AttributeType::kBinarySet: return "?";
    case AttributeType::kStringSet: {
      std::vector<std::string> parts;
      for (const std::string& s : v.as_string_set()) parts.push_back(Quote(s, '\''));
      return "<<" + Join(parts) + ">>";
    }
    case AttributeType::kNumberSet: {
      std::vector<std::string> parts;
      for (const Number& n : v.as_number_set()) parts.push_back(n.ToString());
      return "<<" + Join(parts) + ">>";
    }
    case AttributeType::kList: {
      std::vector<std::string> parts;
      for (const AttributeValue& e : v.as_list()) parts.push_back(LiteralToString(e));
      return "[" + Join(parts) + "]";
    }
    case AttributeType::kMap: {
      std::vector<std::string> parts;
      for (const auto& [k, e] : v.as_map()) parts.push_back(Quote(k, '\'') + ": " + LiteralToString(e));
      return "{" + Join(parts) + "}";
    }
  }
  return "";
}

std::string ToString(const Operand& o) {
  switch (o.kind) {
    case Operand::Kind::kLiteral: return LiteralToString(o.literal);
    case Operand::Kind::kParameter: return "?";
    case Operand::Kind::kPath: return PathText(o.path);
    case Operand::Kind::kFunction: return o.function + "(" + OperandList(o.args, 0) + ")";
    case Operand::Kind::kPlus: return ToString(o.args[0]) + " + " + ToString(o.args[1]);
    case Operand::Kind::kMinus: return ToString(o.args[0]) + " - " + ToString(o.args[1]);
  }
  return "";
}

std::string ToString(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return ToString(c.operands[0]) + " " + std::string(expr::CompareOpText(c.op)) + " " + ToString(c.operands[1]);
    case Condition::Kind::kBetween:
      return ToString(c.operands[0]) + " BETWEEN " + ToString(c.operands[1]) + " AND " + ToString(c.operands[2]);
    case Condition::Kind::kIn: return ToString(c.operands[0]) + " IN [" + OperandList(c.operands, 1) + "]";
    case Condition::Kind::kIs:
      return ToString(c.operands[0]) + (c.negated ? " IS NOT " : " IS ") + std::string(IsTypeName(c.is_type));
    case Condition::Kind::kFunction: return c.function + "(" + OperandList(c.operands, 0) + ")";
    case Condition::Kind::kNot: return "NOT " + Wrapped(c.children[0], Precedence(c.children[0]) < 3);
    case Condition::Kind::kAnd:
    case Condition::Kind::kOr: {
      // Left-associative: a right child of the same strength keeps its parentheses.
      const int p = Precedence(c);
      return Wrapped(c.children[0], Precedence(c.children[0]) < p) +
             (c.kind == Condition::Kind::kAnd ? " AND " : " OR ") +
             Wrapped(c.children[1], Precedence(c.children[1]) <= p);
    }
  }
  return "";
}

std::string ToString(const Statement& s) {
  switch (s.kind) {
    case Statement::Kind::kSelect: return SelectText(s);
    case Statement::Kind::kExists: return "EXISTS(" + SelectText(s) + ")";
    case Statement::Kind::kInsert: {
      std::vector<std::string> parts;
      for (const auto& [k, v] : s.item) parts.push_back(Quote(k, '\'') + ": " + ToString(v));
      return "INSERT INTO " + TableReference(s) + " VALUE {" + Join(parts) + "}";
    }
    case Statement::Kind::kUpdate: {
      std::string out = "UPDATE " + TableReference(s);
      for (const UpdateAction& a : s.actions) out += " " + ActionText(a);
      return out + WhereClause(s) + ReturningClause(s);
    }
    case Statement::Kind::kDelete:
      return "DELETE FROM " + TableReference(s) + WhereClause(s) + ReturningClause(s);
  }
  return "";
}

}  // namespace eddy::partiql

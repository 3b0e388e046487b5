// Update::Parse: the UpdateExpression grammar and its resolve pass.
//
//   update     := section+              (each of SET/REMOVE/ADD/DELETE once)
//   section    := SET path '=' setvalue (',' path '=' setvalue)*
//               | REMOVE path (',' path)*
//               | ADD path ':value' (',' path ':value')*
//               | DELETE path ':value' (',' path ':value')*
//   setvalue   := operand (('+' | '-') operand)?
#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "expr/parser.h"
#include "expr/resolve.h"
#include "expr/update.h"

namespace eddy::expr {
namespace {

constexpr std::string_view kParameter = "UpdateExpression";

std::optional<UpdateAction::Kind> SectionOf(const Token& token) {
  if (IsKeyword(token, "SET")) return UpdateAction::Kind::kSet;
  if (IsKeyword(token, "REMOVE")) return UpdateAction::Kind::kRemove;
  if (IsKeyword(token, "ADD")) return UpdateAction::Kind::kAdd;
  if (IsKeyword(token, "DELETE")) return UpdateAction::Kind::kDelete;
  return std::nullopt;
}

UpdateAction ParseAction(Parser& parser, UpdateAction::Kind kind) {
  UpdateAction action;
  action.kind = kind;
  action.path = parser.ParsePath();
  switch (kind) {
    case UpdateAction::Kind::kSet: {
      parser.Expect(TokenKind::kEq);
      // "SET a = (b + :v)": the whole value may be parenthesized, unlike
      // "(b) + :v" where only an operand is.
      TokenKind after = parser.TokenAfterParentheses().kind;
      bool whole = parser.Peek().kind == TokenKind::kLParen && after != TokenKind::kPlus &&
                   after != TokenKind::kMinus;
      if (whole) parser.Next();
      action.set.left = parser.ParseOperand();
      if (parser.Peek().kind == TokenKind::kPlus || parser.Peek().kind == TokenKind::kMinus) {
        action.set.op = parser.Next().text[0];
        action.set.right = parser.ParseOperand();
      }
      if (whole) parser.Expect(TokenKind::kRParen);
      break;
    }
    case UpdateAction::Kind::kRemove: break;
    case UpdateAction::Kind::kAdd:
    case UpdateAction::Kind::kDelete:
      if (parser.Peek().kind != TokenKind::kValueRef) parser.SyntaxError();
      action.value = parser.ParseOperand();
      break;
  }
  return action;
}

// ADD/DELETE report operand types with long names ("operand type: STRING").
std::string_view LongTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kNull: return "NULL";
    case AttributeType::kBool: return "BOOLEAN";
    case AttributeType::kString: return "STRING";
    case AttributeType::kNumber: return "NUMBER";
    case AttributeType::kBinary: return "BINARY";
    case AttributeType::kStringSet: return "STRING_SET";
    case AttributeType::kNumberSet: return "NUMBER_SET";
    case AttributeType::kBinarySet: return "BINARY_SET";
    case AttributeType::kList: return "LIST";
    case AttributeType::kMap: return "MAP";
  }
  return "?";
}

void ResolveAction(UpdateAction& action, Substitutions& subs) {
  ResolvePath(action.path, subs, kParameter);
  switch (action.kind) {
    case UpdateAction::Kind::kSet:
      ResolveOperand(action.set.left, OperandContext::kUpdate, subs, kParameter);
      if (action.set.op != 0) {
        ResolveOperand(action.set.right, OperandContext::kUpdate, subs, kParameter);
        for (const Operand* operand : {&action.set.left, &action.set.right}) {
          if (operand->kind == Operand::Kind::kValue &&
              operand->value.type != AttributeType::kNumber) {
            ThrowIncorrectOperandType(kParameter, std::string(1, action.set.op), operand->value.type);
          }
        }
      }
      break;
    case UpdateAction::Kind::kRemove: break;
    case UpdateAction::Kind::kAdd:
    case UpdateAction::Kind::kDelete: {
      ResolveOperand(action.value, OperandContext::kUpdate, subs, kParameter);
      const AttributeValue& value = action.value.value;
      bool add = action.kind == UpdateAction::Kind::kAdd;
      bool ok = value.is_set() || (add && value.type == AttributeType::kNumber);
      if (!ok) {
        ThrowInvalid(kParameter, std::string("Incorrect operand type for operator or function; operator: ") +
                                     (add ? "ADD" : "DELETE") + ", operand type: " +
                                     std::string(LongTypeName(value.type)));
      }
      break;
    }
  }
}

}  // namespace

Update Update::Parse(std::string_view text, Substitutions& subs) {
  Parser parser(text, kParameter);
  parser.CheckLength();
  Update update;
  std::set<UpdateAction::Kind> seen;
  std::string duplicate_section;
  while (!parser.AtEnd()) {
    const Token& keyword = parser.Peek();
    auto kind = SectionOf(keyword);
    if (!kind) parser.SyntaxError();
    if (!seen.insert(*kind).second && duplicate_section.empty()) {
      duplicate_section = std::string(keyword.text);
      for (char& c : duplicate_section) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    parser.Next();
    do {
      update.actions_.push_back(ParseAction(parser, *kind));
    } while (parser.Accept(TokenKind::kComma));
  }
  // DynamoDB's order once the syntax is fine: reserved words, unknown
  // functions, repeated sections, then substitutions and the rest.
  parser.Finish();
  for (const UpdateAction& action : update.actions_) {
    if (action.kind != UpdateAction::Kind::kSet) continue;
    CheckFunctionNames(action.set.left, kParameter);
    CheckFunctionNames(action.set.right, kParameter);
  }
  if (!duplicate_section.empty()) {
    parser.Fail("The \"" + duplicate_section + "\" section can only be used once in an update expression;");
  }
  for (UpdateAction& action : update.actions_) {
    ResolveAction(action, subs);
    update.paths_.push_back(action.path);
  }
  CheckNoOverlap(update.paths_, kParameter);
  return update;
}

std::string SetValue::ToString() const {
  std::string out = left.ToString();
  if (op != 0) out += std::string(" ") + op + " " + right.ToString();
  return out;
}

std::vector<const Path*> Update::ReadPaths() const {
  std::vector<const Path*> paths;
  for (const UpdateAction& action : actions_) {
    if (action.kind != UpdateAction::Kind::kSet) continue;
    CollectPaths(action.set.left, &paths);
    if (action.set.op != 0) CollectPaths(action.set.right, &paths);
  }
  return paths;
}

std::string Update::ToString() const {
  static constexpr std::string_view kNames[] = {"SET", "REMOVE", "ADD", "DELETE"};
  std::string out;
  std::vector<UpdateAction::Kind> order;
  for (const UpdateAction& action : actions_) {
    if (std::find(order.begin(), order.end(), action.kind) == order.end()) order.push_back(action.kind);
  }
  for (UpdateAction::Kind kind : order) {
    if (!out.empty()) out += " ";
    out += kNames[static_cast<int>(kind)];
    bool first = true;
    for (const UpdateAction& action : actions_) {
      if (action.kind != kind) continue;
      out += first ? " " : ", ";
      first = false;
      out += PathToString(action.path);
      if (kind == UpdateAction::Kind::kSet) out += " = " + action.set.ToString();
      if (kind == UpdateAction::Kind::kAdd || kind == UpdateAction::Kind::kDelete) {
        out += " " + action.value.ToString();
      }
    }
  }
  return out;
}

}  // namespace eddy::expr

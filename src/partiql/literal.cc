// Literals in PartiQL's Ion-like syntax, converted to AttributeValues the
// way DynamoDB converts them: strings, numbers (38 digits, DynamoDB's range),
// TRUE/FALSE, NULL, [lists], {'maps': ...} and <<sets>> of strings or of
// numbers. Binary has no literal (a parameter carries it). `where` names the
// value's place for messages as DynamoDB does: "root", "root.k", "root[1]".
#include <climits>
#include <set>

#include "core/api_error.h"
#include "partiql/errors.h"
#include "partiql/parser.h"

namespace eddy::partiql {
namespace {

// partiql reads the exponent and the scale (fraction digits less the
// exponent) as 32-bit integers; a number beyond that fails to parse at all
// (pinned: "1e2147483648" gives the wrapper with nothing after the colon).
void CheckExponent(const std::string& text) {
  const size_t e = text.find_first_of("eE");
  const size_t point = text.find('.');
  const int64_t fraction = point == std::string::npos ? 0 : static_cast<int64_t>(std::min(e, text.size()) - point - 1);
  int64_t exponent = 0;
  if (e != std::string::npos) {
    size_t i = e + 1;
    const bool negative = text[i] == '-';
    if (text[i] == '+' || text[i] == '-') ++i;
    for (; i < text.size(); ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > static_cast<int64_t>(INT_MAX) + 1) ThrowMalformed("");
    }
    if (negative) exponent = -exponent;
  }
  if (exponent > INT_MAX || exponent < INT_MIN) ThrowMalformed("");
  const int64_t scale = fraction - exponent;
  if (scale > INT_MAX || scale < INT_MIN) ThrowMalformed("");
}

}  // namespace

std::string PartiqlTypeName(const AttributeValue& v) {
  switch (v.type) {
    case AttributeType::kNumber: return "DECIMAL";
    case AttributeType::kBool: return "BOOL";
    case AttributeType::kNull: return "NULL";
    case AttributeType::kList: return "LIST";
    case AttributeType::kMap: return "STRUCT";
    default: return "BAG";
  }
}

bool Parser::AtLiteral() const {
  switch (Peek().kind) {
    case TokenKind::kString:
    case TokenKind::kNumber:
    case TokenKind::kLBracket:
    case TokenKind::kLBrace:
    case TokenKind::kLBag: return true;
    case TokenKind::kMinus:
    case TokenKind::kPlus: {
      size_t ahead = 1;
      while (Peek(ahead).kind == TokenKind::kMinus || Peek(ahead).kind == TokenKind::kPlus) ++ahead;
      return Peek(ahead).kind == TokenKind::kNumber;
    }
    default: return IsKeyword("TRUE") || IsKeyword("FALSE") || IsKeyword("NULL");
  }
}

AttributeValue Parser::ParseNumber(bool negative, const std::string& where) {
  const std::string text = Next().text;
  CheckExponent(text);
  try {
    return AttributeValue::Num(Number::Parse(negative ? "-" + text : text));
  } catch (const ApiError& e) {
    // Pinned: "Number overflow. ... under root", "... under root.x".
    Defer(e.message() + " under " + where);
    return AttributeValue::Num(Number());
  }
}

AttributeValue Parser::ParseLiteral(const std::string& where) {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kString: return AttributeValue::String(Next().text);
    case TokenKind::kNumber: return ParseNumber(false, where);
    case TokenKind::kMinus:
    case TokenKind::kPlus: {
      bool negative = false;
      while (Peek().kind == TokenKind::kMinus || Peek().kind == TokenKind::kPlus) {
        if (Next().kind == TokenKind::kMinus) negative = !negative;
      }
      if (Peek().kind != TokenKind::kNumber) UnexpectedTerm();
      return ParseNumber(negative, where);
    }
    case TokenKind::kLBracket: {
      Next();
      Enter();
      AttributeList list;
      if (Peek().kind != TokenKind::kRBracket) {
        do {
          list.push_back(ParseLiteral(where + "[" + std::to_string(list.size()) + "]"));
        } while (Accept(TokenKind::kComma));
      }
      Expect(TokenKind::kRBracket);
      Leave();
      return AttributeValue::List(std::move(list));
    }
    case TokenKind::kLBrace: {
      Next();
      Enter();
      AttributeMap map;
      if (Peek().kind != TokenKind::kRBrace) {
        do {
          std::string key;
          if (Peek().kind == TokenKind::kString) {
            key = Next().text;
          } else if (AtLiteral()) {
            AttributeValue other = ParseLiteral(where);
            Defer("Tuple keys must be of type String. Actual type: " + PartiqlTypeName(other) + " under " + where);
          } else {
            UnexpectedTerm();
          }
          Expect(TokenKind::kColon);
          AttributeValue value = ParseLiteral(where + "." + key);
          if (!map.emplace(key, std::move(value)).second) {
            Defer("Duplicate keys in tuple. Key: " + key + " under " + where);
          }
        } while (Accept(TokenKind::kComma));
      }
      Expect(TokenKind::kRBrace);
      Leave();
      return AttributeValue::Map(std::move(map));
    }
    case TokenKind::kLBag: return ParseBag(where);
    case TokenKind::kParameter:
      // Parameters stand for whole operands; inside a literal DynamoDB
      // refuses them (template: DynamoDB Local's "Unsupported data type").
      Next();
      NextParameter();
      Defer("Unsupported data type: Parameter under key " + where);
      return AttributeValue::Null();
    case TokenKind::kIdentifier:
    case TokenKind::kQuotedIdentifier:
      ParsePath();
      Defer("Unsupported data type: VariableReference under key " + where);
      return AttributeValue::Null();
    default: break;
  }
  if (AcceptKeyword("TRUE")) return AttributeValue::Bool(true);
  if (AcceptKeyword("FALSE")) return AttributeValue::Bool(false);
  if (AcceptKeyword("NULL")) return AttributeValue::Null();
  if (AcceptKeyword("MISSING")) {
    Defer(std::string(kMissingLiteral));
    return AttributeValue::Null();
  }
  UnexpectedTerm();
}

AttributeValue Parser::ParseBag(const std::string& where) {
  Next();  // <<
  Enter();
  std::vector<AttributeValue> members;
  if (Peek().kind != TokenKind::kRBag) {
    do {
      members.push_back(ParseLiteral(where));
    } while (Accept(TokenKind::kComma));
  }
  Expect(TokenKind::kRBag);
  Leave();
  if (members.empty()) {
    Defer(std::string(kEmptyBag));
    return AttributeValue::Null();
  }
  const AttributeType type = members[0].type;
  for (const AttributeValue& m : members) {
    if (m.type != type || (type != AttributeType::kString && type != AttributeType::kNumber)) {
      Defer(std::string(kBagType));
      return AttributeValue::Null();
    }
  }
  // Duplicates: the wordings DynamoDB gives for sets in JSON (core/json_codec.cc).
  if (type == AttributeType::kString) {
    std::vector<std::string> strings;
    std::set<std::string, std::less<>> seen;
    bool duplicate = false;
    std::string listed;
    for (const AttributeValue& m : members) {
      duplicate |= !seen.insert(m.as_string()).second;
      listed += (strings.empty() ? "" : ", ") + m.as_string();
      strings.push_back(m.as_string());
    }
    if (duplicate) {
      Defer("One or more parameter values were invalid: Input collection [" + listed + "] contains duplicates.");
    }
    return AttributeValue::StringSet(std::move(strings));
  }
  std::vector<Number> numbers;
  std::set<Number> seen;
  for (const AttributeValue& m : members) {
    if (!seen.insert(m.as_number()).second) Defer("Input collection contains duplicates");
    numbers.push_back(m.as_number());
  }
  return AttributeValue::NumberSet(std::move(numbers));
}

}  // namespace eddy::partiql

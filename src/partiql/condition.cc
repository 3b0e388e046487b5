// WHERE conditions, operands, SET right-hand sides and document paths.
#include <array>
#include <limits>

#include "partiql/errors.h"
#include "partiql/parser.h"

namespace eddy::partiql {
namespace {

bool IsName(const Token& t) {
  return t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier;
}

std::optional<CompareOp> ComparatorOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEq: return CompareOp::kEq;
    case TokenKind::kNe: return CompareOp::kNe;
    case TokenKind::kLt: return CompareOp::kLt;
    case TokenKind::kLe: return CompareOp::kLe;
    case TokenKind::kGt: return CompareOp::kGt;
    case TokenKind::kGe: return CompareOp::kGe;
    default: return std::nullopt;
  }
}

// partiql's symbol for an arithmetic operator DynamoDB does not take here.
std::optional<std::string> ArithmeticSymbol(const Token& t) {
  switch (t.kind) {
    case TokenKind::kPlus: return "+";
    case TokenKind::kMinus: return "-";
    case TokenKind::kStar: return "*";
    case TokenKind::kSlash: return "/";
    case TokenKind::kPercent: return "%";
    case TokenKind::kConcat: return "||";
    default: return std::nullopt;
  }
}

std::string ContextName(bool update) { return update ? "Update" : "Condition"; }

// DynamoDB's functions (its expression language's, case-insensitive here).
constexpr std::array<std::string_view, 5> kConditionFunctions = {
    "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains"};
constexpr std::array<std::string_view, 5> kValueFunctions = {"size", "if_not_exists", "list_append", "set_add",
                                                            "set_delete"};
constexpr std::array<std::string_view, 5> kAggregates = {"count", "sum", "avg", "min", "max"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Condition Binary(Condition::Kind kind, Condition left, Condition right) {
  Condition node;
  node.kind = kind;
  node.children.push_back(std::move(left));
  node.children.push_back(std::move(right));
  return node;
}

Condition Negation(Condition inner) {
  Condition node;
  node.kind = Condition::Kind::kNot;
  node.children.push_back(std::move(inner));
  return node;
}

}  // namespace

void Parser::ExpectRightHandSide() {
  if (Peek().kind == TokenKind::kEnd || Peek().kind == TokenKind::kSemicolon) {
    ThrowMalformed(kMissingRightHandSide);
  }
}

Condition Parser::ParseWholeCondition(std::string_view bare_message) {
  Term term = ParseOr();
  if (!term.condition) {
    Defer(std::string(bare_message));
    return Condition{};
  }
  return std::move(*term.condition);
}

Parser::Term Parser::ParseOr() { return ParseLogical(Condition::Kind::kOr); }
Parser::Term Parser::ParseAnd() { return ParseLogical(Condition::Kind::kAnd); }

// a OR b OR c and a AND b AND c, left-associative; OR binds loosest.
Parser::Term Parser::ParseLogical(Condition::Kind kind) {
  const bool is_or = kind == Condition::Kind::kOr;
  Term left = is_or ? ParseAnd() : ParseNot();
  while (AcceptKeyword(is_or ? "OR" : "AND")) {
    ExpectRightHandSide();
    Term right = is_or ? ParseAnd() : ParseNot();
    if (!left.condition || !right.condition) {
      Defer(std::string(kAndOrOperands));
      left.condition = Condition{};
      continue;
    }
    left.condition = Binary(kind, std::move(*left.condition), std::move(*right.condition));
  }
  return left;
}

Parser::Term Parser::ParseNot() {
  if (!AcceptKeyword("NOT")) return ParsePredicate();
  Enter();
  Term inner = ParseNot();
  Leave();
  if (!inner.condition) {
    Defer(std::string(kNotOperand));
    inner.condition = Condition{};
  }
  inner.condition = Negation(std::move(*inner.condition));
  return inner;
}

Parser::Term Parser::ParsePredicate() {
  if (Peek().kind == TokenKind::kLParen) {
    Next();
    Enter();
    Term inner = ParseOr();
    Expect(TokenKind::kRParen);
    Leave();
    // "(a) = 1": the parentheses held an operand, which a comparison follows.
    if (!inner.condition) return ParseComparisonTail(std::move(inner.operand));
    return inner;
  }
  Operand first = ParseOperand(Context::kCondition);
  if (first.kind == Operand::Kind::kFunction && Contains(kConditionFunctions, first.function) &&
      !ComparatorOf(Peek().kind)) {
    Condition node;
    node.kind = Condition::Kind::kFunction;
    node.function = std::move(first.function);
    node.operands = std::move(first.args);
    return {std::move(node), {}};
  }
  return ParseComparisonTail(std::move(first));
}

Parser::Term Parser::ParseComparisonTail(Operand left) {
  while (auto symbol = ArithmeticSymbol(Peek())) {
    Next();
    ExpectRightHandSide();
    Defer("Unsupported operator in Condition Expression. Operator: " + *symbol);
    ParseOperand(Context::kCondition);
  }
  CheckFunctionPlace(left, Context::kCondition, false);
  Condition node;
  bool negate = false;
  if (IsKeyword("NOT") && (IsKeyword("BETWEEN", 1) || IsKeyword("IN", 1) || IsKeyword("LIKE", 1))) {
    Next();
    negate = true;
  }
  if (auto op = ComparatorOf(Peek().kind)) {
    Next();
    ExpectRightHandSide();
    node.kind = Condition::Kind::kCompare;
    node.op = *op;
    node.operands.push_back(std::move(left));
    node.operands.push_back(ParseValueExpression(Context::kCondition));
  } else if (AcceptKeyword("BETWEEN")) {
    ExpectRightHandSide();
    node.kind = Condition::Kind::kBetween;
    node.operands.push_back(std::move(left));
    node.operands.push_back(ParseValueExpression(Context::kCondition));
    // The wording for a BETWEEN without AND is eddy's.
    if (!AcceptKeyword("AND")) ThrowMalformed("Expected AND");
    ExpectRightHandSide();
    node.operands.push_back(ParseValueExpression(Context::kCondition));
  } else if (AcceptKeyword("IN")) {
    ExpectRightHandSide();
    node.kind = Condition::Kind::kIn;
    node.operands.push_back(std::move(left));
    const TokenKind open = Peek().kind;
    if (open == TokenKind::kLBracket || open == TokenKind::kLParen) {
      Next();
      Enter();
      const TokenKind close = open == TokenKind::kLBracket ? TokenKind::kRBracket : TokenKind::kRParen;
      if (Peek().kind != close) {
        do {
          node.operands.push_back(ParseValueExpression(Context::kCondition));
        } while (Accept(TokenKind::kComma));
      }
      Expect(close);
      Leave();
      if (node.operands.size() < 2) Defer(std::string(kInOperands));
    } else {
      ParseValueExpression(Context::kCondition);
      Defer(std::string(kInOperands));
    }
  } else if (AcceptKeyword("IS")) {
    node.kind = Condition::Kind::kIs;
    node.negated = AcceptKeyword("NOT");
    node.is_type = ParseIsType();
    const Operand::Kind k = left.kind;
    if (k != Operand::Kind::kPath && k != Operand::Kind::kLiteral) Defer(std::string(kIsOperand));
    node.operands.push_back(std::move(left));
  } else if (AcceptKeyword("LIKE")) {
    ExpectRightHandSide();
    Defer("Unsupported operator in Condition Expression. Operator: like");
    ParseValueExpression(Context::kCondition);
  } else {
    return {std::nullopt, std::move(left)};
  }
  if (negate) node = Negation(std::move(node));
  return {std::move(node), {}};
}

IsType Parser::ParseIsType() {
  const Token& t = Peek();
  const std::string word = Lower(t.text);
  if (t.kind != TokenKind::kKeyword && t.kind != TokenKind::kIdentifier) ThrowMalformed(kExpectedTypeName);
  static const std::array<std::pair<std::string_view, IsType>, 10> kSupported = {{
      {"missing", IsType::kMissing}, {"null", IsType::kNull}, {"bool", IsType::kBoolean},
      {"boolean", IsType::kBoolean}, {"string", IsType::kString}, {"numeric", IsType::kNumeric},
      {"blob", IsType::kBlob}, {"struct", IsType::kStruct}, {"tuple", IsType::kTuple}, {"list", IsType::kList},
  }};
  for (const auto& [name, type] : kSupported) {
    if (word == name) {
      Next();
      return type;
    }
  }
  // partiql's other type names parse, and DynamoDB refuses them.
  static const std::array<std::string_view, 26> kOtherTypes = {
      "smallint", "int2", "integer2", "int", "integer", "int4", "integer4", "int8", "integer8",
      "bigint", "float", "real", "double", "decimal", "dec", "char", "character", "varchar",
      "symbol", "clob", "sexp", "bag", "date", "time", "timestamp", "any"};
  for (std::string_view name : kOtherTypes) {
    if (word != name) continue;
    std::string written = Next().text;
    if ((word == "double" && IsKeyword("PRECISION")) ||
        ((word == "character" || word == "char") && IsKeyword("VARYING"))) {
      written += " " + Next().text;
    }
    for (char& c : written) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    Defer("Unsupported data type for IS operator: " + written +
          ". Supported data types are [MISSING, NULL, BOOLEAN, BLOB, STRING, NUMERIC, STRUCT, TUPLE, LIST]");
    return IsType::kMissing;
  }
  ThrowMalformed(kExpectedTypeName);
}

Operand Parser::ParseValueExpression(Context context) {
  Operand value = ParseOperand(context);
  const bool update = context == Context::kUpdate;
  CheckFunctionPlace(value, context, update);
  if (update && (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus)) {
    Operand sum;
    sum.kind = Next().kind == TokenKind::kPlus ? Operand::Kind::kPlus : Operand::Kind::kMinus;
    ExpectRightHandSide();
    Operand right = ParseOperand(context);
    CheckFunctionPlace(right, context, false);
    sum.args.push_back(std::move(value));
    sum.args.push_back(std::move(right));
    value = std::move(sum);
  }
  // DynamoDB's update expressions take one + or -; conditions none.
  while (auto symbol = ArithmeticSymbol(Peek())) {
    Next();
    ExpectRightHandSide();
    Defer("Unsupported operator in " + ContextName(update) + " Expression. Operator: " + *symbol);
    ParseOperand(context);
  }
  if (update) {
    if (auto op = ComparatorOf(Peek().kind)) {
      Next();
      ExpectRightHandSide();
      Defer("Unsupported operator in Update Expression. Operator: " + std::string(expr::CompareOpText(*op)));
      ParseOperand(context);
    } else if (AcceptKeyword("IS")) {
      AcceptKeyword("NOT");
      ParseIsType();
      Defer(std::string(kIsInUpdate));
    }
  }
  return value;
}

void Parser::CheckFunctionPlace(const Operand& operand, Context context, bool whole_set_value) {
  if (operand.kind != Operand::Kind::kFunction) return;
  const std::string& f = operand.function;
  // Wordings of the expression language (expr/resolve.cc), which DynamoDB's
  // PartiQL translates into; unknown names were reported when parsed.
  if (context == Context::kUpdate) {
    if (Contains(kConditionFunctions, f) || f == "size" ||
        (!whole_set_value && (f == "set_add" || f == "set_delete"))) {
      Defer("The function is not allowed in an update expression; function: " + f);
    }
  } else if (Contains(kConditionFunctions, f)) {
    Defer("The function is not allowed to be used this way in an expression; function: " + f);
  } else if (f != "size" && Contains(kValueFunctions, f)) {
    Defer("The function is not allowed in a condition expression; function: " + f);
  }
}

Operand Parser::ParseOperand(Context context) {
  const Token& t = Peek();
  Operand operand;
  if (t.kind == TokenKind::kParameter) {
    Next();
    operand.kind = Operand::Kind::kParameter;
    operand.parameter = NextParameter();
    return operand;
  }
  if (IsKeyword("MISSING")) {
    Next();
    Defer(std::string(kMissingLiteral));
    return operand;
  }
  if (t.kind == TokenKind::kMinus || t.kind == TokenKind::kPlus) {
    size_t ahead = 1;
    while (Peek(ahead).kind == TokenKind::kMinus || Peek(ahead).kind == TokenKind::kPlus) ++ahead;
    if (Peek(ahead).kind != TokenKind::kNumber) {
      // A sign in front of anything but a number literal is an operator.
      Next();
      ExpectRightHandSide();
      Defer("Unsupported operator in " + ContextName(context == Context::kUpdate) +
            " Expression. Operator: " + (t.kind == TokenKind::kMinus ? "-" : "+"));
      Enter();
      ParseOperand(context);
      Leave();
      return operand;
    }
  }
  if (AtLiteral()) {
    operand.literal = ParseLiteral("root");
    return operand;
  }
  if (t.kind == TokenKind::kLParen) {
    Next();
    Enter();
    operand = ParseValueExpression(context);
    Expect(TokenKind::kRParen);
    Leave();
    return operand;
  }
  if (Peek(1).kind == TokenKind::kLParen && (t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kKeyword)) {
    return ParseFunctionCall(context);
  }
  if (!IsName(t)) UnexpectedTerm();
  operand.kind = Operand::Kind::kPath;
  operand.path = ParsePath();
  return operand;
}

Operand Parser::ParseFunctionCall(Context context) {
  // partiql-lang-kotlin lower-cases keywords; a plain name stays as written.
  const Token& name = Next();
  const std::string written = name.kind == TokenKind::kKeyword ? Lower(name.text) : name.text;
  Next();  // (
  Enter();
  Operand call;
  call.kind = Operand::Kind::kFunction;
  call.function = Lower(written);
  if (Contains(kAggregates, call.function)) {
    // COUNT(*) and friends: partiql's aggregate call, which DynamoDB refuses.
    if (!Accept(TokenKind::kStar) && Peek().kind != TokenKind::kRParen) ParseValueExpression(context);
    Defer("Unsupported operation: CallAgg");
  } else {
    if (!Contains(kConditionFunctions, call.function) && !Contains(kValueFunctions, call.function)) {
      Defer("Unrecognized function: " + written);
    }
    if (Peek().kind != TokenKind::kRParen) {
      do {
        Operand arg = ParseValueExpression(context);
        CheckFunctionPlace(arg, context, false);
        call.args.push_back(std::move(arg));
      } while (Accept(TokenKind::kComma));
    }
  }
  Expect(TokenKind::kRParen);
  Leave();
  return call;
}

Path Parser::ParsePath() {
  Path path;
  if (!IsName(Peek())) UnexpectedTerm();
  path.push_back({Next().text});
  while (true) {
    if (Accept(TokenKind::kDot)) {
      if (Accept(TokenKind::kStar)) {
        Defer(std::string(kUnpivotPath));
        continue;
      }
      if (!IsName(Peek())) UnexpectedTerm();
      path.push_back({Next().text});
    } else if (Accept(TokenKind::kLBracket)) {
      const Token& t = Peek();
      if (t.kind == TokenKind::kString) {
        // a['b'] is a['b'], partiql's map lookup: the same as a.b.
        path.push_back({Next().text});
      } else if (t.kind == TokenKind::kStar) {
        Next();
        Defer(std::string(kWildcardPath));
      } else if (t.kind == TokenKind::kNumber || (t.kind == TokenKind::kMinus && Peek(1).kind == TokenKind::kNumber)) {
        const bool negative = Accept(TokenKind::kMinus);
        const std::string digits = Next().text;
        bool integer = digits.find_first_not_of("0123456789") == std::string::npos;
        if (!integer || negative || digits.size() > 10 ||
            std::stoll(digits) > std::numeric_limits<int32_t>::max()) {
          Defer("List index is not within the allowable range; index: [" + std::string(negative ? "-" : "") +
                digits + "]");
        } else {
          path.push_back({"", static_cast<int>(std::stoll(digits))});
        }
      } else {
        UnexpectedTerm();
      }
      Expect(TokenKind::kRBracket);
    } else {
      return path;
    }
  }
}

}  // namespace eddy::partiql

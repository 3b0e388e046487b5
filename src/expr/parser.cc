#include "expr/parser.h"

#include <optional>

#include "core/api_error.h"
#include "expr/reserved_words.h"

namespace eddy::expr {

void ThrowInvalid(std::string_view parameter, const std::string& message) {
  throw ApiError::Validation("Invalid " + std::string(parameter) + ": " + message);
}

Parser::Parser(std::string_view text, std::string_view parameter)
    : text_(text), parameter_(parameter), tokens_(Tokenize(text)) {}

const Token& Parser::Peek(size_t ahead) const {
  size_t index = std::min(pos_ + ahead, tokens_.size() - 1);
  return tokens_[index];
}

const Token& Parser::Next() {
  const Token& token = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return token;
}

bool Parser::Accept(TokenKind kind) {
  if (Peek().kind != kind) return false;
  Next();
  return true;
}

void Parser::Expect(TokenKind kind) {
  if (!Accept(kind)) SyntaxError();
}

void Parser::CheckLength() const {
  if (tokens_.size() == 1) Fail("The expression can not be empty;");
  // DynamoDB limits every expression string to 4 KB ("Service, account,
  // and table quotas": expression parameters).
  if (text_.size() > kMaxExpressionBytes) {
    Fail("Expression size has exceeded the maximum allowed size; expression size: " +
         std::to_string(text_.size()));
  }
}

void Parser::Fail(const std::string& message) const { ThrowInvalid(parameter_, message); }

void Parser::SyntaxError() const {
  // DynamoDB quotes the offending token and the source text from the token
  // before it to the token after it, e.g. token: "_", near: "SET _123".
  const Token& token = tokens_[pos_];
  size_t begin = pos_ > 0 ? tokens_[pos_ - 1].offset : token.offset;
  size_t end = text_.size();
  if (token.kind != TokenKind::kEnd && pos_ + 1 < tokens_.size()) {
    const Token& after = tokens_[pos_ + 1];
    end = after.kind == TokenKind::kEnd ? text_.size() : after.offset + after.text.size();
  }
  Fail("Syntax error; token: \"" + std::string(token.text) + "\", near: \"" +
       std::string(text_.substr(begin, end - begin)) + "\"");
}

void Parser::Enter() {
  if (++depth_ > kMaxDepth) Fail("The expression is nested too deeply;");
}

ConditionNode Parser::ParseWholeCondition() {
  CheckLength();
  ConditionNode node = ParseOr();
  if (!AtEnd()) SyntaxError();
  Finish();
  return node;
}

void Parser::Finish() const {
  if (redundant_parentheses_) Fail("The expression has redundant parentheses;");
  if (!reserved_word_.empty()) {
    Fail("Attribute name is a reserved keyword; reserved keyword: " + reserved_word_);
  }
}

ConditionNode Parser::ParseOr() {
  ConditionNode left = ParseAnd();
  while (IsKeyword(Peek(), "OR")) {
    Next();
    ConditionNode node;
    node.kind = ConditionNode::Kind::kOr;
    node.children.push_back(std::move(left));
    node.children.push_back(ParseAnd());
    left = std::move(node);
  }
  return left;
}

ConditionNode Parser::ParseAnd() {
  ConditionNode left = ParseNot();
  while (IsKeyword(Peek(), "AND")) {
    Next();
    ConditionNode node;
    node.kind = ConditionNode::Kind::kAnd;
    node.children.push_back(std::move(left));
    node.children.push_back(ParseNot());
    left = std::move(node);
  }
  return left;
}

ConditionNode Parser::ParseNot() {
  if (!IsKeyword(Peek(), "NOT")) return ParsePrimary();
  Next();
  Enter();
  ConditionNode node;
  node.kind = ConditionNode::Kind::kNot;
  node.children.push_back(ParseNot());
  Leave();
  return node;
}

namespace {
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
}  // namespace

const Token& Parser::TokenAfterParentheses() const {
  int open = 0;
  for (size_t i = pos_; i < tokens_.size(); ++i) {
    TokenKind kind = tokens_[i].kind;
    if (kind == TokenKind::kLParen) ++open;
    if (kind == TokenKind::kRParen && --open == 0) return tokens_[std::min(i + 1, tokens_.size() - 1)];
    if (kind == TokenKind::kEnd) break;
  }
  return tokens_.back();
}

bool Parser::ParenthesizedOperandAhead() const {
  // "(a) = :v": the token after the matching ")" continues a comparison.
  const Token& next = TokenAfterParentheses();
  return ComparatorOf(next.kind).has_value() || IsKeyword(next, "BETWEEN") || IsKeyword(next, "IN");
}

ConditionNode Parser::ParsePrimary() {
  if (Peek().kind == TokenKind::kLParen && !ParenthesizedOperandAhead()) {
    Next();
    Enter();
    ConditionNode inner = ParseOr();
    Expect(TokenKind::kRParen);
    Leave();
    // DynamoDB accepts one pair of parentheses per level but rejects "((x))".
    if (inner.parenthesized) redundant_parentheses_ = true;
    inner.parenthesized = true;
    return inner;
  }
  ConditionNode node;
  Operand first = ParseOperand();
  if (auto op = ComparatorOf(Peek().kind)) {
    Next();
    node.kind = ConditionNode::Kind::kCompare;
    node.op = *op;
    node.operands.push_back(std::move(first));
    node.operands.push_back(ParseOperand());
  } else if (IsKeyword(Peek(), "BETWEEN")) {
    Next();
    node.kind = ConditionNode::Kind::kBetween;
    node.operands.push_back(std::move(first));
    node.operands.push_back(ParseOperand());
    if (!IsKeyword(Peek(), "AND")) SyntaxError();
    Next();
    node.operands.push_back(ParseOperand());
  } else if (IsKeyword(Peek(), "IN")) {
    Next();
    node.kind = ConditionNode::Kind::kIn;
    node.operands.push_back(std::move(first));
    Expect(TokenKind::kLParen);
    do {
      node.operands.push_back(ParseOperand());
    } while (Accept(TokenKind::kComma));
    Expect(TokenKind::kRParen);
  } else if (first.kind == Operand::Kind::kFunction) {
    node.kind = ConditionNode::Kind::kFunction;
    node.function = std::move(first.function);
    node.operands = std::move(first.args);
  } else {
    SyntaxError();
  }
  return node;
}

PathElement Parser::ParseNameElement() {
  const Token& token = Peek();
  if (token.kind == TokenKind::kNameRef) {
    Next();
    return {std::string(token.text)};
  }
  if (token.kind != TokenKind::kName) SyntaxError();
  // Reported after the whole expression parses: DynamoDB reports syntax
  // errors (and redundant parentheses) before reserved words.
  if (reserved_word_.empty() && IsReservedWord(token.text)) reserved_word_ = token.text;
  Next();
  return {std::string(token.text)};
}

Path Parser::ParsePath() {
  Path path;
  path.push_back(ParseNameElement());
  while (true) {
    if (Accept(TokenKind::kDot)) {
      path.push_back(ParseNameElement());
    } else if (Accept(TokenKind::kLBracket)) {
      const Token& token = Peek();
      if (token.kind != TokenKind::kInteger) SyntaxError();
      // DynamoDB list indexes are small; anything that does not fit an int
      // cannot address an element and is reported as a syntax error.
      std::string digits(token.text);
      if (digits.size() > 9) SyntaxError();
      Next();
      path.push_back({"", std::stoi(digits)});
      Expect(TokenKind::kRBracket);
    } else {
      break;
    }
  }
  if (path.size() > kMaxPathLevels) {
    Fail("The document path has too many nesting levels; nesting levels: " +
         std::to_string(path.size()));
  }
  return path;
}

Operand Parser::ParseOperand() {
  const Token& token = Peek();
  Operand operand;
  last_operand_parenthesized_ = false;
  if (token.kind == TokenKind::kValueRef) {
    Next();
    operand.kind = Operand::Kind::kValue;
    operand.value_ref = std::string(token.text);
    return operand;
  }
  if (token.kind == TokenKind::kLParen) {
    // A parenthesized operand; "((a))" is redundant, as for conditions.
    Next();
    Enter();
    operand = ParseOperand();
    if (last_operand_parenthesized_) redundant_parentheses_ = true;
    Expect(TokenKind::kRParen);
    Leave();
    last_operand_parenthesized_ = true;
    return operand;
  }
  if (token.kind == TokenKind::kName && Peek(1).kind == TokenKind::kLParen) {
    Next();
    Next();
    Enter();
    operand.kind = Operand::Kind::kFunction;
    operand.function = std::string(token.text);
    do {
      operand.args.push_back(ParseOperand());
    } while (Accept(TokenKind::kComma));
    Expect(TokenKind::kRParen);
    Leave();
    last_operand_parenthesized_ = false;
    return operand;
  }
  operand.kind = Operand::Kind::kPath;
  operand.path = ParsePath();
  return operand;
}

}  // namespace eddy::expr

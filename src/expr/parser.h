// Hand-written recursive-descent parser for DynamoDB expressions (syntax
// only: names and values stay as written; resolve.h substitutes and checks
// semantics). Grammar, as reverse-engineered from DynamoDB's behaviour:
//
//   condition  := and (OR and)*
//   and        := not (AND not)*
//   not        := NOT not | primary
//   primary    := '(' condition ')'
//               | operand comparator operand
//               | operand BETWEEN operand AND operand
//               | operand IN '(' operand (',' operand)* ')'
//               | function-call
//   operand    := path | ':value' | name '(' operand (',' operand)* ')'
//   path       := (name | '#name') ('.' (name | '#name') | '[' digits ']')*
//
// Keywords are case-insensitive; function names are case-sensitive.
// Recursion is bounded by kMaxDepth so hostile input cannot overflow the
// stack (a known failure of generated parsers).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.h"
#include "expr/lexer.h"

namespace eddy::expr {

class Parser {
 public:
  static constexpr int kMaxDepth = 400;
  // DynamoDB: "The document path has too many nesting levels" beyond 32.
  static constexpr size_t kMaxPathLevels = 32;

  // `parameter` names the request parameter in error messages
  // ("ConditionExpression", "UpdateExpression", ...).
  Parser(std::string_view text, std::string_view parameter);

  // A whole condition expression (rejects empty text and trailing tokens).
  ConditionNode ParseWholeCondition();
  // After a whole expression parsed: throws for redundant parentheses, then
  // for the first bare attribute name that is a reserved word.
  void Finish() const;

  // Building blocks for the update and projection grammars.
  Path ParsePath();
  Operand ParseOperand();
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool Accept(TokenKind kind);
  void Expect(TokenKind kind);
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  // At a "(": the token after its matching ")" (kEnd when unbalanced).
  const Token& TokenAfterParentheses() const;
  static constexpr size_t kMaxExpressionBytes = 4096;

  // "Invalid <parameter>: The expression can not be empty;", or the
  // expression is longer than kMaxExpressionBytes.
  void CheckLength() const;
  // "Invalid <parameter>: Syntax error; token: "<tok>", near: "<prev tok next>""
  [[noreturn]] void SyntaxError() const;
  // "Invalid <parameter>: <message>"
  [[noreturn]] void Fail(const std::string& message) const;
  std::string_view parameter() const { return parameter_; }

 private:
  ConditionNode ParseOr();
  ConditionNode ParseAnd();
  ConditionNode ParseNot();
  ConditionNode ParsePrimary();
  PathElement ParseNameElement();
  bool ParenthesizedOperandAhead() const;
  void Enter();
  void Leave() { --depth_; }

  std::string_view text_;
  std::string parameter_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool redundant_parentheses_ = false;
  bool last_operand_parenthesized_ = false;
  std::string reserved_word_;
};

// "Invalid <parameter>: <message>" as a ValidationException.
[[noreturn]] void ThrowInvalid(std::string_view parameter, const std::string& message);

}  // namespace eddy::expr

// Parser for DynamoDB's PartiQL dialect: one statement in, a Statement out,
// or ApiError::Validation with DynamoDB's message (errors.h).
//
//   statement := select | EXISTS '(' select ')' | insert | update | delete  [';']
//   select    := SELECT ('*' | path (',' path)*) FROM source [WHERE cond]
//                [ORDER BY name [ASC|DESC] (',' name [ASC|DESC])*]
//   insert    := INSERT INTO source VALUE '{' 'key' ':' value (',' ...)* '}'
//   update    := UPDATE source action+ [WHERE cond] [returning]
//              | FROM source [WHERE cond] action+ [returning]
//   action    := SET path '=' rhs (',' path '=' rhs)* | REMOVE path
//   delete    := DELETE FROM source [WHERE cond] [RETURNING ALL OLD *]
//   source    := name ['.' name]          (bare or "double-quoted")
//   cond      := or;  or := and (OR and)*;  and := not (AND not)*
//   not       := NOT not | '(' cond ')' | function(args)
//              | operand (cmp operand | [NOT] BETWEEN operand AND operand
//                         | [NOT] IN ('[' | '(') operands (']' | ')') | IS [NOT] type)
//   operand   := literal | '?' | path | function(args) | '(' operand ')'
//   path      := name ('.' name | '[' digits ']' | '[' 'string' ']')*
//
// As in DynamoDB, syntax errors come first ("Statement wasn't well formed,
// can't be processed: ..."), and what parses but DynamoDB does not support
// (aliases, MISSING as a value, unknown functions, ...) is reported once
// the whole statement has parsed, first such problem first.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "partiql/ast.h"
#include "partiql/lexer.h"

namespace eddy::partiql {

// DynamoDB's Statement member: 1..8192 characters (botocore's model).
inline constexpr size_t kMaxStatementLength = 8192;

Statement Parse(std::string_view statement);

// partiql's name for a literal's type in messages ("DECIMAL", "BOOL", ...).
std::string PartiqlTypeName(const AttributeValue& value);

class Parser {
 public:
  // Nesting of parentheses, NOT, function arguments and literal lists,
  // maps and sets; bounds recursion so no statement can overflow the stack.
  static constexpr int kMaxDepth = 100;

  explicit Parser(std::string_view statement);
  Statement ParseStatement();

 private:
  // Where an operand sits, for the wording of unsupported operators and
  // functions ("Condition Expression" or "Update Expression").
  enum class Context { kCondition, kUpdate };
  // A parsed condition, or a lone operand that is not one (kept to report
  // DynamoDB's message for the place it stands in).
  struct Term {
    std::optional<Condition> condition;
    Operand operand;
  };

  // statement.cc
  Statement ParseSelect(Statement::Kind kind);
  Statement ParseInsert();
  Statement ParseUpdate();
  Statement ParseFromFirstUpdate();
  Statement ParseDelete();
  void ParseSource(Statement* statement, bool data_manipulation);
  void SkipAlias();
  void ParseProjection(Statement* statement);
  void ParseOrderBy(Statement* statement);
  void ParseWhere(Statement* statement);
  void RejectUnsupportedClauses();
  void ParseActions(Statement* statement);
  void ParseSetAssignment(Statement* statement);
  void ParseReturning(Statement* statement);
  void ParseInsertItem(Statement* statement);
  void Finish();

  // condition.cc
  Condition ParseWholeCondition(std::string_view bare_message);
  Term ParseOr();
  Term ParseAnd();
  Term ParseLogical(Condition::Kind kind);
  Term ParseNot();
  Term ParsePredicate();
  Term ParseComparisonTail(Operand left);
  IsType ParseIsType();
  Operand ParseOperand(Context context);
  Operand ParseValueExpression(Context context);
  Operand ParseFunctionCall(Context context);
  Path ParsePath();
  void CheckFunctionPlace(const Operand& operand, Context context, bool whole_condition);
  void ExpectRightHandSide();

  // literal.cc
  bool AtLiteral() const;
  AttributeValue ParseLiteral(const std::string& where);
  AttributeValue ParseNumber(bool negative, const std::string& where);
  AttributeValue ParseBag(const std::string& where);

  // Tokens.
  const Token& Peek(size_t ahead = 0) const;
  const Token& Next();
  bool Accept(TokenKind kind);
  bool IsKeyword(std::string_view upper, size_t ahead = 0) const;
  bool AcceptKeyword(std::string_view upper);
  void Expect(TokenKind kind);
  // A term was wanted here: "Unexpected term", "... keyword" or "... operator".
  [[noreturn]] void UnexpectedTerm() const;
  // Records the first unsupported construct; Parse() throws it at the end.
  void Defer(std::string message);
  size_t NextParameter() { return parameter_count_++; }
  void Enter();
  void Leave() { --depth_; }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  size_t parameter_count_ = 0;
  std::optional<std::string> deferred_;
};

}  // namespace eddy::partiql

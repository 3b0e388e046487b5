// Statements: SELECT, EXISTS(SELECT), INSERT, UPDATE (both forms), DELETE,
// and the token helpers they share with condition.cc and literal.cc.
#include <set>

#include "core/api_error.h"
#include "partiql/errors.h"
#include "partiql/parser.h"

namespace eddy::partiql {
namespace {

size_t CountCharacters(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// DynamoDB's constraint message for the Statement member, in case the
// request layer has not checked it already.
void CheckLength(std::string_view statement) {
  const size_t length = CountCharacters(statement);
  std::string failed;
  if (length < 1) failed = "Member must have length greater than or equal to 1";
  if (length > kMaxStatementLength) {
    failed = "Member must have length less than or equal to " + std::to_string(kMaxStatementLength);
  }
  if (failed.empty()) return;
  throw ApiError::ValidationErrors(
      {"Value '" + std::string(statement) + "' at 'statement' failed to satisfy constraint: " + failed});
}

bool IsName(const Token& t) {
  return t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier;
}

}  // namespace

Statement Parse(std::string_view statement) {
  CheckLength(statement);
  return Parser(statement).ParseStatement();
}

Parser::Parser(std::string_view statement) : tokens_(Tokenize(statement)) {}

const Token& Parser::Peek(size_t ahead) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }

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

bool Parser::IsKeyword(std::string_view upper, size_t ahead) const {
  const Token& t = Peek(ahead);
  return t.kind == TokenKind::kKeyword && t.text == upper;
}

bool Parser::AcceptKeyword(std::string_view upper) {
  if (!IsKeyword(upper)) return false;
  Next();
  return true;
}

void Parser::Expect(TokenKind kind) {
  if (Accept(kind)) return;
  // partiql-lang-kotlin names the token it wanted; these names are its
  // token types (the exact DynamoDB wording for these was not found).
  switch (kind) {
    case TokenKind::kRParen: ThrowMalformed("Expected RIGHT_PAREN");
    case TokenKind::kLParen: ThrowMalformed("Expected LEFT_PAREN");
    case TokenKind::kRBracket: ThrowMalformed("Expected RIGHT_BRACKET");
    case TokenKind::kRBrace: ThrowMalformed("Expected RIGHT_CURLY");
    case TokenKind::kRBag: ThrowMalformed("Expected RIGHT_DOUBLE_ANGLE_BRACKET");
    case TokenKind::kColon: ThrowMalformed("Expected COLON");
    default: UnexpectedTerm();
  }
}

void Parser::UnexpectedTerm() const {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kKeyword:
      if (t.text == "AND" || t.text == "OR" || t.text == "IS" || t.text == "LIKE" || t.text == "BETWEEN" ||
          t.text == "IN" || t.text == "ESCAPE") {
        ThrowMalformed(kUnexpectedOperator);
      }
      ThrowMalformed(kUnexpectedKeyword);
    case TokenKind::kEq: case TokenKind::kNe: case TokenKind::kLt: case TokenKind::kLe:
    case TokenKind::kGt: case TokenKind::kGe: case TokenKind::kStar: case TokenKind::kSlash:
    case TokenKind::kPercent: case TokenKind::kConcat:
      ThrowMalformed(kUnexpectedOperator);
    default: ThrowMalformed(kUnexpectedTerm);
  }
}

void Parser::Defer(std::string message) {
  if (!deferred_) deferred_ = std::move(message);
}

void Parser::Enter() {
  // The wording is eddy's: DynamoDB's limit on statement nesting is not documented.
  if (++depth_ > kMaxDepth) ThrowMalformed("Statement is nested too deeply");
}

Statement Parser::ParseStatement() {
  Statement statement;
  if (AcceptKeyword("SELECT")) {
    statement = ParseSelect(Statement::Kind::kSelect);
  } else if (IsKeyword("EXISTS") && Peek(1).kind == TokenKind::kLParen && IsKeyword("SELECT", 2)) {
    // EXISTS(SELECT ...): a condition check, for ExecuteTransaction.
    Next();
    Next();
    Next();
    statement = ParseSelect(Statement::Kind::kExists);
    Expect(TokenKind::kRParen);
  } else if (AcceptKeyword("INSERT")) {
    statement = ParseInsert();
  } else if (AcceptKeyword("UPDATE")) {
    statement = ParseUpdate();
  } else if (AcceptKeyword("FROM")) {
    statement = ParseFromFirstUpdate();
  } else if (AcceptKeyword("DELETE")) {
    statement = ParseDelete();
  } else {
    ThrowMalformed(kExpectedDataManipulation);
  }
  Finish();
  if (statement.kind == Statement::Kind::kSelect && !statement.order_by.empty() && !statement.where) {
    Defer(std::string(kOrderByWithoutWhere));
  }
  if (deferred_) ThrowUnsupported(*deferred_);
  statement.parameter_count = parameter_count_;
  return statement;
}

void Parser::Finish() {
  const bool semicolon = Accept(TokenKind::kSemicolon);
  if (Peek().kind == TokenKind::kEnd) return;
  if (semicolon) ThrowUnsupported(std::string(kOneOperation));
  ThrowMalformed(kLeftover);
}

void Parser::ParseSource(Statement* statement, bool data_manipulation) {
  const Token& t = Peek();
  if (!IsName(t)) {
    if (data_manipulation) ThrowMalformed(kExpectedSimplePath);
    if (t.kind == TokenKind::kLParen || t.kind == TokenKind::kLBracket || t.kind == TokenKind::kLBrace ||
        t.kind == TokenKind::kLBag) {
      ThrowUnsupported("Unexpected from source");
    }
    UnexpectedTerm();
  }
  statement->table = Next().text;
  if (statement->table.empty()) Defer(std::string(kEmptyPathComponent));
  if (Accept(TokenKind::kDot)) {
    if (!IsName(Peek())) UnexpectedTerm();
    statement->index = Next().text;
    if (statement->index->empty()) Defer(std::string(kEmptyPathComponent));
  }
  if (Peek().kind == TokenKind::kDot) ThrowUnsupported(std::string(kFromComponents));
  if (Peek().kind == TokenKind::kLBracket) ThrowUnsupported("Unexpected path component");
}

void Parser::SkipAlias() {
  // FROM "t" t, FROM "t" AS t, "t" AT i, "t" BY i: parsed, then refused.
  if (IsKeyword("AS") || IsKeyword("AT") || IsKeyword("BY")) {
    Next();
    if (!IsName(Peek())) UnexpectedTerm();
    Next();
    Defer(std::string(kAliasing));
  } else if (IsName(Peek())) {
    Next();
    Defer(std::string(kAliasing));
  }
}

Statement Parser::ParseSelect(Statement::Kind kind) {
  Statement statement;
  statement.kind = kind;
  ParseProjection(&statement);
  if (!AcceptKeyword("FROM")) {
    if (Peek().kind == TokenKind::kEnd) ThrowMalformed(kUnexpectedTerm);
    ThrowMalformed(kLeftover);
  }
  ParseSource(&statement, false);
  SkipAlias();
  if (Peek().kind == TokenKind::kComma || IsKeyword("JOIN") || IsKeyword("INNER") || IsKeyword("LEFT") ||
      IsKeyword("RIGHT") || IsKeyword("CROSS") || IsKeyword("FULL") || IsKeyword("OUTER")) {
    ThrowUnsupported(std::string(kSingleSource));
  }
  ParseWhere(&statement);
  RejectUnsupportedClauses();
  if (kind == Statement::Kind::kSelect && AcceptKeyword("ORDER")) {
    if (!AcceptKeyword("BY")) UnexpectedTerm();
    ParseOrderBy(&statement);
  }
  RejectUnsupportedClauses();
  return statement;
}

void Parser::ParseProjection(Statement* statement) {
  if (IsKeyword("VALUE") || IsKeyword("PIVOT")) ThrowUnsupported(std::string(kSelectValue));
  if (IsKeyword("DISTINCT") || IsKeyword("ALL")) {
    Defer("Unsupported clause: " + Peek().text);
    Next();
  }
  bool star = false;
  bool others = false;
  do {
    if (Accept(TokenKind::kStar)) {
      star = true;
      continue;
    }
    if (!IsName(Peek())) {
      // A literal, parameter or function call is no attribute to project.
      if (Peek().kind == TokenKind::kKeyword && Peek(1).kind == TokenKind::kLParen) {
        ParseOperand(Context::kCondition);
        Defer("Unsupported operation: CallAgg");
        others = true;
        continue;
      }
      UnexpectedTerm();
    }
    if (Peek(1).kind == TokenKind::kLParen) {
      Operand call = ParseOperand(Context::kCondition);
      Defer("Unsupported token in expression: " + call.function);
    } else {
      statement->projection.push_back(ParsePath());
    }
    others = true;
    if (IsKeyword("AS") || IsName(Peek())) SkipAlias();
  } while (Accept(TokenKind::kComma));
  if (star && others) Defer(std::string(kStarAndOthers));
  statement->select_all = star && !others;
}

void Parser::ParseOrderBy(Statement* statement) {
  do {
    if (!IsName(Peek())) UnexpectedTerm();
    Path path = ParsePath();
    if (path.size() > 1) Defer("Argument to ORDER BY must be of type VariableReference. Type: Path");
    OrderBy key{path[0].name};
    if (AcceptKeyword("DESC")) {
      key.descending = true;
    } else {
      AcceptKeyword("ASC");
    }
    statement->order_by.push_back(std::move(key));
  } while (Accept(TokenKind::kComma));
}

void Parser::ParseWhere(Statement* statement) {
  if (AcceptKeyword("WHERE")) statement->where = ParseWholeCondition(kWhereNotBoolean);
}

void Parser::RejectUnsupportedClauses() {
  // PartiQL clauses DynamoDB does not run (wording: DynamoDB Local's
  // "Unsupported clause: %s" template; the clause names are eddy's).
  for (std::string_view clause : {"GROUP", "HAVING", "LIMIT", "OFFSET", "LET", "UNION", "INTERSECT", "EXCEPT"}) {
    if (IsKeyword(clause)) {
      std::string name(clause);
      if (name == "GROUP") name = "GROUP BY";
      ThrowUnsupported("Unsupported clause: " + name);
    }
  }
}

Statement Parser::ParseInsert() {
  Statement statement;
  statement.kind = Statement::Kind::kInsert;
  if (!AcceptKeyword("INTO")) UnexpectedTerm();
  ParseSource(&statement, true);
  if (AcceptKeyword("VALUE")) {
    if (Peek().kind != TokenKind::kLBrace) {
      if (Peek().kind == TokenKind::kEnd) UnexpectedTerm();
      ThrowUnsupported(std::string(kInsertFormat));
    }
    ParseInsertItem(&statement);
  } else if (IsKeyword("VALUES") || IsKeyword("SELECT") || Peek().kind == TokenKind::kLBag) {
    ThrowUnsupported(std::string(kInsertMultiple));
  } else if (Peek().kind == TokenKind::kEnd) {
    UnexpectedTerm();
  } else {
    // Pinned: an alias on an INSERT is a leftover token.
    ThrowMalformed(kLeftover);
  }
  if (IsKeyword("RETURNING")) ThrowUnsupported(std::string(kInsertReturning));
  return statement;
}

void Parser::ParseInsertItem(Statement* statement) {
  Expect(TokenKind::kLBrace);
  std::set<std::string, std::less<>> keys;
  if (Accept(TokenKind::kRBrace)) return;
  do {
    if (Peek().kind != TokenKind::kString && !AtLiteral()) UnexpectedTerm();
    std::string key;
    if (Peek().kind == TokenKind::kString) {
      key = Next().text;
    } else {
      // A non-string key: DynamoDB refuses it once parsed (literal.cc words it).
      Defer("Tuple keys must be of type String. Actual type: " + PartiqlTypeName(ParseLiteral("root")) +
            " under root");
    }
    Expect(TokenKind::kColon);
    if (!keys.insert(key).second) Defer("Duplicate keys in tuple. Key: " + key + " under root");
    Operand value;
    if (Accept(TokenKind::kParameter)) {
      value.kind = Operand::Kind::kParameter;
      value.parameter = NextParameter();
    } else if (IsName(Peek())) {
      ParsePath();
      Defer("Unsupported data type: VariableReference under key " + key);
    } else {
      value.literal = ParseLiteral("root");
    }
    statement->item.emplace_back(std::move(key), std::move(value));
  } while (Accept(TokenKind::kComma));
  Expect(TokenKind::kRBrace);
}

Statement Parser::ParseUpdate() {
  Statement statement;
  statement.kind = Statement::Kind::kUpdate;
  ParseSource(&statement, true);
  SkipAlias();
  ParseActions(&statement);
  ParseWhere(&statement);
  ParseReturning(&statement);
  return statement;
}

Statement Parser::ParseFromFirstUpdate() {
  // FROM "t" [WHERE ...] SET ... : partiql's FROM-first form of UPDATE,
  // which DynamoDB accepts; its WHERE comes before the actions.
  Statement statement;
  statement.kind = Statement::Kind::kUpdate;
  ParseSource(&statement, true);
  SkipAlias();
  ParseWhere(&statement);
  ParseActions(&statement);
  ParseReturning(&statement);
  return statement;
}

void Parser::ParseActions(Statement* statement) {
  if (!IsKeyword("SET") && !IsKeyword("REMOVE")) ThrowMalformed(kExpectedDataManipulation);
  while (true) {
    if (AcceptKeyword("SET")) {
      do {
        ParseSetAssignment(statement);
      } while (Accept(TokenKind::kComma));
    } else if (AcceptKeyword("REMOVE")) {
      if (!IsName(Peek())) UnexpectedTerm();
      statement->actions.push_back({UpdateAction::Kind::kRemove, ParsePath(), {}});
    } else {
      return;
    }
  }
}

void Parser::ParseSetAssignment(Statement* statement) {
  if (!IsName(Peek())) {
    if (Peek().kind == TokenKind::kEnd || Peek().kind == TokenKind::kKeyword) ThrowMalformed(kExpectedAssignment);
    UnexpectedTerm();
  }
  UpdateAction action;
  action.path = ParsePath();
  if (!Accept(TokenKind::kEq)) ThrowMalformed(kExpectedAssignment);
  ExpectRightHandSide();
  action.value = ParseValueExpression(Context::kUpdate);
  if (action.value.kind == Operand::Kind::kFunction &&
      (action.value.function == "set_add" || action.value.function == "set_delete")) {
    // path = set_add(path, <<...>>) is DynamoDB's ADD; set_delete its DELETE.
    const bool add = action.value.function == "set_add";
    const std::string name = add ? "SET_ADD" : "SET_DELETE";
    std::vector<Operand> args = std::move(action.value.args);
    action.kind = add ? UpdateAction::Kind::kSetAdd : UpdateAction::Kind::kSetDelete;
    if (args.size() != 2) {
      Defer(name + " must have exactly two arguments");
    } else if (args[0].kind != Operand::Kind::kPath || args[0].path != action.path) {
      Defer("The first argument to " + name + " must equal the assignment value");
    } else if (args[1].kind != Operand::Kind::kParameter &&
               (args[1].kind != Operand::Kind::kLiteral || !args[1].literal.is_set())) {
      // A parameter's type is known only at execution; the executor checks it.
      Defer("The second argument to " + name + " must be a value with type SET");
    } else {
      action.value = std::move(args[1]);
    }
  }
  statement->actions.push_back(std::move(action));
}

void Parser::ParseReturning(Statement* statement) {
  if (!AcceptKeyword("RETURNING")) return;
  const bool all = IsKeyword("ALL");
  if (!all && !IsKeyword("MODIFIED")) UnexpectedTerm();
  Next();
  const bool is_new = IsKeyword("NEW");
  if (!is_new && !IsKeyword("OLD")) UnexpectedTerm();
  Next();
  statement->returning = all ? (is_new ? Returning::kAllNew : Returning::kAllOld)
                             : (is_new ? Returning::kModifiedNew : Returning::kModifiedOld);
  if (!Accept(TokenKind::kStar)) {
    if (Peek().kind == TokenKind::kEnd) UnexpectedTerm();
    ParseOperand(Context::kCondition);
    Defer(std::string(kReturningStar));
  }
  if (Peek().kind == TokenKind::kComma) ThrowUnsupported(std::string(kReturningMultiple));
}

Statement Parser::ParseDelete() {
  Statement statement;
  statement.kind = Statement::Kind::kDelete;
  // partiql-lang-kotlin's wording for a DELETE without FROM.
  if (!AcceptKeyword("FROM")) ThrowMalformed("Expected FROM after DELETE");
  ParseSource(&statement, true);
  SkipAlias();
  ParseWhere(&statement);
  ParseReturning(&statement);
  if (statement.returning != Returning::kNone && statement.returning != Returning::kAllOld) {
    Defer("Invalid returning clause: RETURNING " + std::string(ReturningText(statement.returning)) +
          " *. Only RETURNING ALL OLD * is allowed in DELETE statements.");
  }
  return statement;
}

}  // namespace eddy::partiql

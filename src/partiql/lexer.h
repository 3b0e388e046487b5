// Tokenizer for DynamoDB's PartiQL dialect. PartiQL's lexical rules: bare
// identifiers start with a letter, '_' or '$'; "double quotes" delimit an
// identifier and 'single quotes' a string, each doubling its quote to escape
// it; numbers are digits with an optional fraction and exponent; "--" and
// "/* */" are comments. Bare words that are SQL-92 or PartiQL keywords are
// keywords, never attribute names (DynamoDB wants those double-quoted).
//
// A character PartiQL cannot lex (a '#', an unterminated comment or quote)
// fails the whole statement: DynamoDB then answers "Statement wasn't well
// formed, can't be processed: " with nothing after the colon (pinned against
// the live service for '#' and an open "/*").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eddy::partiql {

enum class TokenKind {
  kKeyword,           // text upper-cased: SELECT, WHERE, MISSING, ...
  kIdentifier,        // bare name, as written
  kQuotedIdentifier,  // "name", text unquoted and unescaped
  kString,            // 'text', unquoted and unescaped
  kNumber,            // as written: 12, 1.5, .5, 1e-3 (no sign)
  kParameter,         // ?
  kLParen, kRParen, kLBracket, kRBracket, kLBrace, kRBrace,
  kLBag, kRBag,       // << >>
  kComma, kDot, kColon, kSemicolon, kStar,
  kPlus, kMinus, kSlash, kPercent, kConcat,  // + - / % ||
  kEq, kNe, kLt, kLe, kGt, kGe,              // = <> or != < <= > >=
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  size_t offset = 0;  // byte offset in the statement
};

// Throws ApiError::Validation (the empty "wasn't well formed" message) on
// text PartiQL cannot lex. The last token is kEnd.
std::vector<Token> Tokenize(std::string_view statement);

// True for the words the lexer makes keywords (upper-case argument).
bool IsKeywordWord(std::string_view upper);

}  // namespace eddy::partiql

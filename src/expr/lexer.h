// Tokenizer shared by every expression kind. DynamoDB's lexical rules
// (verified by scylladb's test_update_expression_name_token against real
// DynamoDB): a bare name starts with a letter and continues with letters,
// digits and '_'; "#ref" and ":ref" continue with at least one letter, digit
// or '_'. Any other character is a one-character token the parser rejects
// with DynamoDB's "Syntax error; token: ..." message.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eddy::expr {

enum class TokenKind {
  kName,       // alphanumeric name or keyword (AND, SET, ...; case-insensitive)
  kNameRef,    // #name
  kValueRef,   // :value
  kInteger,    // digits, only meaningful as a list index
  kLParen, kRParen, kLBracket, kRBracket, kComma, kDot,
  kEq, kNe, kLt, kLe, kGt, kGe, kPlus, kMinus,
  kInvalid,    // any other single character
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string_view text;  // view into the expression text; "<EOF>" for kEnd
  size_t offset;          // byte offset of the token in the expression text
};

// Never fails: unknown characters become kInvalid tokens. Ends with kEnd.
std::vector<Token> Tokenize(std::string_view text);

// Case-insensitive keyword comparison for kName tokens.
bool IsKeyword(const Token& token, std::string_view upper_keyword);

}  // namespace eddy::expr

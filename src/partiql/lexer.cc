#include "partiql/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "partiql/errors.h"

namespace eddy::partiql {
namespace {

// SQL-92's reserved words plus PartiQL's own, as partiql-lang-kotlin's lexer
// knows them (sorted for binary search). Function names among them (SIZE,
// EXISTS, COUNT, ...) are still callable: the parser looks at the '(' after.
constexpr std::array<std::string_view, 250> kKeywords = {
    "ABSOLUTE", "ACTION", "ADD", "ALL", "ALLOCATE", "ALTER", "AND", "ANY", "ARE", "AS", "ASC",
    "ASSERTION", "AT", "AUTHORIZATION", "AVG", "BAG", "BEGIN", "BETWEEN", "BIT", "BIT_LENGTH",
    "BLOB", "BOOL", "BOOLEAN", "BOTH", "BY", "CASCADE", "CASCADED", "CASE", "CAST", "CATALOG",
    "CHAR", "CHARACTER", "CHARACTER_LENGTH", "CHAR_LENGTH", "CHECK", "CLOB", "CLOSE", "COALESCE",
    "COLLATE", "COLLATION", "COLUMN", "COMMIT", "CONFLICT", "CONNECT", "CONNECTION", "CONSTRAINT",
    "CONSTRAINTS", "CONTINUE", "CONVERT", "CORRESPONDING", "COUNT", "CREATE", "CROSS", "CURRENT",
    "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "CURSOR", "DATE", "DAY",
    "DEALLOCATE", "DEC", "DECIMAL", "DECLARE", "DEFAULT", "DEFERRABLE", "DEFERRED", "DELETE",
    "DESC", "DESCRIBE", "DESCRIPTOR", "DIAGNOSTICS", "DISCONNECT", "DISTINCT", "DO", "DOMAIN",
    "DOUBLE", "DROP", "ELSE", "END", "ESCAPE", "EXCEPT", "EXCEPTION", "EXEC", "EXECUTE", "EXISTS",
    "EXTERNAL", "EXTRACT", "FALSE", "FETCH", "FIRST", "FLOAT", "FOR", "FOREIGN", "FOUND", "FROM",
    "FULL", "GET", "GLOBAL", "GO", "GOTO", "GRANT", "GROUP", "HAVING", "HOUR", "IDENTITY",
    "IMMEDIATE", "IN", "INDEX", "INDICATOR", "INITIALLY", "INNER", "INPUT", "INSENSITIVE",
    "INSERT", "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS", "ISOLATION", "JOIN", "KEY",
    "LANGUAGE", "LAST", "LEADING", "LEFT", "LET", "LEVEL", "LIKE", "LIMIT", "LIST", "LOCAL",
    "LOWER", "MATCH", "MAX", "MIN", "MINUTE", "MISSING", "MODIFIED", "MODULE", "MONTH", "NAMES",
    "NATIONAL", "NATURAL", "NCHAR", "NEW", "NEXT", "NO", "NOT", "NOTHING", "NULL", "NULLIF",
    "NUMERIC", "OCTET_LENGTH", "OF", "OFFSET", "OLD", "ON", "ONLY", "OPEN", "OPTION", "OR",
    "ORDER", "OUTER", "OUTPUT", "OVERLAPS", "PAD", "PARTIAL", "PIVOT", "POSITION", "PRECISION",
    "PREPARE", "PRESERVE", "PRIMARY", "PRIOR", "PRIVILEGES", "PROCEDURE", "PUBLIC", "READ", "REAL",
    "REFERENCES", "RELATIVE", "REMOVE", "RESTRICT", "RETURNING", "REVOKE", "RIGHT", "ROLLBACK",
    "ROWS", "SCHEMA", "SCROLL", "SECOND", "SECTION", "SELECT", "SESSION", "SESSION_USER", "SET",
    "SEXP", "SIZE", "SMALLINT", "SOME", "SPACE", "SQL", "SQLCODE", "SQLERROR", "SQLSTATE",
    "STRING", "STRUCT", "SUBSTRING", "SUM", "SYMBOL", "SYSTEM_USER", "TABLE", "TEMPORARY", "THEN",
    "TIME", "TIMESTAMP", "TO", "TRAILING", "TRANSACTION", "TRANSLATE", "TRANSLATION", "TRIM",
    "TRUE", "TUPLE", "UNION", "UNIQUE", "UNKNOWN", "UNPIVOT", "UPDATE", "UPPER", "USAGE", "USER",
    "USING", "VALUE", "VALUES", "VARCHAR", "VARYING", "VIEW", "WHEN", "WHENEVER", "WHERE", "WITH",
    "WORK", "WRITE", "YEAR", "ZONE",
};

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierStart(char c) { return IsAlpha(c) || c == '_' || c == '$'; }
bool IsIdentifierChar(char c) { return IsIdentifierStart(c) || IsDigit(c); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A quoted run starting at text[start] == quote; a doubled quote is one
// quote character. Returns the unescaped text and moves *end past it.
std::string ReadQuoted(std::string_view text, size_t start, size_t* end) {
  const char quote = text[start];
  std::string out;
  size_t i = start + 1;
  while (true) {
    if (i >= text.size()) ThrowMalformed("");
    if (text[i] == quote) {
      if (i + 1 < text.size() && text[i + 1] == quote) {
        out.push_back(quote);
        i += 2;
        continue;
      }
      *end = i + 1;
      return out;
    }
    out.push_back(text[i++]);
  }
}

// digits [. digits] [e [+-] digits], or . digits [...]. An 'e' without
// digits after it is not part of the number ("1 e5" is two tokens).
size_t NumberEnd(std::string_view text, size_t i) {
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    size_t j = i + 1;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) ++j;
    if (j < text.size() && IsDigit(text[j])) {
      while (j < text.size() && IsDigit(text[j])) ++j;
      i = j;
    }
  }
  return i;
}

}  // namespace

bool IsKeywordWord(std::string_view upper) {
  return std::binary_search(kKeywords.begin(), kKeywords.end(), upper);
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto emit = [&](TokenKind kind, size_t length) {
    tokens.push_back({kind, std::string(text.substr(i, length)), i});
    i += length;
  };
  while (i < text.size()) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (IsSpace(c)) {
      ++i;
    } else if (c == '-' && next == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && next == '*') {
      size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) ThrowMalformed("");
      i = close + 2;
    } else if (c == '\'' || c == '"') {
      size_t end = 0;
      std::string value = ReadQuoted(text, i, &end);
      tokens.push_back({c == '\'' ? TokenKind::kString : TokenKind::kQuotedIdentifier, std::move(value), i});
      i = end;
    } else if (IsDigit(c) || (c == '.' && IsDigit(next))) {
      emit(TokenKind::kNumber, NumberEnd(text, i) - i);
    } else if (IsIdentifierStart(c)) {
      size_t end = i + 1;
      while (end < text.size() && IsIdentifierChar(text[end])) ++end;
      std::string upper = Upper(text.substr(i, end - i));
      if (IsKeywordWord(upper)) {
        tokens.push_back({TokenKind::kKeyword, std::move(upper), i});
        i = end;
      } else {
        emit(TokenKind::kIdentifier, end - i);
      }
    } else {
      switch (c) {
        case '?': emit(TokenKind::kParameter, 1); break;
        case '(': emit(TokenKind::kLParen, 1); break;
        case ')': emit(TokenKind::kRParen, 1); break;
        case '[': emit(TokenKind::kLBracket, 1); break;
        case ']': emit(TokenKind::kRBracket, 1); break;
        case '{': emit(TokenKind::kLBrace, 1); break;
        case '}': emit(TokenKind::kRBrace, 1); break;
        case ',': emit(TokenKind::kComma, 1); break;
        case '.': emit(TokenKind::kDot, 1); break;
        case ':': emit(TokenKind::kColon, 1); break;
        case ';': emit(TokenKind::kSemicolon, 1); break;
        case '*': emit(TokenKind::kStar, 1); break;
        case '+': emit(TokenKind::kPlus, 1); break;
        case '-': emit(TokenKind::kMinus, 1); break;
        case '/': emit(TokenKind::kSlash, 1); break;
        case '%': emit(TokenKind::kPercent, 1); break;
        case '=': emit(TokenKind::kEq, 1); break;
        case '|':
          if (next != '|') ThrowMalformed("");
          emit(TokenKind::kConcat, 2);
          break;
        case '!':
          if (next != '=') ThrowMalformed("");
          emit(TokenKind::kNe, 2);
          break;
        case '<':
          if (next == '<') emit(TokenKind::kLBag, 2);
          else if (next == '>') emit(TokenKind::kNe, 2);
          else if (next == '=') emit(TokenKind::kLe, 2);
          else emit(TokenKind::kLt, 1);
          break;
        case '>':
          if (next == '>') emit(TokenKind::kRBag, 2);
          else if (next == '=') emit(TokenKind::kGe, 2);
          else emit(TokenKind::kGt, 1);
          break;
        default: ThrowMalformed("");
      }
    }
  }
  tokens.push_back({TokenKind::kEnd, "", text.size()});
  return tokens;
}

}  // namespace eddy::partiql

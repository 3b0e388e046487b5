#include "expr/lexer.h"

#include <cctype>

namespace eddy::expr {
namespace {

bool IsAlpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  auto emit = [&](TokenKind kind, size_t start, size_t end) {
    tokens.push_back({kind, text.substr(start, end - start), start});
    i = end;
  };
  while (i < text.size()) {
    char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    if (IsAlpha(c)) {
      size_t end = i + 1;
      while (end < text.size() && IsNameChar(text[end])) ++end;
      emit(TokenKind::kName, start, end);
    } else if (IsDigit(c)) {
      size_t end = i + 1;
      while (end < text.size() && IsDigit(text[end])) ++end;
      emit(TokenKind::kInteger, start, end);
    } else if ((c == '#' || c == ':') && i + 1 < text.size() && IsNameChar(text[i + 1])) {
      size_t end = i + 1;
      while (end < text.size() && IsNameChar(text[end])) ++end;
      emit(c == '#' ? TokenKind::kNameRef : TokenKind::kValueRef, start, end);
    } else {
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      switch (c) {
        case '(': emit(TokenKind::kLParen, start, i + 1); break;
        case ')': emit(TokenKind::kRParen, start, i + 1); break;
        case '[': emit(TokenKind::kLBracket, start, i + 1); break;
        case ']': emit(TokenKind::kRBracket, start, i + 1); break;
        case ',': emit(TokenKind::kComma, start, i + 1); break;
        case '.': emit(TokenKind::kDot, start, i + 1); break;
        case '=': emit(TokenKind::kEq, start, i + 1); break;
        case '+': emit(TokenKind::kPlus, start, i + 1); break;
        case '-': emit(TokenKind::kMinus, start, i + 1); break;
        case '<':
          if (next == '>') emit(TokenKind::kNe, start, i + 2);
          else if (next == '=') emit(TokenKind::kLe, start, i + 2);
          else emit(TokenKind::kLt, start, i + 1);
          break;
        case '>':
          if (next == '=') emit(TokenKind::kGe, start, i + 2);
          else emit(TokenKind::kGt, start, i + 1);
          break;
        default: {
          // One UTF-8 character, so the error message shows a whole character.
          size_t end = i + 1;
          while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
          emit(TokenKind::kInvalid, start, end);
        }
      }
    }
  }
  tokens.push_back({TokenKind::kEnd, "<EOF>", text.size()});
  return tokens;
}

bool IsKeyword(const Token& token, std::string_view upper_keyword) {
  if (token.kind != TokenKind::kName || token.text.size() != upper_keyword.size()) return false;
  for (size_t i = 0; i < upper_keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(token.text[i])) != upper_keyword[i]) return false;
  }
  return true;
}

}  // namespace eddy::expr

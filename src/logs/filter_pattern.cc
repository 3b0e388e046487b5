#include "logs/filter_pattern.h"

#include <cctype>
#include <cstdlib>
#include <regex>
#include <variant>
#include <vector>

#include "core/json.h"

namespace eddy::logs {
namespace {

constexpr const char* kInvalid = "Invalid filter pattern";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool IsNumber(std::string_view text) {
  static const std::regex kNumber("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  return std::regex_match(text.begin(), text.end(), kNumber);
}

// std::regex reports a bad expression by throwing; this is the one place
// that can happen, and it becomes "no regex" here.
std::shared_ptr<const std::regex> CompileRegex(std::string_view text) {
  try {
    return std::make_shared<const std::regex>(std::string(text), std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return nullptr;
  }
}

// --- Term patterns ----------------------------------------------------------

struct TermPattern {
  std::vector<std::string> all;   // ERROR
  std::vector<std::string> any;   // ?ERROR
  std::vector<std::string> none;  // -ERROR

  bool Matches(std::string_view message) const {
    auto contains = [&](const std::string& term) { return message.find(term) != std::string_view::npos; };
    for (const auto& term : all) {
      if (!contains(term)) return false;
    }
    for (const auto& term : none) {
      if (contains(term)) return false;
    }
    if (any.empty()) return true;
    for (const auto& term : any) {
      if (contains(term)) return true;
    }
    return false;
  }
};

// Splits `ERROR "two words" ?WARN -"x y"` into prefixed terms.
std::optional<TermPattern> ParseTerms(std::string_view text) {
  TermPattern pattern;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    char prefix = 0;
    if (text[i] == '?' || text[i] == '-') prefix = text[i++];
    std::string term;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          term += text[i + 1];
          i += 2;
        } else if (text[i] == '"') {
          ++i;
          closed = true;
          break;
        } else {
          term += text[i++];
        }
      }
      if (!closed) return std::nullopt;
    } else {
      while (i < text.size() && !IsSpace(text[i])) {
        if (text[i] == '"') return std::nullopt;
        term += text[i++];
      }
    }
    if (term.empty()) return std::nullopt;
    (prefix == '?' ? pattern.any : prefix == '-' ? pattern.none : pattern.all).push_back(std::move(term));
  }
  return pattern;
}

// --- JSON patterns ----------------------------------------------------------

struct PathStep {
  enum class Kind { kKey, kIndex, kAnyIndex } kind;
  std::string key;
  size_t index = 0;
};

enum class CompareOp { kEq, kNe, kLt, kGt, kLe, kGe };

struct JsonExpr {
  enum class Kind { kAnd, kOr, kCompare, kIsNull, kIsTrue, kIsFalse, kNotExists, kExists } kind;
  std::unique_ptr<JsonExpr> left, right;  // kAnd, kOr
  std::vector<PathStep> path;
  CompareOp op = CompareOp::kEq;
  std::string text;                        // the literal as written (strings: unquoted)
  std::optional<double> number;            // a numeric literal
  std::shared_ptr<const std::regex> regex;  // a %regex% literal
};

struct Token {
  enum class Kind { kSelector, kOp, kAnd, kOr, kLParen, kRParen, kString, kWord, kRegex, kEnd } kind;
  std::string text;
  std::vector<PathStep> path;  // kSelector
  CompareOp op = CompareOp::kEq;
};

class JsonPatternParser {
 public:
  explicit JsonPatternParser(std::string_view text) : text_(text) {}

  std::unique_ptr<JsonExpr> Parse() {
    if (!Advance()) return nullptr;
    auto expr = ParseOr();
    if (!expr || token_.kind != Token::Kind::kEnd) return nullptr;
    return expr;
  }

 private:
  static bool IsWordChar(char c) {
    return !IsSpace(c) && c != '(' && c != ')' && c != '=' && c != '!' && c != '<' && c != '>' && c != '&' &&
           c != '|' && c != '"';
  }

  // Reads the next token into token_; false on a lexical error.
  bool Advance() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
    token_ = Token{};
    if (pos_ >= text_.size()) {
      token_.kind = Token::Kind::kEnd;
      return true;
    }
    const char c = text_[pos_];
    auto two = [&](std::string_view s) { return text_.substr(pos_, 2) == s; };
    if (c == '$') return ReadSelector();
    if (c == '(' || c == ')') {
      token_.kind = c == '(' ? Token::Kind::kLParen : Token::Kind::kRParen;
      ++pos_;
      return true;
    }
    if (two("&&") || two("||")) {
      token_.kind = c == '&' ? Token::Kind::kAnd : Token::Kind::kOr;
      pos_ += 2;
      return true;
    }
    token_.kind = Token::Kind::kOp;
    if (two("!=") || two("<=") || two(">=")) {
      token_.op = c == '!' ? CompareOp::kNe : c == '<' ? CompareOp::kLe : CompareOp::kGe;
      pos_ += 2;
      return true;
    }
    if (c == '=' || c == '<' || c == '>') {
      token_.op = c == '=' ? CompareOp::kEq : c == '<' ? CompareOp::kLt : CompareOp::kGt;
      ++pos_;
      return true;
    }
    if (c == '"') return ReadQuoted();
    if (c == '%') {
      const size_t close = text_.find('%', pos_ + 1);
      if (close == std::string_view::npos) return false;
      token_.kind = Token::Kind::kRegex;
      token_.text = std::string(text_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
      return true;
    }
    if (!IsWordChar(c)) return false;
    token_.kind = Token::Kind::kWord;
    while (pos_ < text_.size() && IsWordChar(text_[pos_])) token_.text += text_[pos_++];
    return true;
  }

  // $.a.b[0][*]
  bool ReadSelector() {
    token_.kind = Token::Kind::kSelector;
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '.') {
        ++pos_;
        PathStep step{PathStep::Kind::kKey, {}, 0};
        while (pos_ < text_.size() && IsWordChar(text_[pos_]) && text_[pos_] != '.' && text_[pos_] != '[') {
          step.key += text_[pos_++];
        }
        if (step.key.empty()) return false;
        token_.path.push_back(std::move(step));
      } else if (c == '[') {
        const size_t close = text_.find(']', pos_);
        if (close == std::string_view::npos) return false;
        std::string_view inside = text_.substr(pos_ + 1, close - pos_ - 1);
        pos_ = close + 1;
        if (inside == "*") {
          token_.path.push_back(PathStep{PathStep::Kind::kAnyIndex, {}, 0});
          continue;
        }
        if (inside.empty() || inside.size() > 9) return false;
        size_t index = 0;
        for (char d : inside) {
          if (d < '0' || d > '9') return false;
          index = index * 10 + static_cast<size_t>(d - '0');
        }
        token_.path.push_back(PathStep{PathStep::Kind::kIndex, {}, index});
      } else {
        break;
      }
    }
    // "$" alone, or "$x": not a selector.
    return !token_.path.empty() && (pos_ >= text_.size() || !IsWordChar(text_[pos_]));
  }

  bool ReadQuoted() {
    token_.kind = Token::Kind::kString;
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c == '\\' && pos_ < text_.size()) {
        token_.text += text_[pos_++];
      } else {
        token_.text += c;
      }
    }
    return false;
  }

  static bool IsKeyword(const Token& token, std::string_view word) {
    if (token.kind != Token::Kind::kWord || token.text.size() != word.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(token.text[i])) != word[i]) return false;
    }
    return true;
  }

  std::unique_ptr<JsonExpr> Binary(JsonExpr::Kind kind, std::unique_ptr<JsonExpr> left,
                                   std::unique_ptr<JsonExpr> right) {
    auto node = std::make_unique<JsonExpr>();
    node->kind = kind;
    node->left = std::move(left);
    node->right = std::move(right);
    return node;
  }

  std::unique_ptr<JsonExpr> ParseOr() {
    auto left = ParseAnd();
    while (left && token_.kind == Token::Kind::kOr) {
      if (!Advance()) return nullptr;
      auto right = ParseAnd();
      if (!right) return nullptr;
      left = Binary(JsonExpr::Kind::kOr, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<JsonExpr> ParseAnd() {
    auto left = ParseUnary();
    while (left && token_.kind == Token::Kind::kAnd) {
      if (!Advance()) return nullptr;
      auto right = ParseUnary();
      if (!right) return nullptr;
      left = Binary(JsonExpr::Kind::kAnd, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<JsonExpr> ParseUnary() {
    if (token_.kind == Token::Kind::kLParen) {
      if (++depth_ > kMaxDepth || !Advance()) return nullptr;
      auto inner = ParseOr();
      if (!inner || token_.kind != Token::Kind::kRParen || !Advance()) return nullptr;
      --depth_;
      return inner;
    }
    return ParseComparison();
  }

  std::unique_ptr<JsonExpr> ParseComparison() {
    if (token_.kind != Token::Kind::kSelector) return nullptr;
    auto node = std::make_unique<JsonExpr>();
    node->path = std::move(token_.path);
    if (!Advance()) return nullptr;
    if (IsKeyword(token_, "IS")) {
      if (!Advance()) return nullptr;
      if (IsKeyword(token_, "NULL")) {
        node->kind = JsonExpr::Kind::kIsNull;
      } else if (IsKeyword(token_, "TRUE")) {
        node->kind = JsonExpr::Kind::kIsTrue;
      } else if (IsKeyword(token_, "FALSE")) {
        node->kind = JsonExpr::Kind::kIsFalse;
      } else {
        return nullptr;
      }
      return Advance() ? std::move(node) : nullptr;
    }
    if (IsKeyword(token_, "NOT")) {
      if (!Advance() || !IsKeyword(token_, "EXISTS")) return nullptr;
      node->kind = JsonExpr::Kind::kNotExists;
      return Advance() ? std::move(node) : nullptr;
    }
    if (IsKeyword(token_, "EXISTS")) {
      node->kind = JsonExpr::Kind::kExists;
      return Advance() ? std::move(node) : nullptr;
    }
    if (token_.kind != Token::Kind::kOp) return nullptr;
    node->kind = JsonExpr::Kind::kCompare;
    node->op = token_.op;
    if (!Advance()) return nullptr;
    switch (token_.kind) {
      case Token::Kind::kString:
        break;
      case Token::Kind::kWord:
        if (IsNumber(token_.text)) node->number = std::strtod(token_.text.c_str(), nullptr);
        break;
      case Token::Kind::kRegex:
        node->regex = CompileRegex(token_.text);
        if (!node->regex) return nullptr;
        break;
      default:
        return nullptr;
    }
    node->text = std::move(token_.text);
    // Ordering comparisons are numeric only; regexes only test equality.
    const bool ordering = node->op != CompareOp::kEq && node->op != CompareOp::kNe;
    if (ordering && !node->number) return nullptr;
    return Advance() ? std::move(node) : nullptr;
  }

  static constexpr int kMaxDepth = 64;
  std::string_view text_;
  size_t pos_ = 0;
  int depth_ = 0;
  Token token_;
};

void Resolve(const JsonValue& value, const std::vector<PathStep>& path, size_t at,
             std::vector<const JsonValue*>* out) {
  if (at == path.size()) {
    out->push_back(&value);
    return;
  }
  const PathStep& step = path[at];
  if (step.kind == PathStep::Kind::kKey) {
    if (!value.IsObject()) return;
    auto member = value.FindMember(rapidjson::StringRef(step.key.data(), step.key.size()));
    if (member != value.MemberEnd()) Resolve(member->value, path, at + 1, out);
    return;
  }
  if (!value.IsArray()) return;
  if (step.kind == PathStep::Kind::kIndex) {
    if (step.index < value.Size()) Resolve(value[static_cast<rapidjson::SizeType>(step.index)], path, at + 1, out);
    return;
  }
  for (const JsonValue& element : value.GetArray()) Resolve(element, path, at + 1, out);
}

// The text a string comparison sees: strings as they are, numbers and
// booleans as written in JSON; null, objects and arrays have none.
std::optional<std::string> ComparableText(const JsonValue& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsBool()) return value.GetBool() ? "true" : "false";
  if (value.IsNumber()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    value.Accept(w);
    return std::string(buffer.GetString(), buffer.GetSize());
  }
  return std::nullopt;
}

bool CompareOne(const JsonExpr& expr, const JsonValue& value) {
  if (expr.number && value.IsNumber()) {
    const double a = value.GetDouble();
    const double b = *expr.number;
    switch (expr.op) {
      case CompareOp::kEq: return a == b;
      case CompareOp::kNe: return a != b;
      case CompareOp::kLt: return a < b;
      case CompareOp::kGt: return a > b;
      case CompareOp::kLe: return a <= b;
      case CompareOp::kGe: return a >= b;
    }
  }
  if (expr.op != CompareOp::kEq && expr.op != CompareOp::kNe) return false;
  auto text = ComparableText(value);
  if (!text) return false;
  const bool equal = expr.regex ? std::regex_search(*text, *expr.regex) : GlobMatch(expr.text, *text);
  return expr.op == CompareOp::kEq ? equal : !equal;
}

bool Evaluate(const JsonExpr& expr, const JsonValue& root) {
  switch (expr.kind) {
    case JsonExpr::Kind::kAnd: return Evaluate(*expr.left, root) && Evaluate(*expr.right, root);
    case JsonExpr::Kind::kOr: return Evaluate(*expr.left, root) || Evaluate(*expr.right, root);
    default: break;
  }
  std::vector<const JsonValue*> values;
  Resolve(root, expr.path, 0, &values);
  if (expr.kind == JsonExpr::Kind::kNotExists) return values.empty();
  if (expr.kind == JsonExpr::Kind::kExists) return !values.empty();
  for (const JsonValue* value : values) {
    switch (expr.kind) {
      case JsonExpr::Kind::kIsNull:
        if (value->IsNull()) return true;
        break;
      case JsonExpr::Kind::kIsTrue:
        if (value->IsTrue()) return true;
        break;
      case JsonExpr::Kind::kIsFalse:
        if (value->IsFalse()) return true;
        break;
      default:
        if (CompareOne(expr, *value)) return true;
    }
  }
  return false;
}

}  // namespace

struct FilterPattern::Node {
  std::variant<TermPattern, std::shared_ptr<const std::regex>, std::unique_ptr<JsonExpr>> pattern;
};

std::optional<FilterPattern> FilterPattern::Parse(std::string_view text, std::string* error) {
  text = Trim(text);
  auto node = std::make_shared<Node>();
  if (text.empty()) return FilterPattern(nullptr);
  if (text.front() == '{') {
    if (text.back() != '}') {
      *error = "If a filter pattern starts with '{' it must end with '}'";
      return std::nullopt;
    }
    auto expr = JsonPatternParser(text.substr(1, text.size() - 2)).Parse();
    if (!expr) {
      *error = kInvalid;
      return std::nullopt;
    }
    node->pattern = std::move(expr);
  } else if (text.front() == '[') {
    *error = "eddy does not support space-delimited filter patterns ([field, ...])";
    return std::nullopt;
  } else if (text.size() >= 2 && text.front() == '%' && text.back() == '%') {
    auto regex = CompileRegex(text.substr(1, text.size() - 2));
    if (!regex) {
      *error = kInvalid;
      return std::nullopt;
    }
    node->pattern = std::move(regex);
  } else {
    auto terms = ParseTerms(text);
    if (!terms) {
      *error = kInvalid;
      return std::nullopt;
    }
    node->pattern = std::move(*terms);
  }
  return FilterPattern(std::move(node));
}

bool FilterPattern::Matches(std::string_view message) const {
  if (!root_) return true;
  if (const auto* terms = std::get_if<TermPattern>(&root_->pattern)) return terms->Matches(message);
  if (const auto* regex = std::get_if<std::shared_ptr<const std::regex>>(&root_->pattern)) {
    return std::regex_search(message.begin(), message.end(), **regex);
  }
  const JsonExpr& expr = *std::get<std::unique_ptr<JsonExpr>>(root_->pattern);
  JsonDocument document;
  document.Parse<rapidjson::kParseIterativeFlag>(message.data(), message.size());
  if (document.HasParseError() || !(document.IsObject() || document.IsArray())) return false;
  return Evaluate(expr, document);
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Greedy with backtracking to the last '*': linear in practice.
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace eddy::logs

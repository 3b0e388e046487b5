#include "streams/event_filter.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <string_view>

namespace eddy::streams {
namespace {

using Matcher = EventFilter::Matcher;
using Kind = EventFilter::Matcher::Kind;

// event-ruler's ComparableNumber: numbers in [-5e9, 5e9] compare with six
// digits after the decimal point, as (long)(1e6 * (5e9 + value)). Outside
// that range a number cannot take part in numeric matching at all.
constexpr double kNumericLimit = 5e9;

bool ToComparable(double value, int64_t* out) {
  if (!(value >= -kNumericLimit && value <= kNumericLimit)) return false;
  *out = static_cast<int64_t>(1e6 * (kNumericLimit + value));
  return true;
}

std::string JsonText(const JsonValue& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// ASCII folding; event-ruler folds Unicode case too (a documented gap).
std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// Compiles one pattern, reporting the first problem in event-ruler's words
// (RuleCompiler.java), which is what Lambda validates patterns with.
class PatternCompiler {
 public:
  bool Compile(const JsonValue& root, EventFilter::Pattern* out) {
    if (!root.IsObject()) return Fail("Filter is not an object");
    std::vector<std::string> path;
    return CompileObject(root, &path, out);
  }
  const std::string& error() const { return error_; }

 private:
  bool Fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool CompileObject(const JsonValue& object, std::vector<std::string>* path,
                     EventFilter::Pattern* out) {
    if (object.MemberCount() == 0) return Fail("Empty objects are not allowed");
    for (const auto& member : object.GetObject()) {
      std::string name(member.name.GetString(), member.name.GetStringLength());
      if (name == "$or") return Fail("\"$or\" is not supported by eddy");
      path->push_back(name);
      bool ok = true;
      if (member.value.IsObject()) {
        ok = CompileObject(member.value, path, out);
      } else if (member.value.IsArray()) {
        ok = CompileLeaf(member.value, *path, out);
      } else {
        ok = Fail(Quoted(name) + " must be an object or an array");
      }
      path->pop_back();
      if (!ok) return false;
    }
    return true;
  }

  // A key given twice for the same leaf: "the last reference will be the
  // one used" (EventBridge content filtering). Keys repeated at an inner
  // level merge instead, which is how the Lambda DynamoDB guide ANDs a
  // NewImage and an OldImage condition under two "dynamodb" keys.
  bool CompileLeaf(const JsonValue& array, const std::vector<std::string>& path,
                   EventFilter::Pattern* out) {
    if (array.Empty()) return Fail("Empty arrays are not allowed");
    EventFilter::FieldRule rule;
    rule.path = path;
    for (const JsonValue& element : array.GetArray()) {
      Matcher matcher;
      if (!CompileMatcher(element, &matcher)) return false;
      rule.accepts_absent |= matcher.kind == Kind::kAbsent;
      rule.matchers.push_back(std::move(matcher));
    }
    auto same_path = std::find_if(out->fields.begin(), out->fields.end(),
                                  [&](const auto& field) { return field.path == path; });
    if (same_path != out->fields.end()) {
      *same_path = std::move(rule);
    } else {
      out->fields.push_back(std::move(rule));
    }
    return true;
  }

  bool CompileMatcher(const JsonValue& element, Matcher* m) {
    switch (element.GetType()) {
      case rapidjson::kStringType:
        m->kind = Kind::kString;
        m->text.assign(element.GetString(), element.GetStringLength());
        return true;
      case rapidjson::kNumberType:
        // event-ruler adds both a numeric-equals and a literal match, so
        // 5 matches 5.0, and an out-of-range number (an account id)
        // still matches its own spelling.
        m->kind = Kind::kNumber;
        m->text = JsonText(element);
        m->has_comparable = ToComparable(element.GetDouble(), &m->comparable);
        return true;
      case rapidjson::kNullType:
      case rapidjson::kTrueType:
      case rapidjson::kFalseType:
        m->kind = Kind::kLiteral;
        m->literal_type = element.GetType();
        return true;
      case rapidjson::kObjectType:
        return CompileMatchExpression(element, m);
      case rapidjson::kArrayType:
        break;
    }
    return Fail("Match value must be String, number, true, false, or null");
  }

  bool StringOperand(const JsonValue& value, std::string_view what, std::string* out) {
    if (!value.IsString()) return Fail(std::string(what) + " match pattern must be a string");
    out->assign(value.GetString(), value.GetStringLength());
    return true;
  }

  bool CompileMatchExpression(const JsonValue& object, Matcher* m) {
    if (object.MemberCount() == 0) return Fail("Match expression name not found");
    if (object.MemberCount() > 1) return Fail("Only one key allowed in match expression");
    const auto& member = *object.MemberBegin();
    std::string_view type(member.name.GetString(), member.name.GetStringLength());
    const JsonValue& operand = member.value;
    if (type == "exactly") {
      m->kind = Kind::kString;
      return StringOperand(operand, "exact", &m->text);
    }
    if (type == "prefix") {
      m->kind = Kind::kPrefix;
      return StringOperand(operand, "prefix", &m->text);
    }
    if (type == "suffix") {
      m->kind = Kind::kSuffix;
      return StringOperand(operand, "suffix", &m->text);
    }
    if (type == "equals-ignore-case") {
      m->kind = Kind::kEqualsIgnoreCase;
      if (!StringOperand(operand, "equals-ignore-case", &m->text)) return false;
      m->text = Lowercase(m->text);
      return true;
    }
    if (type == "wildcard") {
      m->kind = Kind::kWildcard;
      return StringOperand(operand, "wildcard", &m->text) && CheckWildcard(m->text);
    }
    if (type == "exists") {
      if (!operand.IsBool()) return Fail("exists match pattern must be either true or false.");
      m->kind = operand.GetBool() ? Kind::kExists : Kind::kAbsent;
      return true;
    }
    if (type == "numeric") return CompileNumeric(operand, m);
    if (type == "anything-but") return CompileAnythingBut(operand, m);
    if (type == "cidr") return Fail("cidr matching is not supported by eddy");
    return Fail("Unrecognized match type " + std::string(type));
  }

  // event-ruler's WildcardParser: "\" escapes only "*" or "\", and "**"
  // is rejected.
  bool CheckWildcard(const std::string& text) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\') {
        if (i + 1 == text.size() || (text[i + 1] != '*' && text[i + 1] != '\\')) {
          return Fail("Invalid escape character at pos " + std::to_string(i));
        }
        ++i;
      } else if (text[i] == '*' && i + 1 < text.size() && text[i + 1] == '*') {
        return Fail("Consecutive wildcard characters at pos " + std::to_string(i));
      }
    }
    return true;
  }

  bool NumericBound(const JsonValue& value, const std::string& op, int64_t* out) {
    if (!value.IsNumber()) return Fail("Value of " + op + " must be numeric");
    if (!ToComparable(value.GetDouble(), out)) {
      return Fail("Value must be between -5.0E9 and 5.0E9, inclusive");
    }
    return true;
  }

  // ["=", x] | [">"|">=", x] | ["<"|"<=", x] | [">"|">=", x, "<"|"<=", y]
  bool CompileNumeric(const JsonValue& operand, Matcher* m) {
    if (!operand.IsArray()) return Fail("Value of numeric must be an array.");
    m->kind = Kind::kNumericRange;
    const auto terms = operand.GetArray();
    if (terms.Empty() || !terms[0].IsString()) {
      return Fail("Invalid member in numeric match: " +
                  (terms.Empty() ? std::string("]") : JsonText(terms[0])));
    }
    const std::string op = terms[0].GetString();
    if (terms.Size() < 2) return Fail("Value of " + op + " must be numeric");
    if (op == "=") {
      if (!NumericBound(terms[1], op, &m->low)) return false;
      m->high = m->low;
      m->has_low = m->has_high = m->low_inclusive = m->high_inclusive = true;
    } else if (op == "<" || op == "<=") {
      if (!NumericBound(terms[1], op, &m->high)) return false;
      m->has_high = true;
      m->high_inclusive = op == "<=";
    } else if (op == ">" || op == ">=") {
      if (!NumericBound(terms[1], op, &m->low)) return false;
      m->has_low = true;
      m->low_inclusive = op == ">=";
      if (terms.Size() == 2) return true;
      if (!terms[2].IsString()) return Fail("Bad value in numeric range: " + JsonText(terms[2]));
      const std::string top_op = terms[2].GetString();
      if (top_op != "<" && top_op != "<=") return Fail("Bad numeric range operator: " + top_op);
      if (terms.Size() < 4) return Fail("Value of " + top_op + " must be numeric");
      if (!NumericBound(terms[3], top_op, &m->high)) return false;
      m->has_high = true;
      m->high_inclusive = top_op == "<=";
      if (terms.Size() > 4) return Fail("Too many terms in numeric range expression");
      if (m->low >= m->high) return Fail("Bottom must be less than top");
      return true;
    } else {
      return Fail("Unrecognized numeric range operator: " + op);
    }
    if (terms.Size() > 2) return Fail("Too many elements in numeric expression");
    return true;
  }

  bool CompileAnythingBut(const JsonValue& operand, Matcher* m) {
    if (operand.IsObject()) return CompileAnythingButObject(operand, m);
    if (operand.IsString() || operand.IsNumber()) return AddAnythingButValue(operand, m);
    if (!operand.IsArray()) {
      return Fail("Value of anything-but must be an array or single string/number value.");
    }
    bool has_string = false, has_number = false;
    for (const JsonValue& value : operand.GetArray()) {
      if (!value.IsString() && !value.IsNumber()) {
        return Fail("Inside anything but list, start|null|boolean is not supported.");
      }
      (value.IsString() ? has_string : has_number) = true;
      if (!AddAnythingButValue(value, m)) return false;
    }
    if (has_string == has_number) {
      return Fail("Inside anything but list, either all values are number or string, "
                  "mixed type is not supported");
    }
    return true;
  }

  bool AddAnythingButValue(const JsonValue& value, Matcher* m) {
    if (value.IsString()) {
      m->kind = Kind::kAnythingButStrings;
      m->strings.emplace_back(value.GetString(), value.GetStringLength());
      return true;
    }
    m->kind = Kind::kAnythingButNumbers;
    int64_t comparable = 0;
    if (!ToComparable(value.GetDouble(), &comparable)) {
      return Fail("Value must be between -5.0E9 and 5.0E9, inclusive");
    }
    m->numbers.push_back(comparable);
    return true;
  }

  // {"anything-but": {"prefix": "x"}} and its suffix / equals-ignore-case
  // siblings.
  bool CompileAnythingButObject(const JsonValue& object, Matcher* m) {
    if (object.MemberCount() == 0) return Fail("Anything-But expression name not found");
    if (object.MemberCount() > 1) return Fail("Only one key allowed in match expression");
    const auto& member = *object.MemberBegin();
    std::string_view op(member.name.GetString(), member.name.GetStringLength());
    const JsonValue& value = member.value;
    if (op == "equals-ignore-case") {
      m->kind = Kind::kAnythingButIgnoreCase;
      if (value.IsString()) {
        m->strings.push_back(Lowercase({value.GetString(), value.GetStringLength()}));
        return true;
      }
      if (!value.IsArray()) {
        return Fail("Value of anything-but must be an array or single string/number value.");
      }
      for (const JsonValue& item : value.GetArray()) {
        if (!item.IsString()) {
          return Fail("Inside anything-but/ignore-case list, "
                      "nummeric|start|null|boolean is not supported.");
        }
        m->strings.push_back(Lowercase({item.GetString(), item.GetStringLength()}));
      }
      return true;
    }
    if (op != "prefix" && op != "suffix") {
      return Fail("Unsupported anything-but pattern: " + std::string(op));
    }
    if (!value.IsString()) return Fail("prefix/suffix match pattern must be a string");
    if (value.GetStringLength() == 0) return Fail("Null prefix/suffix not allowed");
    m->kind = op == "prefix" ? Kind::kAnythingButPrefix : Kind::kAnythingButSuffix;
    m->text.assign(value.GetString(), value.GetStringLength());
    return true;
  }

  std::string error_;
};

// --- matching -------------------------------------------------------------

std::string_view View(const JsonValue& s) { return {s.GetString(), s.GetStringLength()}; }

bool EqualsIgnoreCase(std::string_view value, const std::string& lowered) {
  return value.size() == lowered.size() &&
         std::equal(value.begin(), value.end(), lowered.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// '*' matches any run of characters; "\*" and "\\" are literal (the
// escapes were validated at Parse). Greedy with one backtrack point, so
// linear-ish rather than exponential.
bool WildcardMatches(std::string_view pattern, std::string_view value) {
  size_t p = 0, v = 0, star = std::string_view::npos, mark = 0;
  while (v < value.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      mark = v;
      continue;
    }
    if (p < pattern.size()) {
      const size_t width = pattern[p] == '\\' ? 2 : 1;
      if (pattern[p + width - 1] == value[v]) {
        p += width;
        ++v;
        continue;
      }
    }
    if (star == std::string_view::npos) return false;
    p = star;
    v = ++mark;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool InRange(const Matcher& m, int64_t n) {
  if (m.has_low && (m.low_inclusive ? n < m.low : n <= m.low)) return false;
  if (m.has_high && (m.high_inclusive ? n > m.high : n >= m.high)) return false;
  return true;
}

// Does one leaf value of the record (a string, number, bool or null)
// satisfy `m`? kExists/kAbsent are decided by FieldMatches.
bool LeafMatches(const Matcher& m, const JsonValue& value) {
  const bool is_string = value.IsString();
  int64_t comparable = 0;
  const bool has_comparable = value.IsNumber() && ToComparable(value.GetDouble(), &comparable);
  switch (m.kind) {
    case Kind::kString:
      return is_string && View(value) == m.text;
    case Kind::kNumber:
      return value.IsNumber() && ((m.has_comparable && has_comparable && comparable == m.comparable) ||
                                  JsonText(value) == m.text);
    case Kind::kLiteral:
      return value.GetType() == m.literal_type;
    case Kind::kPrefix:
      return is_string && View(value).substr(0, m.text.size()) == m.text;
    case Kind::kSuffix:
      return is_string && View(value).size() >= m.text.size() &&
             View(value).substr(View(value).size() - m.text.size()) == m.text;
    case Kind::kEqualsIgnoreCase:
      return is_string && EqualsIgnoreCase(View(value), m.text);
    case Kind::kWildcard:
      return is_string && WildcardMatches(m.text, View(value));
    case Kind::kNumericRange:
      // Only JSON numbers: a DynamoDB {"N": "5"} is a string (see header).
      return has_comparable && InRange(m, comparable);
    case Kind::kExists:
      return true;
    case Kind::kAbsent:
      return false;
    // anything-but matches any present value other than the listed ones.
    case Kind::kAnythingButStrings:
      return !is_string || std::find(m.strings.begin(), m.strings.end(), View(value)) == m.strings.end();
    case Kind::kAnythingButNumbers:
      return !has_comparable ||
             std::find(m.numbers.begin(), m.numbers.end(), comparable) == m.numbers.end();
    case Kind::kAnythingButPrefix:
      return !is_string || View(value).substr(0, m.text.size()) != m.text;
    case Kind::kAnythingButSuffix:
      return !is_string || View(value).size() < m.text.size() ||
             View(value).substr(View(value).size() - m.text.size()) != m.text;
    case Kind::kAnythingButIgnoreCase:
      return !is_string || std::none_of(m.strings.begin(), m.strings.end(), [&](const std::string& s) {
               return EqualsIgnoreCase(View(value), s);
             });
  }
  return false;
}

// Calls `found` on each leaf value at path[step..] under `value`, stopping
// at the first true. Arrays are flattened at every level, as event-ruler
// does; objects are not leaves, which is why {"exists": true} on an
// intermediate node never matches (Lambda DynamoDB filtering guide, "Using
// the Exists operator").
template <typename Found>
bool AnyLeaf(const JsonValue& value, const std::vector<std::string>& path, size_t step,
             const Found& found) {
  if (value.IsArray()) {
    for (const JsonValue& element : value.GetArray()) {
      if (AnyLeaf(element, path, step, found)) return true;
    }
    return false;
  }
  if (step == path.size()) return !value.IsObject() && found(value);
  if (!value.IsObject()) return false;
  const std::string& name = path[step];
  auto member = value.FindMember(rapidjson::StringRef(name.data(), name.size()));
  return member != value.MemberEnd() && AnyLeaf(member->value, path, step + 1, found);
}

bool FieldMatches(const EventFilter::FieldRule& field, const JsonValue& record) {
  if (field.accepts_absent && !AnyLeaf(record, field.path, 0, [](const JsonValue&) { return true; })) {
    return true;
  }
  return AnyLeaf(record, field.path, 0, [&](const JsonValue& leaf) {
    return std::any_of(field.matchers.begin(), field.matchers.end(),
                       [&](const Matcher& m) { return LeafMatches(m, leaf); });
  });
}

bool PatternMatches(const EventFilter::Pattern& pattern, const JsonValue& record) {
  return std::all_of(pattern.fields.begin(), pattern.fields.end(),
                     [&](const auto& field) { return FieldMatches(field, record); });
}

}  // namespace

bool EventFilter::Parse(const std::vector<std::string>& patterns, EventFilter* out,
                        std::string* error) {
  if (patterns.size() > kMaxFilters) {
    *error = "FilterCriteria has " + std::to_string(patterns.size()) +
             " filters; Lambda allows at most " + std::to_string(kMaxFilters) +
             " filters per event source mapping";
    return false;
  }
  EventFilter filter;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string where = "FilterCriteria.Filters[" + std::to_string(i) + "].Pattern";
    const std::string& text = patterns[i];
    if (text.size() > kMaxPatternLength) {
      *error = where + " is " + std::to_string(text.size()) +
               " characters long; the maximum is " + std::to_string(kMaxPatternLength);
      return false;
    }
    JsonDocument doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
    if (doc.HasParseError()) {
      *error = "Invalid filter pattern definition: " + where + " is not valid JSON: " + rapidjson::GetParseError_En(doc.GetParseError()) +
               " (at offset " + std::to_string(doc.GetErrorOffset()) + ")";
      return false;
    }
    PatternCompiler compiler;
    Pattern pattern;
    if (!compiler.Compile(doc, &pattern)) {
      *error = "Invalid filter pattern definition: " + where + ": " + compiler.error();
      return false;
    }
    filter.patterns_.push_back(std::move(pattern));
  }
  *out = std::move(filter);
  return true;
}

bool EventFilter::Matches(const JsonValue& record) const {
  if (patterns_.empty()) return true;
  return std::any_of(patterns_.begin(), patterns_.end(),
                     [&](const Pattern& pattern) { return PatternMatches(pattern, record); });
}

}  // namespace eddy::streams

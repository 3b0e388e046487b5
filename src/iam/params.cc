#include "iam/params.h"

#include <charconv>
#include <set>

#include "core/api_error.h"
#include "core/utf8.h"
#include "iam/errors.h"

namespace eddy::iam {
namespace {

bool IsAsciiAlnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// [\w+=,.@-] (Java's \w is ASCII letters, digits and _).
bool IsNameChar(unsigned char c) {
  return IsAsciiAlnum(c) || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}

bool AllNameChars(std::string_view text) {
  for (const char c : text) {
    if (!IsNameChar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool EntityName(std::string_view text) { return !text.empty() && AllNameChars(text); }

// Calls `f` with each code point of valid UTF-8 `text` (the values were
// sanitized when the form was read) until it returns false.
template <typename F>
bool EachCodePoint(std::string_view text, F f) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t code = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (size_t k = 1; k < length && i + k < text.size(); ++k) code = code << 6 | (text[i + k] & 0x3F);
    if (!f(code)) return false;
    i += length;
  }
  return true;
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

bool IsTabOrNewline(uint32_t c) { return c == 0x09 || c == 0x0A || c == 0x0D; }

// [\u0009\u000A\u000D\u0020-\u00FF]+
bool PolicyDocumentChars(std::string_view text) {
  return !text.empty() && EachCodePoint(text, [](uint32_t c) { return IsTabOrNewline(c) || (c >= 0x20 && c <= 0xFF); });
}

// [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*
bool RoleDescriptionChars(std::string_view text) {
  return EachCodePoint(text, [](uint32_t c) {
    return IsTabOrNewline(c) || (c >= 0x20 && c <= 0x7E) || (c >= 0xA1 && c <= 0xFF);
  });
}

// (\u002F)|(\u002F[\u0021-\u007E]+\u002F)
bool RolePath(std::string_view text) {
  if (text == "/") return true;
  if (text.size() < 3 || text.front() != '/' || text.back() != '/') return false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) return false;
  }
  return true;
}

// \u002F[\u0021-\u007F]*
bool PathPrefix(std::string_view text) {
  if (text.empty() || text.front() != '/') return false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7F) return false;
  }
  return true;
}

// ((/[A-Za-z0-9\.,\+@=_-]+)*)/
bool PolicyPath(std::string_view text) {
  if (text.empty() || text.front() != '/' || text.back() != '/') return false;
  size_t segment = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '/') {
      if (i > 0 && segment == 0) return false;  // an empty segment
      segment = 0;
    } else if (IsNameChar(static_cast<unsigned char>(c))) {  // the same class: [A-Za-z0-9.,+@=_-]
      ++segment;
    } else {
      return false;
    }
  }
  return true;
}

// [\u0020-\u00FF]+
bool MarkerChars(std::string_view text) {
  return !text.empty() && EachCodePoint(text, [](uint32_t c) { return c >= 0x20 && c <= 0xFF; });
}

// v[1-9][0-9]*(\.[A-Za-z0-9-]*)?
bool VersionId(std::string_view text) {
  if (text.size() < 2 || text[0] != 'v' || text[1] < '1' || text[1] > '9') return false;
  size_t i = 2;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == text.size()) return true;
  if (text[i] != '.') return false;
  for (++i; i < text.size(); ++i) {
    if (!IsAsciiAlnum(static_cast<unsigned char>(text[i])) && text[i] != '-') return false;
  }
  return true;
}

// [\p{L}\p{Z}\p{N}_.:/=+\-@]*, with every non-ASCII character taken as a
// letter (eddy has no Unicode tables; the ASCII punctuation is what
// matters in practice).
bool TagChars(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || IsAsciiAlnum(byte)) continue;
    if (c != ' ' && c != '_' && c != '.' && c != ':' && c != '/' && c != '=' && c != '+' && c != '-' && c != '@') {
      return false;
    }
  }
  return true;
}
bool TagKey(std::string_view text) { return !text.empty() && TagChars(text); }

constexpr std::string_view kTagPattern = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]";
const StringRule kTagKeyRule{1, 128, TagKey, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"};
const StringRule kTagValueRule{0, 256, TagChars, "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*"};
constexpr size_t kMaxTags = 50;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

namespace rules {
const StringRule kEntityName{1, 64, EntityName, "[\\w+=,.@-]+"};
const StringRule kPolicyName{1, 128, EntityName, "[\\w+=,.@-]+"};
const StringRule kPolicyDocument{1, 131072, PolicyDocumentChars, "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"};
const StringRule kRolePath{1, 512, RolePath, "(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"};
const StringRule kPathPrefix{1, 512, PathPrefix, "\\u002F[\\u0021-\\u007F]*"};
const StringRule kPolicyPath{1, 512, PolicyPath, "((/[A-Za-z0-9\\.,\\+@=_-]+)*)/"};
const StringRule kRoleDescription{0, 1000, RoleDescriptionChars,
                                  "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*"};
const StringRule kPolicyDescription{0, 1000, nullptr, ""};
const StringRule kArn{20, 2048, nullptr, ""};
const StringRule kMarker{1, 320, MarkerChars, "[\\u0020-\\u00FF]+"};
const StringRule kVersionId{0, std::numeric_limits<size_t>::max(), VersionId, "v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?"};
const StringRule kRoleSessionName{2, 64, AllNameChars, "[\\w+=,.@-]*"};
}  // namespace rules

std::string MemberName(std::string_view parameter) {
  std::string member(parameter);
  if (!member.empty() && member[0] >= 'A' && member[0] <= 'Z') member[0] = static_cast<char>(member[0] - 'A' + 'a');
  return member;
}

Params::Params(FormParams form) : form_(std::move(form)) {
  // Values are quoted in messages and echoed in XML: keep them valid UTF-8.
  for (auto& [name, value] : form_) {
    if (!IsValidUtf8(value)) value = SanitizeUtf8(value);
  }
}

const std::string* Params::Find(std::string_view name) const {
  auto it = form_.find(name);
  return it == form_.end() ? nullptr : &it->second;
}

void Params::CheckString(std::string_view member, std::string_view value, const StringRule& rule, bool quote_value) {
  std::string prefix = "Value ";
  if (quote_value) prefix.append("'").append(value).append("' ");
  prefix.append("at '").append(member).append("' failed to satisfy constraint: Member must ");
  const size_t length = CodePointCount(value);
  if (length > rule.max_length) {
    Violation(prefix + "have length less than or equal to " + std::to_string(rule.max_length));
  }
  if (length < rule.min_length) {
    Violation(prefix + "have length greater than or equal to " + std::to_string(rule.min_length));
  }
  if (rule.pattern && !rule.pattern(value)) {
    Violation(prefix + "satisfy regular expression pattern: " + std::string(rule.pattern_text));
  }
}

std::string Params::Required(std::string_view name, const StringRule& rule) {
  const std::string* value = Find(name);
  if (!value) {
    Violation("Value null at '" + MemberName(name) + "' failed to satisfy constraint: Member must not be null");
    return {};
  }
  CheckString(MemberName(name), *value, rule, true);
  return *value;
}

std::optional<std::string> Params::Optional(std::string_view name, const StringRule& rule) {
  const std::string* value = Find(name);
  if (!value) return std::nullopt;
  CheckString(MemberName(name), *value, rule, true);
  return *value;
}

std::optional<int64_t> Params::OptionalInt(std::string_view name, int64_t min, int64_t max) {
  const std::string* text = Find(name);
  if (!text) return std::nullopt;
  const std::string prefix = "Value '" + *text + "' at '" + MemberName(name) + "' failed to satisfy constraint: ";
  int64_t value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) {
    Violation(prefix + "Member must be a number");
    return std::nullopt;
  }
  if (value < min) Violation(prefix + "Member must have value greater than or equal to " + std::to_string(min));
  if (value > max) Violation(prefix + "Member must have value less than or equal to " + std::to_string(max));
  return value;
}

std::optional<bool> Params::OptionalBool(std::string_view name) {
  const std::string* text = Find(name);
  if (!text) return std::nullopt;
  const std::string lower = Lower(*text);
  if (lower == "true") return true;
  if (lower == "false") return false;
  Violation("Value '" + *text + "' at '" + MemberName(name) + "' failed to satisfy constraint: Member must be a boolean");
  return std::nullopt;
}

std::optional<std::string> Params::OptionalEnum(std::string_view name, const std::vector<std::string_view>& allowed) {
  const std::string* text = Find(name);
  if (!text) return std::nullopt;
  for (const std::string_view option : allowed) {
    if (*text == option) return *text;
  }
  std::string set;
  for (const std::string_view option : allowed) set.append(set.empty() ? "" : ", ").append(option);
  Violation("Value '" + *text + "' at '" + MemberName(name) +
            "' failed to satisfy constraint: Member must satisfy enum value set: [" + set + "]");
  return std::nullopt;
}

std::vector<Tag> Params::Tags(std::string_view name) {
  std::vector<Tag> tags;
  const std::string member = MemberName(name);
  for (size_t n = 1;; ++n) {
    const std::string base = std::string(name) + ".member." + std::to_string(n) + ".";
    const std::string* key = Find(base + "Key");
    const std::string* value = Find(base + "Value");
    if (!key && !value) break;
    const std::string at = member + "." + std::to_string(n) + ".member.";
    if (!key) {
      Violation("Value null at '" + at + "key' failed to satisfy constraint: Member must not be null");
    } else {
      CheckString(at + "key", *key, kTagKeyRule, false);
    }
    if (!value) {
      Violation("Value null at '" + at + "value' failed to satisfy constraint: Member must not be null");
    } else {
      CheckString(at + "value", *value, kTagValueRule, false);
    }
    tags.push_back({key ? *key : std::string(), value ? *value : std::string()});
  }
  if (tags.size() > kMaxTags) {
    Violation("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " +
              std::to_string(kMaxTags));
  }
  std::set<std::string> keys;
  for (const Tag& tag : tags) {
    if (!keys.insert(Lower(tag.key)).second && !invalid_input_) {
      invalid_input_ = "Duplicate tag keys found. Please note that Tag keys are case insensitive.";
    }
  }
  return tags;
}

std::vector<std::string> Params::TagKeys(std::string_view name) {
  std::vector<std::string> keys;
  bool bad_key = false;
  for (size_t n = 1;; ++n) {
    const std::string* key = Find(std::string(name) + ".member." + std::to_string(n));
    if (!key) break;
    const size_t length = CodePointCount(*key);
    bad_key |= length < 1 || length > 128 || !TagKey(*key);
    keys.push_back(*key);
  }
  const std::string prefix = "Value at '" + MemberName(name) + "' failed to satisfy constraint: Member must ";
  if (keys.size() > kMaxTags) Violation(prefix + "have length less than or equal to " + std::to_string(kMaxTags));
  if (bad_key) {
    // IAM words a bad list member as the list's whole member constraint.
    Violation(prefix +
              "satisfy constraint: [Member must have length less than or equal to 128, Member must have length "
              "greater than or equal to 1, Member must satisfy regular expression pattern: " +
              std::string(kTagPattern) + "+, Member must not be null]");
  }
  return keys;
}

Params::Page Params::Paging() {
  Page page;
  if (auto max_items = OptionalInt("MaxItems", 1, 1000)) page.max_items = static_cast<size_t>(*max_items);
  page.marker = Optional("Marker", rules::kMarker);
  return page;
}

void Params::ThrowIfInvalid() const {
  if (!violations_.empty()) throw ValidationError(ApiError::ValidationErrors(violations_).message());
  if (invalid_input_) throw InvalidInput(*invalid_input_);
}

}  // namespace eddy::iam

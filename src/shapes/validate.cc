#include "shapes/validate.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "core/api_error.h"
#include "core/base64.h"
#include "core/json_codec.h"
#include "core/table_name.h"

namespace eddy::shapes {
namespace {

// Deeper values are not checked here: an item's nesting limit (32) is
// enforced by its decoder, and hostile nesting must not exhaust the stack.
constexpr int kMaxDepth = 64;
constexpr size_t kMaxViolations = 10;
constexpr size_t kMaxRenderedValue = 64 * 1024;

std::string_view View(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

// ---- Stage 1: types ----

// Where a value sits: the deserializer words some errors differently for a
// structure's member than for a list's element or a map's value.
enum class Place { kMember, kElement };

[[noreturn]] void TypeError(std::string message) { throw ApiError::Serialization(std::move(message)); }

[[noreturn]] void ContainerMismatch(const Shape& shape, const JsonValue& v) {
  if (v.IsObject()) TypeError("Start of structure or map found where not expected");
  const bool generic = shape.kind == Kind::kList || shape.kind == Kind::kMap;
  TypeError("Unrecognized collection type " + std::string(generic ? "" : "class ") + JavaType(shape));
}

// A scalar shape given the wrong JSON type.
[[noreturn]] void ScalarMismatch(const Shape& shape, const JsonValue& v) {
  if (v.IsObject() || v.IsArray()) ContainerMismatch(shape, v);
  const std::string java_type = JavaType(shape);
  const std::string type = java_type.substr(java_type.rfind('.') + 1);  // "String"
  if (shape.kind == Kind::kBoolean && v.IsString()) TypeError("Unexpected token received from parser");  // not one it takes
  TypeError(std::string(JsonTokenName(v)) + " cannot be converted to " + std::string(type));
}

// A list, map or structure given a scalar.
[[noreturn]] void NotAContainer(const Shape& shape, Place place) {
  if (place == Place::kMember) TypeError("Unexpected field type");
  if (shape.kind == Kind::kStructure) TypeError("Unexpected value type in payload");
  TypeError(
      "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class "
      "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base "
      "of loader 'bootstrap')");
}

void CheckBlob(const JsonValue& v) {
  if (!v.IsString()) {
    if (v.IsObject() || v.IsArray()) return;  // handled by the caller
    TypeError("only base-64-encoded strings are convertible to bytes");
  }
  const std::string problem = Base64Problem(View(v));
  if (!problem.empty()) TypeError(problem);
}

void CheckType(const Shape& shape, const JsonValue& v, Place place, int depth) {
  if (v.IsNull() || depth > kMaxDepth) return;  // null is absent
  switch (shape.kind) {
    case Kind::kString:
      if (!v.IsString()) ScalarMismatch(shape, v);
      return;
    case Kind::kInteger:
    case Kind::kLong:
    case Kind::kDouble:
      if (!v.IsNumber()) ScalarMismatch(shape, v);  // a fraction is truncated, as the service does
      return;
    case Kind::kBoolean:
      if (!v.IsBool() && !(v.IsString() && BooleanFromString(View(v)))) ScalarMismatch(shape, v);
      return;
    case Kind::kTimestamp:
      if (!v.IsNumber() && !v.IsString()) ScalarMismatch(shape, v);
      return;
    case Kind::kBlob:
      if (v.IsObject() || v.IsArray()) ContainerMismatch(shape, v);
      CheckBlob(v);
      return;
    case Kind::kList:
      if (v.IsObject()) ContainerMismatch(shape, v);
      if (!v.IsArray()) NotAContainer(shape, place);
      for (const JsonValue& element : v.GetArray()) CheckType(ShapeAt(shape.element), element, Place::kElement, depth + 1);
      return;
    case Kind::kMap:
      if (v.IsArray()) ContainerMismatch(shape, v);
      if (!v.IsObject()) NotAContainer(shape, place);
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        CheckType(ShapeAt(shape.element), it->value, Place::kElement, depth + 1);
      }
      return;
    case Kind::kStructure:
      // An item's values: the decoder's own first pass, the one place
      // that knows the AttributeValue's JSON.
      if (shape.special == Special::kAttributeValue && (v.IsObject() || place == Place::kElement)) {
        return CheckAttributeValueTypes(v);
      }
      if (v.IsArray()) ContainerMismatch(shape, v);
      if (!v.IsObject()) NotAContainer(shape, place);
      // In document order: the first offending value is the one reported.
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        const std::string_view name = View(it->name);
        for (const Member& member : shape.members) {
          if (member.name == name) {
            CheckType(ShapeAt(member.shape), it->value, Place::kMember, depth + 1);
            break;
          }
        }
      }
      return;
  }
}

// ---- Rendering ----

uint32_t JavaStringHash(std::string_view text) {
  // Over UTF-16 code units, as Java hashes; a 4-byte UTF-8 sequence is a
  // surrogate pair.
  uint32_t h = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    uint32_t code = c;
    size_t length = 1;
    if (c >= 0xF0 && i + 3 < text.size()) {
      length = 4;
      code = ((c & 0x07u) << 18) | ((text[i + 1] & 0x3Fu) << 12) | ((text[i + 2] & 0x3Fu) << 6) | (text[i + 3] & 0x3Fu);
    } else if (c >= 0xE0 && i + 2 < text.size()) {
      length = 3;
      code = ((c & 0x0Fu) << 12) | ((text[i + 1] & 0x3Fu) << 6) | (text[i + 2] & 0x3Fu);
    } else if (c >= 0xC0 && i + 1 < text.size()) {
      length = 2;
      code = ((c & 0x1Fu) << 6) | (text[i + 1] & 0x3Fu);
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      h = 31 * h + (0xD800 + (code >> 10));
      h = 31 * h + (0xDC00 + (code & 0x3FF));
    } else {
      h = 31 * h + code;
    }
    i += length;
  }
  return h;
}

// The order in which a java.util.HashMap holding these keys iterates them:
// how the service prints a map.
std::vector<JsonValue::ConstMemberIterator> HashMapOrder(const JsonValue& map) {
  uint32_t capacity = 16;
  while (map.MemberCount() > capacity / 4 * 3) capacity *= 2;
  std::vector<std::pair<uint32_t, JsonValue::ConstMemberIterator>> buckets;
  for (auto it = map.MemberBegin(); it != map.MemberEnd(); ++it) {
    const uint32_t h = JavaStringHash(View(it->name));
    buckets.emplace_back((h ^ (h >> 16)) & (capacity - 1), it);
  }
  std::stable_sort(buckets.begin(), buckets.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<JsonValue::ConstMemberIterator> members;
  for (const auto& entry : buckets) members.push_back(entry.second);
  return members;
}

int64_t IntegerOf(const JsonValue& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsUint64()) return static_cast<int64_t>(std::min<uint64_t>(v.GetUint64(), INT64_MAX));
  const double d = v.GetDouble();
  if (d >= 9.2e18) return INT64_MAX;
  if (d <= -9.2e18) return INT64_MIN;
  return static_cast<int64_t>(d);
}

// The members the service's AttributeValue class prints, some of them
// internal: Lombok's toString of it.
constexpr std::string_view kAttributeValueMembers[] = {
    "S", "N", "B", "INT", "DECIMAL", "DOUBLE", "SS", "NS", "BS", "INTSET", "DECIMALSET", "DOUBLESET", "M", "L",
    "NULL", "BOOL"};

void Render(const Shape& shape, const JsonValue& v, std::string& out, int depth);

void RenderStructure(const Shape& shape, const JsonValue& v, std::string& out, int depth) {
  out += shape.name;
  out += '(';
  bool first = true;
  auto render_member = [&](std::string_view wire_name, std::string_view path, const Shape* member_shape) {
    if (!first) out += ", ";
    first = false;
    out += path;
    out += '=';
    auto it = v.FindMember(rapidjson::StringRef(wire_name.data(), wire_name.size()));
    if (member_shape == nullptr || it == v.MemberEnd() || it->value.IsNull()) {
      out += "null";
    } else {
      Render(*member_shape, it->value, out, depth + 1);
    }
  };
  if (shape.special == Special::kAttributeValue) {
    for (std::string_view name : kAttributeValueMembers) {
      const Member* known = nullptr;
      for (const Member& member : shape.members) {
        if (member.name == name) known = &member;
      }
      std::string path(name);
      path[0] = static_cast<char>(path[0] - 'A' + 'a');
      render_member(name, path, known ? &ShapeAt(known->shape) : nullptr);
    }
  } else {
    for (const Member& member : shape.members) render_member(member.name, member.path, &ShapeAt(member.shape));
  }
  out += ')';
}

void Render(const Shape& shape, const JsonValue& v, std::string& out, int depth) {
  if (v.IsNull()) {
    out += "null";
    return;
  }
  // A value is printed whole up to a bound (DynamoDB prints it whole): a
  // message must not grow with a 16 MB request.
  if (depth > kMaxDepth || out.size() > kMaxRenderedValue) {
    out += "...";
    return;
  }
  switch (shape.kind) {
    case Kind::kString:
    case Kind::kTimestamp:
      if (v.IsString()) out += View(v);
      return;
    case Kind::kInteger:
    case Kind::kLong:
      if (v.IsNumber()) out += std::to_string(IntegerOf(v));
      return;
    case Kind::kDouble:
      if (v.IsNumber()) out += std::to_string(v.GetDouble());
      return;
    case Kind::kBoolean:
      if (v.IsBool()) out += v.GetBool() ? "true" : "false";
      if (v.IsString()) out += BooleanFromString(View(v)).value_or(false) ? "true" : "false";
      return;
    case Kind::kBlob: {
      std::string bytes;
      if (v.IsString()) Base64Decode(View(v), &bytes);
      const std::string n = std::to_string(bytes.size());
      out += "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
      return;
    }
    case Kind::kList: {
      if (!v.IsArray()) return;
      out += '[';
      bool first = true;
      for (const JsonValue& element : v.GetArray()) {
        if (!first) out += ", ";
        first = false;
        Render(ShapeAt(shape.element), element, out, depth + 1);
      }
      out += ']';
      return;
    }
    case Kind::kMap: {
      if (!v.IsObject()) return;
      out += '{';
      bool first = true;
      for (auto it : HashMapOrder(v)) {
        if (!first) out += ", ";
        first = false;
        out += View(it->name);
        out += '=';
        Render(ShapeAt(shape.element), it->value, out, depth + 1);
      }
      out += '}';
      return;
    }
    case Kind::kStructure:
      if (v.IsObject()) RenderStructure(shape, v, out, depth);
      return;
  }
}

// ---- Stage 2: constraints ----

// Length as Java counts it: UTF-16 code units.
int64_t Utf16Length(std::string_view text) {
  int64_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

bool MatchesPattern(PatternCheck check, std::string_view text) {
  switch (check) {
    case PatternCheck::kNone:
      return true;
    case PatternCheck::kTableName:
      return !text.empty() && std::all_of(text.begin(), text.end(), IsTableNameChar);
  }
  return true;
}

class Walker {
 public:
  explicit Walker(size_t limit) : limit_(limit) {}

  bool full() const { return violations_.size() >= limit_; }
  std::vector<std::string> Take() { return std::move(violations_); }

  void Structure(const Shape& shape, const JsonValue& v, const std::string& path, int depth) {
    for (uint8_t index : shape.check_order) {
      if (full()) return;
      const Member& member = shape.members[index];
      const Shape& member_shape = ShapeAt(member.shape);
      if (!member.required && !member_shape.constrained) continue;  // nothing to check
      const std::string member_path = path.empty() ? std::string(member.path) : path + "." + std::string(member.path);
      auto it = v.FindMember(rapidjson::StringRef(member.name.data(), member.name.size()));
      if (it == v.MemberEnd() || it->value.IsNull()) {
        if (member.required) Add("Value null at '" + member_path + "' failed to satisfy constraint: Member must not be null");
        continue;
      }
      Value(member_shape, it->value, member_path, true, depth + 1);
    }
  }

  // A value's own constraints (when `own`), then those of what it holds.
  void Value(const Shape& shape, const JsonValue& v, const std::string& path, bool own, int depth) {
    if (!shape.constrained || depth > kMaxDepth || full()) return;
    if (own) {
      std::vector<std::string> failed = OwnViolations(shape, v);
      if (!failed.empty()) {
        const std::string prefix = "Value '" + RenderValue(shape, v) + "' at '" + path + "' failed to satisfy constraint: ";
        for (std::string& text : failed) Add(prefix + text);
      }
    }
    switch (shape.kind) {
      case Kind::kStructure:
        if (v.IsObject()) Structure(shape, v, path, depth);
        return;
      case Kind::kList:
        if (v.IsArray()) {
          const Shape& element = ShapeAt(shape.element);
          size_t i = 0;
          for (const JsonValue& item : v.GetArray()) {
            ++i;
            if (!item.IsNull()) Value(element, item, path + "." + std::to_string(i) + ".member", true, depth + 1);
          }
        }
        return;
      case Kind::kMap:
        if (v.IsObject()) Map(shape, v, path, depth);
        return;
      default:
        return;
    }
  }

 private:
  void Add(std::string text) {
    if (!full()) violations_.push_back(std::move(text));
  }

  // A map's keys and values are reported once for the whole map, listing
  // every constraint of the key (or value) shape.
  void Map(const Shape& shape, const JsonValue& v, const std::string& path, int depth) {
    const Shape& key = ShapeAt(shape.key);
    const Shape& value = ShapeAt(shape.element);
    auto some = [&](auto&& fails) {
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        if (fails(it)) return true;
      }
      return false;
    };
    // Rendered only for a violation: the map may be a 16 MB batch.
    auto prefix = [&] { return "Value '" + RenderValue(shape, v) + "' at '" + path + "' failed to satisfy constraint: "; };
    if (key.constrained && some([&](auto it) { return !OwnViolations(key, it->name).empty(); })) {
      Add(prefix() + "Map keys must satisfy constraint: [" + AllConstraints(key) + "]");
    }
    if (value.constrained && HasOwnConstraints(value) &&
        some([&](auto it) { return !it->value.IsNull() && !OwnViolations(value, it->value).empty(); })) {
      Add(prefix() + "Map value must satisfy constraint: [" + AllConstraints(value) + "]");
    }
    for (auto it = v.MemberBegin(); it != v.MemberEnd() && !full(); ++it) {
      if (it->value.IsNull()) continue;
      Value(value, it->value, path + "." + std::string(View(it->name)) + ".member", false, depth + 1);
    }
  }

  static bool HasOwnConstraints(const Shape& shape) {
    return shape.has_min || shape.has_max || !shape.enum_values.empty() || shape.pattern_check != PatternCheck::kNone ||
           shape.special == Special::kTableNameOrArn;
  }

  static std::string MinText(const Shape& shape, int64_t min) {
    const bool number = shape.kind == Kind::kInteger || shape.kind == Kind::kLong || shape.kind == Kind::kDouble;
    return std::string("Member must have ") + (number ? "value" : "length") + " greater than or equal to " +
           std::to_string(min);
  }
  static std::string MaxText(const Shape& shape, int64_t max) {
    const bool number = shape.kind == Kind::kInteger || shape.kind == Kind::kLong || shape.kind == Kind::kDouble;
    return std::string("Member must have ") + (number ? "value" : "length") + " less than or equal to " +
           std::to_string(max);
  }
  static std::string EnumText(const Shape& shape) {
    std::string text = "Member must satisfy enum value set: [";
    for (size_t i = 0; i < shape.enum_values.size(); ++i) {
      if (i) text += ", ";
      text += shape.enum_values[i];
    }
    return text + "]";
  }
  static std::string PatternText(const Shape& shape) {
    return "Member must satisfy regular expression pattern: " + std::string(shape.pattern);
  }

  // Every constraint of a shape, as a map's key or value constraint lists
  // them: maximum, minimum, pattern.
  static std::string AllConstraints(const Shape& shape) {
    if (shape.special == Special::kTableNameOrArn) {  // a name's rules, which a short key breaks
      return "Member must have length less than or equal to 255, Member must have length greater than or equal "
             "to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
    }
    std::vector<std::string> texts;
    if (shape.has_max) texts.push_back(MaxText(shape, shape.max));
    if (shape.has_min) texts.push_back(MinText(shape, shape.min));
    if (shape.pattern_check != PatternCheck::kNone) texts.push_back(PatternText(shape));
    if (!shape.enum_values.empty()) texts.push_back(EnumText(shape));
    std::string joined;
    for (size_t i = 0; i < texts.size(); ++i) joined += (i ? ", " : "") + texts[i];
    return joined;
  }

  // The constraints `v` breaks, in the order the service lists them.
  static std::vector<std::string> OwnViolations(const Shape& shape, const JsonValue& v) {
    std::vector<std::string> failed;
    if (shape.special == Special::kTableNameOrArn && v.IsString()) {
      TableNameOrArn(View(v), failed);
      return failed;
    }
    std::optional<int64_t> size;  // a string's, list's or map's length; a number's value
    switch (shape.kind) {
      case Kind::kString:
        if (!v.IsString()) return failed;
        if (!shape.enum_values.empty()) {
          if (std::find(shape.enum_values.begin(), shape.enum_values.end(), View(v)) == shape.enum_values.end()) {
            failed.push_back(EnumText(shape));
          }
          return failed;
        }
        if (!MatchesPattern(shape.pattern_check, View(v))) failed.push_back(PatternText(shape));
        size = Utf16Length(View(v));
        break;
      case Kind::kInteger:
      case Kind::kLong:
      case Kind::kDouble:
        if (v.IsNumber()) size = IntegerOf(v);
        break;
      case Kind::kList:
        if (v.IsArray()) size = v.Size();
        break;
      case Kind::kMap:
        if (v.IsObject()) size = v.MemberCount();
        break;
      default:
        break;
    }
    if (!size) return failed;
    if (shape.has_min && *size < shape.min) failed.push_back(MinText(shape, shape.min));
    if (shape.has_max && *size > shape.max) failed.push_back(MaxText(shape, shape.max));
    return failed;
  }

  // A table's name or ARN. An empty value is only too short; an ARN names
  // its table after ":table/" and may be 1024 long; a name has TableName's
  // rules (pattern, then length).
  static void TableNameOrArn(std::string_view value, std::vector<std::string>& failed) {
    if (value.empty()) {
      failed.push_back("Member must have length greater than or equal to 1");
      return;
    }
    constexpr std::string_view kTableMarker = ":table/";
    if (value.starts_with("arn:")) {
      if (value.size() > 1024) {
        failed.push_back("Member must have length less than or equal to 1024");
        return;
      }
      const size_t marker = value.find(kTableMarker);
      if (marker != std::string_view::npos) value = value.substr(marker + kTableMarker.size());
    }
    if (value.empty() || !std::all_of(value.begin(), value.end(), IsTableNameChar)) {
      failed.push_back("Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    if (value.size() < kMinTableNameLength) failed.push_back("Member must have length greater than or equal to 3");
    if (value.size() > kMaxTableNameLength) failed.push_back("Member must have length less than or equal to 255");
  }

  size_t limit_;
  std::vector<std::string> violations_;
};

}  // namespace

std::string JavaType(const Shape& shape) {
  switch (shape.kind) {
    case Kind::kString: return "java.lang.String";
    case Kind::kInteger: return "java.lang.Integer";
    case Kind::kLong: return "java.lang.Long";
    case Kind::kDouble: return "java.lang.Double";
    case Kind::kBoolean: return "java.lang.Boolean";
    case Kind::kBlob: return "java.nio.ByteBuffer";
    case Kind::kTimestamp: return "java.util.Date";
    case Kind::kList: return "java.util.List<" + JavaType(ShapeAt(shape.element)) + ">";
    case Kind::kMap: return "java.util.Map<java.lang.String, " + JavaType(ShapeAt(shape.element)) + ">";
    case Kind::kStructure: break;
  }
  // Both APIs' classes live in DynamoDB's package.
  return "com.amazonaws.dynamodb.v20120810." + std::string(shape.name);
}

void CheckTypes(const Shape& shape, const JsonValue& value) { CheckType(shape, value, Place::kMember, 0); }

std::vector<std::string> ConstraintViolations(const Shape& shape, const JsonValue& value, size_t limit) {
  Walker walker(limit);
  walker.Value(shape, value, "", true, 0);
  return walker.Take();
}

std::string RenderValue(const Shape& shape, const JsonValue& value) {
  std::string out;
  Render(shape, value, out, 0);
  return out;
}

void ValidateRequest(const Operation& operation, const JsonValue& body) {
  const Shape& input = ShapeAt(operation.input);
  CheckTypes(input, body);
  if (const RequiredFirst& first = operation.required_first; !first.member.empty()) {
    auto it = body.FindMember(rapidjson::StringRef(first.member.data(), first.member.size()));
    const bool missing = it == body.MemberEnd() || it->value.IsNull() ||
                         (first.empty_is_missing && ((it->value.IsObject() && it->value.MemberCount() == 0) ||
                                                     (it->value.IsArray() && it->value.Empty())));
    if (missing) throw ApiError::Validation(std::string(first.message));
  }
  const std::vector<std::string> violations = ConstraintViolations(input, body, kMaxViolations);
  if (!violations.empty()) throw ApiError::ValidationErrors(violations);
}

}  // namespace eddy::shapes

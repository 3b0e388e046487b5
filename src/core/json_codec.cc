#include "core/json_codec.h"

#include "core/utf8.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "core/api_error.h"

// Decoding runs in two passes, as DynamoDB's front end (Coral) does: first
// the JSON shape of the whole value is checked against the AttributeValue
// model (wrong JSON types are SerializationException), then DynamoDB's value
// rules are applied (ValidationException). So a request with both kinds of
// error reports the SerializationException.
//
// Messages are DynamoDB's as recorded by dynalite's tests (mhart/dynalite,
// validations/index.js and test/*.js, which were checked against the real
// service) unless a comment says otherwise.

namespace eddy {
namespace {

constexpr const char* kInvalidPrefix = "One or more parameter values were invalid: ";

// ---------------------------------------------------------------------------
// Pass 1: JSON shape (SerializationException), worded as DynamoDB's
// deserializer words it today (dynalite's current type tables, recorded
// against the service). The request validator (shapes/validate.cc) runs
// this pass for every attribute value of a request.

enum class WireType { kString, kBlob, kBoolean, kList, kMap, kStructure };

// Which JSON shape each descriptor carries, and for lists, the members'.
struct Descriptor {
  std::string_view name;
  AttributeType type;
  WireType wire;
  WireType member;  // for kList and kMap wires
};

constexpr Descriptor kDescriptors[] = {
    {"S", AttributeType::kString, WireType::kString, WireType::kString},
    {"N", AttributeType::kNumber, WireType::kString, WireType::kString},
    {"B", AttributeType::kBinary, WireType::kBlob, WireType::kBlob},
    {"BOOL", AttributeType::kBool, WireType::kBoolean, WireType::kBoolean},
    {"NULL", AttributeType::kNull, WireType::kBoolean, WireType::kBoolean},
    {"SS", AttributeType::kStringSet, WireType::kList, WireType::kString},
    {"NS", AttributeType::kNumberSet, WireType::kList, WireType::kString},
    {"BS", AttributeType::kBinarySet, WireType::kList, WireType::kBlob},
    {"L", AttributeType::kList, WireType::kList, WireType::kStructure},
    {"M", AttributeType::kMap, WireType::kMap, WireType::kStructure},
};

// Unknown members of the AttributeValue structure are ignored, as Coral
// ignores unknown members of any structure (dynalite drops them too).
const Descriptor* FindDescriptor(std::string_view name) {
  for (const Descriptor& d : kDescriptors) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

std::string_view View(const JsonValue& v) { return {v.GetString(), v.GetStringLength()}; }

// A string eddy stores (an attribute name, an S or SS value): it must be
// UTF-8, as DynamoDB's JSON layer requires.
std::string_view StoredText(const JsonValue& v) {
  std::string_view text = View(v);
  if (!IsValidUtf8(text)) throw ApiError::Serialization("Invalid UTF-8 in a string value");
  return text;
}

// Coral converts a few strings to booleans (case-insensitively).
std::optional<bool> StringToBoolean(std::string_view text, std::string* upper) {
  if (text.size() > 5) return std::nullopt;  // longer than "false"
  upper->assign(text);
  std::transform(upper->begin(), upper->end(), upper->begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (*upper == "TRUE" || *upper == "1" || *upper == "YES") return true;
  if (*upper == "FALSE" || *upper == "0" || *upper == "NO") return false;
  return std::nullopt;
}

[[noreturn]] void TypeError(std::string message) { throw ApiError::Serialization(std::move(message)); }

constexpr std::string_view kAttributeValueClass = "com.amazonaws.dynamodb.v20120810.AttributeValue";

void CheckShape(const JsonValue& v, WireType wire, WireType member, int depth);

// An AttributeValue, which is always a list's element or a map's value.
void CheckStructureShape(const JsonValue& v, int depth) {
  if (v.IsNull()) return;
  if (v.IsArray()) TypeError("Unrecognized collection type class " + std::string(kAttributeValueClass));
  if (!v.IsObject()) TypeError("Unexpected value type in payload");
  // Deeper than the nesting limit the decode pass fails anyway; stopping
  // here keeps hostile nesting from exhausting the stack.
  if (depth > kMaxAttributeDepth) return;
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    const Descriptor* d = FindDescriptor(View(it->name));
    if (d != nullptr) CheckShape(it->value, d->wire, d->member, depth);
  }
}

// A member of an AttributeValue (S, SS, M, ...) or a set's element.
void CheckShape(const JsonValue& v, WireType wire, WireType member, int depth) {
  if (v.IsNull()) return;  // null members count as absent
  if (v.IsObject() && wire != WireType::kMap && wire != WireType::kStructure) {
    TypeError("Start of structure or map found where not expected");
  }
  switch (wire) {
    case WireType::kString:
      if (v.IsString()) return;
      if (v.IsArray()) TypeError("Unrecognized collection type class java.lang.String");
      TypeError(std::string(JsonTokenName(v)) + " cannot be converted to String");
    case WireType::kBlob:
      if (v.IsArray()) TypeError("Unrecognized collection type class java.nio.ByteBuffer");
      if (!v.IsString()) TypeError("only base-64-encoded strings are convertible to bytes");
      if (std::string problem = Base64Problem(View(v)); !problem.empty()) TypeError(problem);
      return;
    case WireType::kBoolean:
      if (v.IsBool()) return;
      if (v.IsArray()) TypeError("Unrecognized collection type class java.lang.Boolean");
      if (v.IsString()) {
        std::string upper;
        if (!StringToBoolean(View(v), &upper)) TypeError("Unexpected token received from parser");
        return;
      }
      TypeError(std::string(JsonTokenName(v)) + " cannot be converted to Boolean");
    case WireType::kList:
      if (!v.IsArray()) TypeError("Unexpected field type");
      for (const JsonValue& m : v.GetArray()) {
        if (member == WireType::kStructure) {
          CheckStructureShape(m, depth + 1);
        } else {
          CheckShape(m, member, member, depth);
        }
      }
      return;
    case WireType::kMap:
      if (v.IsArray()) {
        TypeError("Unrecognized collection type java.util.Map<java.lang.String, " + std::string(kAttributeValueClass) +
                  ">");
      }
      if (!v.IsObject()) TypeError("Unexpected field type");
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        CheckStructureShape(it->value, depth + 1);
      }
      return;
    case WireType::kStructure:
      CheckStructureShape(v, depth);
      return;
  }
}

// ---------------------------------------------------------------------------
// Pass 2: DynamoDB's value rules (ValidationException). The shapes are
// known to be right here.

bool ReadBoolean(const JsonValue& v) {
  if (v.IsBool()) return v.GetBool();
  std::string upper;
  return StringToBoolean(View(v), &upper).value_or(false);
}

std::string DecodeBase64Checked(const JsonValue& v) {
  std::string bytes;
  bool ok = Base64Decode(View(v), &bytes);
  assert(ok);  // checked in pass 1
  (void)ok;
  return bytes;
}

// "[a, b, a]" as DynamoDB prints a set in its duplicate messages.
std::string ListForMessage(const JsonValue& array) {
  std::string out = "[";
  bool first = true;
  for (const JsonValue& m : array.GetArray()) {
    if (!first) out += ", ";
    first = false;
    out += m.IsString() ? std::string(View(m)) : "null";
  }
  return out + "]";
}

template <typename T>
bool HasDuplicates(std::vector<T> members) {
  std::sort(members.begin(), members.end());
  return std::adjacent_find(members.begin(), members.end()) != members.end();
}

AttributeValue DecodeValue(const JsonValue& json, int depth);

AttributeValue DecodeStringSet(const JsonValue& array) {
  if (array.Empty()) throw ApiError::Validation(std::string(kInvalidPrefix) + "An string set  may not be empty");
  std::vector<std::string> members;
  for (const JsonValue& m : array.GetArray()) {
    // A JSON null member (not reachable from the SDKs). Unverified against
    // DynamoDB; dynalite's message for a missing string member.
    if (m.IsNull()) {
      throw ApiError::Validation(std::string(kInvalidPrefix) +
                                 "An string set may not have a empty string as a member");
    }
    members.emplace_back(StoredText(m));
  }
  if (HasDuplicates(members)) {
    throw ApiError::Validation(std::string(kInvalidPrefix) + "Input collection " + ListForMessage(array) +
                               " contains duplicates.");
  }
  return AttributeValue::StringSet(std::move(members));
}

AttributeValue DecodeBinarySet(const JsonValue& array) {
  if (array.Empty()) throw ApiError::Validation(std::string(kInvalidPrefix) + "Binary sets should not be empty");
  std::vector<std::string> members;
  for (const JsonValue& m : array.GetArray()) {
    if (m.IsNull()) {
      throw ApiError::Validation(std::string(kInvalidPrefix) + "Binary sets may not contain null or empty values");
    }
    members.push_back(DecodeBase64Checked(m));
  }
  if (HasDuplicates(members)) {
    // Sic: DynamoDB's message has no space before "of type BS".
    throw ApiError::Validation(std::string(kInvalidPrefix) + "Input collection " + ListForMessage(array) +
                               "of type BS contains duplicates.");
  }
  return AttributeValue::BinarySet(std::move(members));
}

AttributeValue DecodeNumberSet(const JsonValue& array) {
  if (array.Empty()) throw ApiError::Validation(std::string(kInvalidPrefix) + "An number set  may not be empty");
  std::vector<Number> members;
  for (const JsonValue& m : array.GetArray()) {
    members.push_back(Number::Parse(m.IsNull() ? std::string_view() : View(m)));
  }
  // Duplicates are found after normalization: ["1", "1.0"] is a duplicate.
  // This message alone has no "One or more parameter values" prefix.
  if (HasDuplicates(members)) throw ApiError::Validation("Input collection contains duplicates");
  return AttributeValue::NumberSet(std::move(members));
}

void CheckDepth(int depth) {
  // The item itself is one level (alternator's test_almost_exceed_nested_level
  // and real-DynamoDB captures: an attribute holding 31 nested maps is fine,
  // 32 fail), so a list or map value may sit at depth kMaxAttributeDepth - 1.
  if (depth >= kMaxAttributeDepth) {
    throw ApiError::Validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
        "beyond supported limit");
  }
}

AttributeValue DecodeMember(const Descriptor& d, const JsonValue& v, int depth) {
  switch (d.type) {
    case AttributeType::kString:
      // Empty strings are allowed for non-key attributes since 2020; key
      // attributes are checked by the engine.
      return AttributeValue::String(std::string(StoredText(v)));
    case AttributeType::kNumber:
      return AttributeValue::Num(Number::Parse(View(v)));
    case AttributeType::kBinary:
      return AttributeValue::Binary(DecodeBase64Checked(v));
    case AttributeType::kBool:
      return AttributeValue::Bool(ReadBoolean(v));
    case AttributeType::kNull:
      if (!ReadBoolean(v)) {
        throw ApiError::Validation(std::string(kInvalidPrefix) +
                                   "Null attribute value types must have the value of true");
      }
      return AttributeValue::Null();
    case AttributeType::kStringSet:
      return DecodeStringSet(v);
    case AttributeType::kNumberSet:
      return DecodeNumberSet(v);
    case AttributeType::kBinarySet:
      return DecodeBinarySet(v);
    case AttributeType::kList: {
      CheckDepth(depth);
      AttributeList items;
      items.reserve(v.Size());
      for (const JsonValue& m : v.GetArray()) items.push_back(DecodeValue(m, depth + 1));
      return AttributeValue::List(std::move(items));
    }
    case AttributeType::kMap: {
      CheckDepth(depth);
      AttributeMap entries;
      for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
        entries.insert_or_assign(std::string(StoredText(it->name)), DecodeValue(it->value, depth + 1));
      }
      return AttributeValue::Map(std::move(entries));
    }
  }
  return AttributeValue::Null();
}

AttributeValue DecodeValue(const JsonValue& json, int depth) {
  // Each descriptor's value is validated in order, and only then is the
  // count checked: {"S": "a", "N": "b"} reports the bad number.
  AttributeValue result;
  int count = 0;
  if (json.IsObject()) {
    for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
      const Descriptor* d = FindDescriptor(View(it->name));
      if (d == nullptr || it->value.IsNull()) continue;
      result = DecodeMember(*d, it->value, depth);
      ++count;
    }
  }
  if (count == 0) {
    throw ApiError::Validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (count > 1) {
    throw ApiError::Validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes");
  }
  return result;
}

// ---------------------------------------------------------------------------
// Base64 (core/base64.h, the standard alphabet).

// Why DynamoDB would refuse `text` as base64 (Coral's wording, typo
// "dectected" included), or "" when it is valid.
}  // namespace

std::string_view JsonTokenName(const JsonValue& v) {
  if (v.IsString()) return "STRING_VALUE";
  if (v.IsBool()) return v.GetBool() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (v.IsInt64() || v.IsUint64()) return "NUMBER_VALUE";
  return "DECIMAL_VALUE";
}

std::optional<bool> BooleanFromString(std::string_view text) {
  std::string upper;
  return StringToBoolean(text, &upper);
}

void CheckAttributeValueTypes(const JsonValue& json) { CheckStructureShape(json, 1); }

AttributeValue DecodeAttributeValue(const JsonValue& json) {
  CheckStructureShape(json, 1);
  return DecodeValue(json, 1);
}

AttributeMap DecodeAttributeMap(const JsonValue& json) {
  if (json.IsNull()) return {};
  CheckShape(json, WireType::kMap, WireType::kStructure, 0);
  AttributeMap map;
  for (auto it = json.MemberBegin(); it != json.MemberEnd(); ++it) {
    map.insert_or_assign(std::string(StoredText(it->name)), DecodeValue(it->value, 1));
  }
  return map;
}

void EncodeAttributeValue(JsonWriter& writer, const AttributeValue& value) {
  writer.StartObject();
  std::string_view descriptor = TypeDescriptor(value.type);
  writer.Key(descriptor.data(), static_cast<rapidjson::SizeType>(descriptor.size()));
  auto write_string = [&writer](std::string_view s) {
    writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  };
  switch (value.type) {
    case AttributeType::kNull:
      writer.Bool(true);
      break;
    case AttributeType::kBool:
      writer.Bool(value.as_bool());
      break;
    case AttributeType::kString:
      write_string(value.as_string());
      break;
    case AttributeType::kBinary:
      write_string(Base64Encode(value.as_string()));
      break;
    case AttributeType::kNumber:
      write_string(value.as_number().ToString());
      break;
    case AttributeType::kStringSet:
    case AttributeType::kBinarySet: {
      bool binary = value.type == AttributeType::kBinarySet;
      writer.StartArray();
      for (const std::string& m : value.as_string_set()) write_string(binary ? Base64Encode(m) : m);
      writer.EndArray();
      break;
    }
    case AttributeType::kNumberSet:
      writer.StartArray();
      for (const Number& m : value.as_number_set()) write_string(m.ToString());
      writer.EndArray();
      break;
    case AttributeType::kList:
      writer.StartArray();
      for (const AttributeValue& m : value.as_list()) EncodeAttributeValue(writer, m);
      writer.EndArray();
      break;
    case AttributeType::kMap:
      EncodeAttributeMap(writer, value.as_map());
      break;
  }
  writer.EndObject();
}

void EncodeAttributeMap(JsonWriter& writer, const AttributeMap& map) {
  writer.StartObject();
  for (const auto& [name, value] : map) {
    writer.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    EncodeAttributeValue(writer, value);
  }
  writer.EndObject();
}

}  // namespace eddy

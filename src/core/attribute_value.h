// AttributeValue: one DynamoDB attribute value of any of the ten types.
// Validated at the boundary (core/json_codec.h) so the rest of eddy can
// trust it: sets are non-empty, sorted and duplicate-free, numbers are
// normalized. Only json_codec knows the wire form {"S": ...}.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/number.h"

namespace eddy {

enum class AttributeType : uint8_t {
  kNull,
  kBool,
  kString,
  kNumber,
  kBinary,
  kStringSet,
  kNumberSet,
  kBinarySet,
  kList,
  kMap,
};

// "NULL", "BOOL", "S", "N", "B", "SS", "NS", "BS", "L", "M".
std::string_view TypeDescriptor(AttributeType type);

struct AttributeValue;
using AttributeList = std::vector<AttributeValue>;
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
// A whole item: its top-level attributes by name.
using Item = AttributeMap;

struct AttributeValue {
  // Strings and binaries share std::string (binary holds raw bytes, not
  // base64); SS and BS share std::vector<std::string>. `type` tells them apart.
  using Data = std::variant<std::monostate, bool, std::string, Number, std::vector<std::string>,
                            std::vector<Number>, AttributeList, AttributeMap>;

  AttributeType type = AttributeType::kNull;
  Data data;

  static AttributeValue Null() { return {AttributeType::kNull, std::monostate{}}; }
  static AttributeValue Bool(bool b) { return {AttributeType::kBool, b}; }
  static AttributeValue String(std::string s) { return {AttributeType::kString, std::move(s)}; }
  static AttributeValue Binary(std::string bytes) {
    return {AttributeType::kBinary, std::move(bytes)};
  }
  static AttributeValue Num(Number n) { return {AttributeType::kNumber, std::move(n)}; }
  // Set factories sort and drop duplicates; callers that must reject
  // duplicates (the JSON codec) check before calling.
  static AttributeValue StringSet(std::vector<std::string> members);
  static AttributeValue BinarySet(std::vector<std::string> members);
  static AttributeValue NumberSet(std::vector<Number> members);
  static AttributeValue List(AttributeList items) {
    return {AttributeType::kList, std::move(items)};
  }
  static AttributeValue Map(AttributeMap entries) {
    return {AttributeType::kMap, std::move(entries)};
  }

  bool as_bool() const { return std::get<bool>(data); }
  // S or B.
  const std::string& as_string() const { return std::get<std::string>(data); }
  const Number& as_number() const { return std::get<Number>(data); }
  // SS or BS, sorted by bytes.
  const std::vector<std::string>& as_string_set() const {
    return std::get<std::vector<std::string>>(data);
  }
  // NS, sorted by value.
  const std::vector<Number>& as_number_set() const { return std::get<std::vector<Number>>(data); }
  const AttributeList& as_list() const { return std::get<AttributeList>(data); }
  AttributeList& as_list() { return std::get<AttributeList>(data); }
  const AttributeMap& as_map() const { return std::get<AttributeMap>(data); }
  AttributeMap& as_map() { return std::get<AttributeMap>(data); }

  bool is_set() const {
    return type == AttributeType::kStringSet || type == AttributeType::kNumberSet ||
           type == AttributeType::kBinarySet;
  }

  // Deep equality as DynamoDB's "=" sees it (sets compare as sets).
  bool operator==(const AttributeValue& other) const = default;
};

// How many lists and maps are nested in `value` (a scalar or set is 0, a map
// of scalars 1). DynamoDB allows an attribute at most 31.
int NestingDepth(const AttributeValue& value);

}  // namespace eddy

#include "server/request_fields.h"

#include <algorithm>

#include "core/api_error.h"
#include "core/json_codec.h"
#include "core/table_name.h"

namespace eddy {
namespace {

[[noreturn]] void WrongType(std::string_view name, std::string_view expected) {
  throw ApiError::Serialization("Unexpected value type in payload for " + std::string(name) +
                                ", expected " + std::string(expected));
}

}  // namespace

const JsonValue* Member(const JsonValue& object, std::string_view name) {
  auto it = object.FindMember(rapidjson::StringRef(name.data(), name.size()));
  if (it == object.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::optional<std::string_view> StringMember(const JsonValue& object, std::string_view name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  if (!v->IsString()) WrongType(name, "a string");
  return std::string_view(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> IntegerMember(const JsonValue& object, std::string_view name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  // The service truncates a fraction (the request's shape allowed it).
  if (v->IsNumber() && v->GetDouble() > -9.2e18 && v->GetDouble() < 9.2e18) return static_cast<int64_t>(v->GetDouble());
  WrongType(name, "an integer");
}

std::optional<bool> BoolMember(const JsonValue& object, std::string_view name) {
  const JsonValue* v = Member(object, name);
  if (!v) return std::nullopt;
  if (v->IsBool()) return v->GetBool();
  if (v->IsString()) {  // "true", "no", ...: the request's shape allowed it
    if (auto value = BooleanFromString({v->GetString(), v->GetStringLength()})) return value;
  }
  WrongType(name, "a boolean");
}

const JsonValue* ObjectMember(const JsonValue& object, std::string_view name) {
  const JsonValue* v = Member(object, name);
  if (v && !v->IsObject()) WrongType(name, "an object");
  return v;
}

const JsonValue* ArrayMember(const JsonValue& object, std::string_view name) {
  const JsonValue* v = Member(object, name);
  if (v && !v->IsArray()) WrongType(name, "a list");
  return v;
}

std::string_view AsString(const JsonValue& value) {
  if (!value.IsString()) throw ApiError::Serialization("Unexpected value type in payload, expected a string");
  return {value.GetString(), value.GetStringLength()};
}

const JsonValue& AsObject(const JsonValue& value) {
  if (!value.IsObject()) throw ApiError::Serialization("Unexpected value type in payload, expected an object");
  return value;
}

const JsonValue& AsArray(const JsonValue& value) {
  if (!value.IsArray()) throw ApiError::Serialization("Unexpected value type in payload, expected a list");
  return value;
}

void ConstraintErrors::Add(std::string message) {
  // DynamoDB lists at most 10 (shapes/validate.cc).
  if (messages_.size() < 10) messages_.push_back(std::move(message));
}

void ConstraintErrors::NotNull(std::string_view field) {
  Add("Value null at '" + std::string(field) + "' failed to satisfy constraint: Member must not be null");
}

void ConstraintErrors::TableName(std::optional<std::string_view> name, std::string_view field) {
  if (!name) {
    NotNull(field);
    return;
  }
  const std::string prefix = "Value '" + std::string(*name) + "' at '" + std::string(field) +
                             "' failed to satisfy constraint: ";
  if (name->empty() || !std::all_of(name->begin(), name->end(), IsTableNameChar)) {
    Add(prefix + "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  if (name->size() < kMinTableNameLength) Add(prefix + "Member must have length greater than or equal to 3");
  if (name->size() > kMaxTableNameLength) Add(prefix + "Member must have length less than or equal to 255");
}

std::string_view TableNameOfNameOrArn(std::string_view name_or_arn) {
  constexpr std::string_view kTableMarker = ":table/";
  if (!name_or_arn.starts_with("arn:") || name_or_arn.size() > 1024) return name_or_arn;
  const size_t marker = name_or_arn.find(kTableMarker);
  return marker == std::string_view::npos ? name_or_arn : name_or_arn.substr(marker + kTableMarker.size());
}

void ConstraintErrors::TableNameOrArn(std::optional<std::string_view>* name, std::string_view field) {
  if (*name) *name = TableNameOfNameOrArn(**name);
  TableName(*name, field);
}

void ConstraintErrors::Enum(std::optional<std::string_view> value, std::string_view field,
                            const std::vector<std::string_view>& allowed) {
  if (!value) return;
  for (auto a : allowed) {
    if (a == *value) return;
  }
  std::string set;
  for (auto a : allowed) {
    if (!set.empty()) set += ", ";
    set += a;
  }
  Add("Value '" + std::string(*value) + "' at '" + std::string(field) +
      "' failed to satisfy constraint: Member must satisfy enum value set: [" + set + "]");
}

void ConstraintErrors::Range(std::optional<int64_t> value, std::string_view field, int64_t min,
                             int64_t max) {
  if (!value) return;
  const std::string prefix = "Value '" + std::to_string(*value) + "' at '" + std::string(field) +
                             "' failed to satisfy constraint: ";
  if (*value < min) Add(prefix + "Member must have value greater than or equal to " + std::to_string(min));
  if (*value > max) Add(prefix + "Member must have value less than or equal to " + std::to_string(max));
}

void ConstraintErrors::Length(std::optional<std::string_view> value, std::string_view field,
                              size_t min, size_t max) {
  if (!value) return;
  const std::string prefix = "Value '" + std::string(*value) + "' at '" + std::string(field) +
                             "' failed to satisfy constraint: ";
  if (value->size() < min) Add(prefix + "Member must have length greater than or equal to " + std::to_string(min));
  if (value->size() > max) Add(prefix + "Member must have length less than or equal to " + std::to_string(max));
}

void ConstraintErrors::ThrowIfAny() const {
  if (!messages_.empty()) throw ApiError::ValidationErrors(messages_);
}

}  // namespace eddy

// Typed access to the members of a request's JSON object, with DynamoDB's
// errors: a member of the wrong JSON type is a SerializationException; a
// value that breaks a documented constraint is collected by ConstraintErrors
// into DynamoDB's "N validation errors detected: ..." ValidationException.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace eddy {

// The member, or null when it is absent or JSON null (as DynamoDB treats it).
const JsonValue* Member(const JsonValue& object, std::string_view name);
std::optional<std::string_view> StringMember(const JsonValue& object, std::string_view name);
std::optional<int64_t> IntegerMember(const JsonValue& object, std::string_view name);
std::optional<bool> BoolMember(const JsonValue& object, std::string_view name);
const JsonValue* ObjectMember(const JsonValue& object, std::string_view name);
const JsonValue* ArrayMember(const JsonValue& object, std::string_view name);
// For values inside arrays and maps.
std::string_view AsString(const JsonValue& value);
const JsonValue& AsObject(const JsonValue& value);
const JsonValue& AsArray(const JsonValue& value);

// The table a TableName member names: the name itself, or the name in a
// table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>).
std::string_view TableNameOfNameOrArn(std::string_view name_or_arn);

class ConstraintErrors {
 public:
  // `field` is the member's name as DynamoDB reports it ("tableName").
  void NotNull(std::string_view field);
  // At most 10 are kept, as DynamoDB lists at most 10.
  void Add(std::string message);
  // Table-name rules (3-255 characters of [a-zA-Z0-9_.-]); absent is NotNull.
  void TableName(std::optional<std::string_view> name, std::string_view field = "tableName");
  // Where DynamoDB takes a table's name or its ARN
  // (arn:aws:dynamodb:<region>:<account>:table/<name>): checks it and
  // replaces an ARN in *name with the table name it names.
  void TableNameOrArn(std::optional<std::string_view>* name, std::string_view field = "tableName");
  // One of `allowed` (an enum member), when present.
  void Enum(std::optional<std::string_view> value, std::string_view field,
            const std::vector<std::string_view>& allowed);
  void Range(std::optional<int64_t> value, std::string_view field, int64_t min, int64_t max);
  // String length between min and max characters, when present.
  void Length(std::optional<std::string_view> value, std::string_view field, size_t min, size_t max);

  bool empty() const { return messages_.empty(); }
  // ValidationException "1 validation error detected: A" or
  // "2 validation errors detected: A; B".
  void ThrowIfAny() const;

 private:
  std::vector<std::string> messages_;
};

}  // namespace eddy

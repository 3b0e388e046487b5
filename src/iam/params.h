// One Query request's parameters, read with IAM's constraints (the
// botocore model's lengths, ranges and patterns). Violations are collected
// as the service words them ("Value 'a b' at 'roleName' failed to satisfy
// constraint: ...") and ThrowIfInvalid() reports them together, as one
// ValidationError, before an operation acts.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/form.h"
#include "iam/model.h"

namespace eddy::iam {

// A string member's constraints. `pattern` checks the whole value;
// `pattern_text` is the regular expression as IAM prints it.
struct StringRule {
  size_t min_length = 0;
  size_t max_length = std::numeric_limits<size_t>::max();
  bool (*pattern)(std::string_view) = nullptr;
  std::string_view pattern_text;
};

// The shapes the served operations use (botocore's iam and sts models).
namespace rules {
extern const StringRule kEntityName;       // roleNameType (1..64), and RoleSessionName's pattern
extern const StringRule kPolicyName;       // policyNameType (1..128)
extern const StringRule kPolicyDocument;   // policyDocumentType
extern const StringRule kRolePath;         // pathType
extern const StringRule kPathPrefix;       // pathPrefixType (ListRoles)
extern const StringRule kPolicyPath;       // policyPathType (policies, their path prefixes)
extern const StringRule kRoleDescription;  // roleDescriptionType
extern const StringRule kPolicyDescription;
extern const StringRule kArn;              // arnType (20..2048)
extern const StringRule kMarker;
extern const StringRule kVersionId;
extern const StringRule kRoleSessionName;  // 2..64
}  // namespace rules

class Params {
 public:
  explicit Params(FormParams form);

  // The raw value, if the request has the parameter.
  const std::string* Find(std::string_view name) const;

  // A required string: a missing one is "Value null at 'x' failed to
  // satisfy constraint: Member must not be null" (returns "").
  std::string Required(std::string_view name, const StringRule& rule);
  std::optional<std::string> Optional(std::string_view name, const StringRule& rule);
  std::optional<int64_t> OptionalInt(std::string_view name, int64_t min, int64_t max);
  std::optional<bool> OptionalBool(std::string_view name);
  // One of `allowed`, or nullopt when absent.
  std::optional<std::string> OptionalEnum(std::string_view name, const std::vector<std::string_view>& allowed);
  // `Tags.member.N.Key` / `.Value` for N = 1, 2, ...: at most 50, each key
  // and value checked. Duplicate keys (ignoring case) are InvalidInput,
  // thrown by ThrowIfInvalid.
  std::vector<Tag> Tags(std::string_view name);
  // `TagKeys.member.N`.
  std::vector<std::string> TagKeys(std::string_view name);
  // MaxItems (1..1000, default 100) and Marker.
  struct Page {
    size_t max_items = 100;
    std::optional<std::string> marker;
  };
  Page Paging();

  // Throws the collected violations as one ValidationError ("1 validation
  // error detected: ..."), then any InvalidInput found.
  void ThrowIfInvalid() const;

 private:
  void Violation(std::string message) { violations_.push_back(std::move(message)); }
  void CheckString(std::string_view member, std::string_view value, const StringRule& rule, bool quote_value);

  FormParams form_;
  std::vector<std::string> violations_;
  std::optional<std::string> invalid_input_;
};

// "RoleName" -> "roleName": the member name IAM's messages use.
std::string MemberName(std::string_view parameter);

}  // namespace eddy::iam

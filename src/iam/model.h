// What eddy stores of IAM: roles (with their attached managed policies and
// inline policies) and customer-managed policies. Stored, not enforced:
// nothing checks a request against them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace eddy::iam {

struct Tag {
  std::string key;
  std::string value;
};

struct Role {
  std::string name;
  std::string path = "/";
  std::string id;                  // "AROA" + 17 characters
  int64_t create_millis = 0;
  std::string assume_role_policy;  // the JSON text as sent (decoded from the form)
  std::optional<std::string> description;
  int64_t max_session_duration = 3600;
  std::vector<Tag> tags;
  std::vector<std::string> attached_policies;         // ARNs, in attach order
  std::map<std::string, std::string> inline_policies;  // name -> JSON text
};

// A customer-managed policy: one version, v1, the default.
struct ManagedPolicy {
  std::string name;
  std::string path = "/";
  std::string id;  // "ANPA" + 17 characters
  int64_t create_millis = 0;
  std::optional<std::string> description;
  std::string document;
  std::vector<Tag> tags;
};

// arn:aws:iam::000000000000:role<path><name>
std::string RoleArn(const Role& role);
// arn:aws:iam::000000000000:policy<path><name>
std::string PolicyArn(const ManagedPolicy& policy);

}  // namespace eddy::iam

namespace eddy::iam {

// The stored forms (JSON, with a version number), and their parsers, which
// answer nullopt for anything malformed rather than assert.
std::string RoleToJson(const Role& role);
std::optional<Role> RoleFromJson(std::string_view json);
std::string PolicyToJson(const ManagedPolicy& policy);
std::optional<ManagedPolicy> PolicyFromJson(std::string_view json);

}  // namespace eddy::iam

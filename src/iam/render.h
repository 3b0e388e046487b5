// The XML of IAM's structures: Role, Policy, tag lists. Each operation
// shows a different subset of a role, as IAM does (CreateRole leaves out
// MaxSessionDuration, ListRoles leaves out Tags and RoleLastUsed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "iam/model.h"
#include "iam/xml.h"

namespace eddy::iam {

// "2026-12-07T10:00:00Z"
std::string IsoDate(int64_t millis);

// <element><member><Key>k</Key><Value>v</Value></member>...</element>
void WriteTags(XmlWriter& xml, std::string_view element, const std::vector<Tag>& tags);

enum class RoleDetail { kCreated, kFull, kListed };
// The members of a Role structure (the caller writes the enclosing element).
void WriteRoleMembers(XmlWriter& xml, const Role& role, RoleDetail detail);

// A managed policy as every operation shows it, customer or AWS-managed.
struct PolicyView {
  std::string name;
  std::string path;
  std::string id;
  std::string arn;
  std::optional<std::string> description;
  std::string create_date;
  std::string update_date;
  int attachment_count = 0;
  std::vector<Tag> tags;
};
// ListPolicies leaves out Description and Tags.
enum class PolicyDetail { kFull, kListed };
void WritePolicyMembers(XmlWriter& xml, const PolicyView& policy, PolicyDetail detail);

}  // namespace eddy::iam

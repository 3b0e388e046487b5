// CreateRole, GetRole, ListRoles, UpdateRole, DeleteRole,
// UpdateAssumeRolePolicy and the role tag operations.
#include <algorithm>

#include "iam/actions.h"
#include "iam/errors.h"
#include "iam/ids.h"
#include "iam/paging.h"
#include "iam/policy_document.h"
#include "iam/render.h"

namespace eddy::iam {
namespace {

constexpr int64_t kMinSessionSeconds = 3600;
constexpr int64_t kMaxSessionSeconds = 43200;
constexpr size_t kMaxTags = 50;

void CheckTrustPolicy(const std::string& document) {
  CheckPolicyDocument(document);
  if (PolicySize(document) > kTrustPolicyQuota) {
    throw LimitExceeded("Cannot exceed quota for ACLSizePerRole: " + std::to_string(kTrustPolicyQuota));
  }
}

void CreateRole(ActionContext& c) {
  Role role;
  role.name = c.params.Required("RoleName", rules::kEntityName);
  role.assume_role_policy = c.params.Required("AssumeRolePolicyDocument", rules::kPolicyDocument);
  role.path = c.params.Optional("Path", rules::kRolePath).value_or("/");
  role.description = c.params.Optional("Description", rules::kRoleDescription);
  role.max_session_duration =
      c.params.OptionalInt("MaxSessionDuration", kMinSessionSeconds, kMaxSessionSeconds).value_or(3600);
  c.params.Optional("PermissionsBoundary", rules::kArn);  // accepted, not kept: nothing is enforced
  role.tags = c.params.Tags("Tags");
  c.params.ThrowIfInvalid();
  CheckTrustPolicy(role.assume_role_policy);
  if (const Role* existing = c.store.FindRole(role.name)) {
    throw EntityAlreadyExists("Role with name " + existing->name + " already exists.");
  }
  role.id = RandomId("AROA", 17);
  role.create_millis = c.now_millis;
  c.store.PutRole(role);
  c.result.Open("Role");
  WriteRoleMembers(c.result, role, RoleDetail::kCreated);
  c.result.Close("Role");
}

void GetRole(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  c.params.ThrowIfInvalid();
  c.result.Open("Role");
  WriteRoleMembers(c.result, ExistingRole(c.store, name), RoleDetail::kFull);
  c.result.Close("Role");
}

void ListRoles(ActionContext& c) {
  const std::string prefix = c.params.Optional("PathPrefix", rules::kPathPrefix).value_or("/");
  const Params::Page page = c.params.Paging();
  c.params.ThrowIfInvalid();
  std::vector<const Role*> roles;
  std::vector<std::string> keys;
  for (const Role* role : c.store.RolesFrom("")) {
    if (!role->path.starts_with(prefix)) continue;
    roles.push_back(role);
    keys.push_back(LowerName(role->name));
  }
  const PageRange range = SelectPage(keys, page, /*sorted=*/true);
  c.result.Open("Roles");
  for (size_t i = range.begin; i < range.end; ++i) {
    c.result.Open("member");
    WriteRoleMembers(c.result, *roles[i], RoleDetail::kListed);
    c.result.Close("member");
  }
  c.result.Close("Roles");
  WritePageEnd(c.result, range);
}

void UpdateRole(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  auto description = c.params.Optional("Description", rules::kRoleDescription);
  auto max_session = c.params.OptionalInt("MaxSessionDuration", kMinSessionSeconds, kMaxSessionSeconds);
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  if (description) role.description = std::move(description);
  if (max_session) role.max_session_duration = *max_session;
  c.store.PutRole(role);
}

void DeleteRole(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  c.params.ThrowIfInvalid();
  const Role& role = ExistingRole(c.store, name);
  if (!role.attached_policies.empty()) throw DeleteConflict("Cannot delete entity, must detach all policies first.");
  if (!role.inline_policies.empty()) throw DeleteConflict("Cannot delete entity, must delete policies first.");
  c.store.DeleteRole(name);
}

void UpdateAssumeRolePolicy(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  std::string document = c.params.Required("PolicyDocument", rules::kPolicyDocument);
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  CheckTrustPolicy(document);
  role.assume_role_policy = std::move(document);
  c.store.PutRole(role);
}

bool SameTagKey(const std::string& a, const std::string& b) { return LowerName(a) == LowerName(b); }

void TagRole(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  if (!c.params.Find("Tags") && !c.params.Find("Tags.member.1.Key")) {
    c.params.Required("Tags", {});  // records "Value null at 'tags'"
  }
  std::vector<Tag> tags = c.params.Tags("Tags");
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  for (Tag& tag : tags) {
    auto same = std::find_if(role.tags.begin(), role.tags.end(), [&](const Tag& t) { return SameTagKey(t.key, tag.key); });
    if (same != role.tags.end()) {
      same->value = std::move(tag.value);
    } else {
      role.tags.push_back(std::move(tag));
    }
  }
  if (role.tags.size() > kMaxTags) {
    throw LimitExceeded("The number of tags has reached the maximum limit.");
  }
  c.store.PutRole(role);
}

void UntagRole(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  if (!c.params.Find("TagKeys") && !c.params.Find("TagKeys.member.1")) c.params.Required("TagKeys", {});
  const std::vector<std::string> keys = c.params.TagKeys("TagKeys");
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  std::erase_if(role.tags, [&](const Tag& tag) {
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) { return SameTagKey(key, tag.key); });
  });
  c.store.PutRole(role);
}

void ListRoleTags(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const Params::Page page = c.params.Paging();
  c.params.ThrowIfInvalid();
  const Role& role = ExistingRole(c.store, name);
  std::vector<std::string> keys;
  for (const Tag& tag : role.tags) keys.push_back(tag.key);
  const PageRange range = SelectPage(keys, page, /*sorted=*/false);
  WriteTags(c.result, "Tags",
            std::vector<Tag>(role.tags.begin() + static_cast<std::ptrdiff_t>(range.begin),
                             role.tags.begin() + static_cast<std::ptrdiff_t>(range.end)));
  WritePageEnd(c.result, range);
}

}  // namespace

const Role& ExistingRole(const IamStore& store, const std::string& name) {
  const Role* role = store.FindRole(name);
  if (!role) throw NoSuchRole(name);
  return *role;
}

std::vector<Action> RoleActions() {
  return {
      {"CreateRole", CreateRole},
      {"GetRole", GetRole},
      {"ListRoles", ListRoles},
      {"UpdateRole", UpdateRole},
      {"DeleteRole", DeleteRole, false},
      {"UpdateAssumeRolePolicy", UpdateAssumeRolePolicy, false},
      {"TagRole", TagRole, false},
      {"UntagRole", UntagRole, false},
      {"ListRoleTags", ListRoleTags},
  };
}

}  // namespace eddy::iam

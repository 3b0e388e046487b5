// A role's policies: managed policies attached by ARN (AttachRolePolicy,
// DetachRolePolicy, ListAttachedRolePolicies) and inline policies kept in
// the role (PutRolePolicy, GetRolePolicy, DeleteRolePolicy,
// ListRolePolicies).
#include <algorithm>

#include "core/arn.h"
#include "iam/actions.h"
#include "iam/errors.h"
#include "iam/form.h"
#include "iam/paging.h"
#include "iam/policy_arn.h"
#include "iam/policy_document.h"

namespace eddy::iam {
namespace {

// IAM's default quota of managed policies per role.
constexpr size_t kAttachedPoliciesQuota = 10;

ParsedPolicyArn ValidPolicyArn(const std::string& arn) {
  auto parsed = ParsePolicyArn(arn);
  if (!parsed) throw ValidationError("ARN " + arn + " is not valid.");
  return *parsed;
}

// The ARN as the role keeps it: a customer-managed policy's own spelling
// (names match regardless of case), an AWS-managed one as given.
std::string AttachableArn(const IamStore& store, const std::string& arn) {
  const ParsedPolicyArn parsed = ValidPolicyArn(arn);
  if (parsed.aws_managed()) return arn;
  const ManagedPolicy* policy = parsed.account == kAccountId ? store.FindPolicy(parsed.name) : nullptr;
  if (!policy || policy->path != parsed.path) {
    throw NoSuchEntity("Policy " + arn + " does not exist or is not attachable.");
  }
  return PolicyArn(*policy);
}

void AttachRolePolicy(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const std::string arn = c.params.Required("PolicyArn", rules::kArn);
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  const std::string stored = AttachableArn(c.store, arn);
  auto& attached = role.attached_policies;
  if (std::find(attached.begin(), attached.end(), stored) != attached.end()) return;  // already: IAM succeeds
  if (attached.size() >= kAttachedPoliciesQuota) {
    throw LimitExceeded("Cannot exceed quota for PoliciesPerRole: " + std::to_string(kAttachedPoliciesQuota));
  }
  attached.push_back(stored);
  c.store.PutRole(role);
}

void DetachRolePolicy(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const std::string arn = c.params.Required("PolicyArn", rules::kArn);
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  ValidPolicyArn(arn);
  auto& attached = role.attached_policies;
  auto it = std::find_if(attached.begin(), attached.end(),
                         [&](const std::string& a) { return LowerName(a) == LowerName(arn); });
  if (it == attached.end()) throw NoSuchEntity("Policy " + arn + " was not found.");
  attached.erase(it);
  c.store.PutRole(role);
}

void ListAttachedRolePolicies(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const std::string prefix = c.params.Optional("PathPrefix", rules::kPolicyPath).value_or("/");
  const Params::Page page = c.params.Paging();
  c.params.ThrowIfInvalid();
  const Role& role = ExistingRole(c.store, name);
  std::vector<ParsedPolicyArn> policies;
  std::vector<std::string> keys;
  for (const std::string& arn : role.attached_policies) {
    auto parsed = ParsePolicyArn(arn);
    if (!parsed || !parsed->path.starts_with(prefix)) continue;
    policies.push_back(std::move(*parsed));
    keys.push_back(arn);
  }
  const PageRange range = SelectPage(keys, page, /*sorted=*/false);
  c.result.Open("AttachedPolicies");
  for (size_t i = range.begin; i < range.end; ++i) {
    c.result.Open("member").Element("PolicyName", policies[i].name).Element("PolicyArn", keys[i]).Close("member");
  }
  c.result.Close("AttachedPolicies");
  WritePageEnd(c.result, range);
}

ApiError NoSuchRolePolicy(const std::string& policy_name) {
  return NoSuchEntity("The role policy with name " + policy_name + " cannot be found.");
}

void PutRolePolicy(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const std::string policy_name = c.params.Required("PolicyName", rules::kPolicyName);
  const std::string document = c.params.Required("PolicyDocument", rules::kPolicyDocument);
  c.params.ThrowIfInvalid();
  CheckPolicyDocument(document);
  Role role = ExistingRole(c.store, name);
  role.inline_policies[policy_name] = document;
  size_t total = 0;
  for (const auto& [unused, text] : role.inline_policies) total += PolicySize(text);
  if (total > kRoleInlinePoliciesQuota) {
    throw LimitExceeded("Maximum policy size of " + std::to_string(kRoleInlinePoliciesQuota) +
                        " bytes exceeded for role " + role.name);
  }
  c.store.PutRole(role);
}

void GetRolePolicy(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const std::string policy_name = c.params.Required("PolicyName", rules::kPolicyName);
  c.params.ThrowIfInvalid();
  const Role& role = ExistingRole(c.store, name);
  auto it = role.inline_policies.find(policy_name);
  if (it == role.inline_policies.end()) throw NoSuchRolePolicy(policy_name);
  c.result.Element("RoleName", role.name)
      .Element("PolicyName", it->first)
      .Element("PolicyDocument", PercentEncode(it->second));
}

void DeleteRolePolicy(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const std::string policy_name = c.params.Required("PolicyName", rules::kPolicyName);
  c.params.ThrowIfInvalid();
  Role role = ExistingRole(c.store, name);
  if (role.inline_policies.erase(policy_name) == 0) throw NoSuchRolePolicy(policy_name);
  c.store.PutRole(role);
}

void ListRolePolicies(ActionContext& c) {
  const std::string name = c.params.Required("RoleName", rules::kEntityName);
  const Params::Page page = c.params.Paging();
  c.params.ThrowIfInvalid();
  const Role& role = ExistingRole(c.store, name);
  std::vector<std::string> names;
  for (const auto& [policy_name, unused] : role.inline_policies) names.push_back(policy_name);
  const PageRange range = SelectPage(names, page, /*sorted=*/true);
  c.result.Open("PolicyNames");
  for (size_t i = range.begin; i < range.end; ++i) c.result.Element("member", names[i]);
  c.result.Close("PolicyNames");
  WritePageEnd(c.result, range);
}

}  // namespace

std::vector<Action> RolePolicyActions() {
  return {
      {"AttachRolePolicy", AttachRolePolicy, false},
      {"DetachRolePolicy", DetachRolePolicy, false},
      {"ListAttachedRolePolicies", ListAttachedRolePolicies},
      {"PutRolePolicy", PutRolePolicy, false},
      {"GetRolePolicy", GetRolePolicy},
      {"DeleteRolePolicy", DeleteRolePolicy, false},
      {"ListRolePolicies", ListRolePolicies},
  };
}

}  // namespace eddy::iam

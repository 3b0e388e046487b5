// Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
// GetPolicyVersion, ListPolicyVersions. Customer-managed policies have one
// version, v1; AWS-managed ones come from aws_managed_policies.
#include <algorithm>
#include <set>

#include "core/arn.h"
#include "iam/actions.h"
#include "iam/aws_managed_policies.h"
#include "iam/errors.h"
#include "iam/form.h"
#include "iam/ids.h"
#include "iam/paging.h"
#include "iam/policy_arn.h"
#include "iam/policy_document.h"
#include "iam/render.h"

namespace eddy::iam {
namespace {

PolicyView ViewOf(const IamStore& store, const ManagedPolicy& policy) {
  const std::string date = IsoDate(policy.create_millis);
  return {policy.name, policy.path, policy.id, PolicyArn(policy), policy.description, date, date,
          store.AttachmentCount(PolicyArn(policy)), policy.tags};
}

PolicyView ViewOf(const IamStore& store, const AwsManagedPolicy& policy) {
  const std::string arn = "arn:aws:iam::aws:policy" + policy.path + policy.name;
  std::optional<std::string> description;
  if (!policy.description.empty()) description = policy.description;
  return {policy.name, policy.path, policy.id, arn, description, policy.create_date, policy.create_date,
          store.AttachmentCount(arn), {}};
}

// A managed policy found by ARN: its view, and its v1 document (empty when
// eddy does not know an AWS-managed policy's document).
struct FoundPolicy {
  PolicyView view;
  std::string document;
};

FoundPolicy ExistingPolicy(const IamStore& store, const std::string& arn) {
  auto parsed = ParsePolicyArn(arn);
  if (!parsed) throw ValidationError("ARN " + arn + " is not valid.");
  if (parsed->aws_managed()) {
    const AwsManagedPolicy policy = DescribeAwsManagedPolicy(*parsed);
    return {ViewOf(store, policy), policy.document};
  }
  const ManagedPolicy* policy = parsed->account == kAccountId ? store.FindPolicy(parsed->name) : nullptr;
  if (!policy || policy->path != parsed->path) throw NoSuchEntity("Policy " + arn + " was not found.");
  return {ViewOf(store, *policy), policy->document};
}

void CreatePolicy(ActionContext& c) {
  ManagedPolicy policy;
  policy.name = c.params.Required("PolicyName", rules::kPolicyName);
  policy.path = c.params.Optional("Path", rules::kPolicyPath).value_or("/");
  policy.document = c.params.Required("PolicyDocument", rules::kPolicyDocument);
  policy.description = c.params.Optional("Description", rules::kPolicyDescription);
  policy.tags = c.params.Tags("Tags");
  c.params.ThrowIfInvalid();
  CheckPolicyDocument(policy.document);
  if (PolicySize(policy.document) > kManagedPolicyQuota) {
    throw LimitExceeded("Cannot exceed quota for PolicySize: " + std::to_string(kManagedPolicyQuota));
  }
  if (const ManagedPolicy* existing = c.store.FindPolicy(policy.name)) {
    throw EntityAlreadyExists("A policy called " + existing->name + " already exists. Duplicate names are not allowed.");
  }
  policy.id = RandomId("ANPA", 17);
  policy.create_millis = c.now_millis;
  c.store.PutPolicy(policy);
  c.result.Open("Policy");
  WritePolicyMembers(c.result, ViewOf(c.store, policy), PolicyDetail::kFull);
  c.result.Close("Policy");
}

void GetPolicy(ActionContext& c) {
  const std::string arn = c.params.Required("PolicyArn", rules::kArn);
  c.params.ThrowIfInvalid();
  c.result.Open("Policy");
  WritePolicyMembers(c.result, ExistingPolicy(c.store, arn).view, PolicyDetail::kFull);
  c.result.Close("Policy");
}

void DeletePolicy(ActionContext& c) {
  const std::string arn = c.params.Required("PolicyArn", rules::kArn);
  c.params.ThrowIfInvalid();
  const PolicyView policy = ExistingPolicy(c.store, arn).view;
  if (ParsePolicyArn(arn)->aws_managed()) throw InvalidInput("AWS managed policy " + arn + " cannot be deleted.");
  if (policy.attachment_count > 0) throw DeleteConflict("Cannot delete a policy attached to entities.");
  c.store.DeletePolicy(policy.name);
}

// Every policy ListPolicies may show, AWS-managed first for `scope` "All":
// the AWS-managed policies eddy knows plus any other attached to a role.
std::vector<PolicyView> ListedPolicies(const IamStore& store, const std::string& scope) {
  std::vector<PolicyView> views;
  if (scope != "Local") {
    std::set<std::string> arns;
    for (const AwsManagedPolicy& policy : KnownAwsManagedPolicies()) {
      views.push_back(ViewOf(store, policy));
      arns.insert(views.back().arn);
    }
    for (const Role* role : store.RolesFrom("")) {
      for (const std::string& arn : role->attached_policies) {
        auto parsed = ParsePolicyArn(arn);
        if (parsed && parsed->aws_managed() && arns.insert(arn).second) {
          views.push_back(ViewOf(store, DescribeAwsManagedPolicy(*parsed)));
        }
      }
    }
  }
  if (scope != "AWS") {
    for (const ManagedPolicy* policy : store.Policies()) views.push_back(ViewOf(store, *policy));
  }
  return views;
}

// Sorted by name regardless of case; the ARN breaks ties (a local policy
// may share an AWS-managed policy's name).
std::string SortKey(const PolicyView& policy) { return LowerName(policy.name) + '\n' + policy.arn; }

void ListPolicies(ActionContext& c) {
  const std::string scope = c.params.OptionalEnum("Scope", {"All", "AWS", "Local"}).value_or("All");
  const bool only_attached = c.params.OptionalBool("OnlyAttached").value_or(false);
  const std::string prefix = c.params.Optional("PathPrefix", rules::kPolicyPath).value_or("/");
  c.params.OptionalEnum("PolicyUsageFilter", {"PermissionsPolicy", "PermissionsBoundary"});
  const Params::Page page = c.params.Paging();
  c.params.ThrowIfInvalid();
  std::vector<PolicyView> views;
  for (PolicyView& view : ListedPolicies(c.store, scope)) {
    if ((only_attached && view.attachment_count == 0) || !view.path.starts_with(prefix)) continue;
    views.push_back(std::move(view));
  }
  std::sort(views.begin(), views.end(), [](const PolicyView& a, const PolicyView& b) { return SortKey(a) < SortKey(b); });
  std::vector<std::string> keys;
  for (const PolicyView& view : views) keys.push_back(SortKey(view));
  const PageRange range = SelectPage(keys, page, /*sorted=*/true);
  c.result.Open("Policies");
  for (size_t i = range.begin; i < range.end; ++i) {
    c.result.Open("member");
    WritePolicyMembers(c.result, views[i], PolicyDetail::kListed);
    c.result.Close("member");
  }
  c.result.Close("Policies");
  WritePageEnd(c.result, range);
}

void GetPolicyVersion(ActionContext& c) {
  const std::string arn = c.params.Required("PolicyArn", rules::kArn);
  const std::string version = c.params.Required("VersionId", rules::kVersionId);
  c.params.ThrowIfInvalid();
  const FoundPolicy policy = ExistingPolicy(c.store, arn);
  if (version != "v1" || policy.document.empty()) {
    throw NoSuchEntity("Policy " + arn + " version " + version + " does not exist or is not attachable.");
  }
  c.result.Open("PolicyVersion")
      .Element("Document", PercentEncode(policy.document))
      .Element("VersionId", "v1")
      .Bool("IsDefaultVersion", true)
      .Element("CreateDate", policy.view.create_date)
      .Close("PolicyVersion");
}

void ListPolicyVersions(ActionContext& c) {
  const std::string arn = c.params.Required("PolicyArn", rules::kArn);
  c.params.Paging();
  c.params.ThrowIfInvalid();
  const FoundPolicy policy = ExistingPolicy(c.store, arn);
  c.result.Open("Versions")
      .Open("member")
      .Element("VersionId", "v1")
      .Bool("IsDefaultVersion", true)
      .Element("CreateDate", policy.view.create_date)
      .Close("member")
      .Close("Versions")
      .Bool("IsTruncated", false);
}

}  // namespace

std::vector<Action> PolicyActions() {
  return {
      {"CreatePolicy", CreatePolicy},
      {"GetPolicy", GetPolicy},
      {"DeletePolicy", DeletePolicy, false},
      {"ListPolicies", ListPolicies},
      {"GetPolicyVersion", GetPolicyVersion},
      {"ListPolicyVersions", ListPolicyVersions},
  };
}

}  // namespace eddy::iam

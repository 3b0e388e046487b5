// STS: GetCallerIdentity (always the account's root: eddy does not verify
// signatures, so it cannot tell callers apart) and AssumeRole (temporary
// credentials for a stored role; nothing checks its trust policy).
#include "core/arn.h"
#include "iam/actions.h"
#include "iam/errors.h"
#include "iam/ids.h"
#include "iam/render.h"

namespace eddy::iam {
namespace {

constexpr int64_t kMinDurationSeconds = 900;
constexpr int64_t kMaxDurationSeconds = 43200;
constexpr std::string_view kSecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string RootArn() { return "arn:aws:iam::" + std::string(kAccountId) + ":root"; }

void GetCallerIdentity(ActionContext& c) {
  c.params.ThrowIfInvalid();
  c.result.Element("UserId", kAccountId).Element("Account", kAccountId).Element("Arn", RootArn());
}

// The role an ARN arn:aws:iam::<account>:role<path><name> names, or
// AccessDenied, which is how STS answers for a role that does not exist.
const Role& AssumableRole(const IamStore& store, const std::string& arn) {
  const ApiError denied =
      AccessDenied("User: " + RootArn() + " is not authorized to perform: sts:AssumeRole on resource: " + arn);
  const std::string prefix = "arn:aws:iam::" + std::string(kAccountId) + ":role/";
  if (!arn.starts_with(prefix)) throw denied;
  const Role* role = store.FindRole(arn.substr(arn.rfind('/') + 1));
  if (!role || RoleArn(*role) != arn) throw denied;
  return *role;
}

void AssumeRole(ActionContext& c) {
  const std::string arn = c.params.Required("RoleArn", rules::kArn);
  const std::string session = c.params.Required("RoleSessionName", rules::kRoleSessionName);
  const int64_t duration =
      c.params.OptionalInt("DurationSeconds", kMinDurationSeconds, kMaxDurationSeconds).value_or(3600);
  c.params.ThrowIfInvalid();
  const Role& role = AssumableRole(c.store, arn);
  if (duration > role.max_session_duration) {
    throw ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  c.result.Open("Credentials")
      .Element("AccessKeyId", RandomId("ASIA", 16))
      .Element("SecretAccessKey", RandomId("", 40, kSecretAlphabet))
      .Element("SessionToken", RandomId("IQoJb3JpZ2luX2VjE", 300, kSecretAlphabet))
      .Element("Expiration", IsoDate(c.now_millis + duration * 1000))
      .Close("Credentials");
  c.result.Open("AssumedRoleUser")
      .Element("AssumedRoleId", role.id + ":" + session)
      .Element("Arn", "arn:aws:sts::" + std::string(kAccountId) + ":assumed-role/" + role.name + "/" + session)
      .Close("AssumedRoleUser");
}

}  // namespace

std::vector<Action> StsActions() {
  return {
      {"GetCallerIdentity", GetCallerIdentity},
      {"AssumeRole", AssumeRole},
  };
}

}  // namespace eddy::iam

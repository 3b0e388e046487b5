#include "iam/iam_store.h"

#include <algorithm>
#include <iostream>

#include "engine/engine.h"

namespace eddy::iam {
namespace {

constexpr std::string_view kRolePrefix = "iam/role/";
constexpr std::string_view kPolicyPrefix = "iam/policy/";

std::string Key(std::string_view prefix, std::string_view name) { return std::string(prefix) + LowerName(name); }

}  // namespace

std::string LowerName(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

IamStore::IamStore(Engine& engine) : engine_(engine) {
  Load(kRolePrefix, RoleFromJson, &roles_);
  Load(kPolicyPrefix, PolicyFromJson, &policies_);
}

template <typename Entity>
void IamStore::Load(std::string_view prefix, std::optional<Entity> (*parse)(std::string_view),
                    std::map<std::string, Entity, std::less<>>* entities) {
  // A value that does not parse is skipped with a note rather than failing
  // the start: the rest of the data stays usable.
  for (auto& [key, value] : engine_.ListState(prefix)) {
    if (auto entity = parse(value)) {
      entities->emplace(LowerName(entity->name), std::move(*entity));
    } else {
      std::cerr << "eddy: skipping an unreadable IAM record (" << prefix << key << ")\n";
    }
  }
}

const Role* IamStore::FindRole(std::string_view name) const {
  auto it = roles_.find(LowerName(name));
  return it == roles_.end() ? nullptr : &it->second;
}

void IamStore::PutRole(const Role& role) {
  engine_.PutState(Key(kRolePrefix, role.name), RoleToJson(role));
  roles_.insert_or_assign(LowerName(role.name), role);
}

void IamStore::DeleteRole(std::string_view name) {
  engine_.DeleteState(Key(kRolePrefix, name));
  roles_.erase(LowerName(name));
}

std::vector<const Role*> IamStore::RolesFrom(std::string_view from) const {
  std::vector<const Role*> roles;
  for (auto it = roles_.lower_bound(from); it != roles_.end(); ++it) roles.push_back(&it->second);
  return roles;
}

const ManagedPolicy* IamStore::FindPolicy(std::string_view name) const {
  auto it = policies_.find(LowerName(name));
  return it == policies_.end() ? nullptr : &it->second;
}

void IamStore::PutPolicy(const ManagedPolicy& policy) {
  engine_.PutState(Key(kPolicyPrefix, policy.name), PolicyToJson(policy));
  policies_.insert_or_assign(LowerName(policy.name), policy);
}

void IamStore::DeletePolicy(std::string_view name) {
  engine_.DeleteState(Key(kPolicyPrefix, name));
  policies_.erase(LowerName(name));
}

std::vector<const ManagedPolicy*> IamStore::Policies() const {
  std::vector<const ManagedPolicy*> policies;
  for (const auto& [key, policy] : policies_) policies.push_back(&policy);
  return policies;
}

int IamStore::AttachmentCount(std::string_view arn) const {
  int count = 0;
  for (const auto& [key, role] : roles_) {
    count += static_cast<int>(std::count(role.attached_policies.begin(), role.attached_policies.end(), arn));
  }
  return count;
}

}  // namespace eddy::iam

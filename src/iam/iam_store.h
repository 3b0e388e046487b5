// IamStore: the roles and customer-managed policies, in memory and
// persisted through the engine's small durable values (Engine::PutState)
// under iam/role/<name> and iam/policy/<name>, names lowercased: IAM names
// are unique regardless of case ("Role1" and "role1" cannot both exist),
// and found regardless of case. Loaded once at construction.
//
// Not thread-safe: QueryApi calls it under its one mutex.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iam/model.h"

namespace eddy {
class Engine;
}

namespace eddy::iam {

class IamStore {
 public:
  explicit IamStore(Engine& engine);

  // By name, ignoring case; null when absent.
  const Role* FindRole(std::string_view name) const;
  // Inserts or replaces (by name, ignoring case), durably.
  void PutRole(const Role& role);
  void DeleteRole(std::string_view name);
  // In order of lowercased name, from the first whose lowercased name is
  // >= `from`.
  std::vector<const Role*> RolesFrom(std::string_view from) const;

  const ManagedPolicy* FindPolicy(std::string_view name) const;
  void PutPolicy(const ManagedPolicy& policy);
  void DeletePolicy(std::string_view name);
  std::vector<const ManagedPolicy*> Policies() const;

  // How many roles have the policy `arn` attached.
  int AttachmentCount(std::string_view arn) const;

 private:
  template <typename Entity>
  void Load(std::string_view prefix, std::optional<Entity> (*parse)(std::string_view),
            std::map<std::string, Entity, std::less<>>* entities);

  Engine& engine_;
  std::map<std::string, Role, std::less<>> roles_;               // by lowercased name
  std::map<std::string, ManagedPolicy, std::less<>> policies_;   // by lowercased name
};

// ASCII lowercase: the key IAM's case-insensitive names are compared by.
std::string LowerName(std::string_view name);

}  // namespace eddy::iam

// The served operations, one function each, in tables by group. An
// operation reads its parameters (Params), calls ThrowIfInvalid, acts on
// the store and writes its Result element's members; it throws ApiError
// for what the service answers with an error.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "iam/iam_store.h"
#include "iam/params.h"
#include "iam/xml.h"

namespace eddy::iam {

struct ActionContext {
  Params& params;
  IamStore& store;
  XmlWriter& result;
  int64_t now_millis = 0;
};

struct Action {
  std::string_view name;            // the form's Action, e.g. "CreateRole"
  void (*run)(ActionContext&) = nullptr;
  bool has_result = true;           // false: no <ActionResult> element (DeleteRole, ...)
};

std::vector<Action> RoleActions();         // role_actions.cc
std::vector<Action> RolePolicyActions();   // role_policy_actions.cc: attached and inline policies
std::vector<Action> PolicyActions();       // policy_actions.cc: customer- and AWS-managed policies
std::vector<Action> StsActions();          // sts_actions.cc

// The role named by the RoleName parameter (already read), or NoSuchEntity.
const Role& ExistingRole(const IamStore& store, const std::string& name);

}  // namespace eddy::iam

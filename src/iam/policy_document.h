// Policy documents are stored, not evaluated: eddy checks only what IAM
// checks first, that the text is a JSON object, and IAM's size quotas,
// which count characters other than whitespace.
#pragma once

#include <cstddef>
#include <string_view>

namespace eddy::iam {

// Throws MalformedPolicyDocument ("This policy contains invalid Json")
// unless `document` is a JSON object.
void CheckPolicyDocument(std::string_view document);

// The size IAM's quotas measure: characters other than whitespace.
size_t PolicySize(std::string_view document);

// IAM's quotas on policy sizes.
inline constexpr size_t kTrustPolicyQuota = 2048;         // ACLSizePerRole
inline constexpr size_t kRoleInlinePoliciesQuota = 10240;  // all of a role's inline policies together
inline constexpr size_t kManagedPolicyQuota = 6144;       // PolicySize

}  // namespace eddy::iam

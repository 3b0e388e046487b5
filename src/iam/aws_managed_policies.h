// AWS-managed policies (arn:aws:iam::aws:policy/...): they exist in every
// account without being created. eddy knows a few that Lambda and DynamoDB
// tutorials attach, with their real ids, descriptions and documents; any
// other well-formed AWS-managed ARN is accepted as existing too (there are
// over a thousand, and eddy enforces none of them), described from its ARN
// alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "iam/policy_arn.h"

namespace eddy::iam {

struct AwsManagedPolicy {
  std::string name;
  std::string path;
  std::string id;           // ANPA...
  std::string description;  // empty when unknown
  std::string create_date;  // ISO 8601
  std::string document;     // the default version's JSON; empty when unknown
};

// The policy an AWS-managed ARN names (`arn.aws_managed()` must be true).
AwsManagedPolicy DescribeAwsManagedPolicy(const ParsedPolicyArn& arn);

// The ones eddy knows, for ListPolicies with Scope AWS or All.
std::vector<AwsManagedPolicy> KnownAwsManagedPolicies();

}  // namespace eddy::iam

// Managed policy ARNs: arn:aws:iam::<account>:policy<path><name>, where the
// account is eddy's (000000000000: customer-managed policies created here)
// or "aws" (AWS-managed policies, which exist without being created).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eddy::iam {

struct ParsedPolicyArn {
  std::string account;  // "000000000000", "aws", or another account
  std::string path;     // "/" or "/service-role/"
  std::string name;
  bool aws_managed() const { return account == "aws"; }
};

// Nullopt unless `arn` has that shape (IAM answers "ARN x is not valid.").
std::optional<ParsedPolicyArn> ParsePolicyArn(std::string_view arn);

}  // namespace eddy::iam

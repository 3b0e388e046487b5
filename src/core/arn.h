// The account and ARN shapes eddy reports: one fixed account id, as
// DynamoDB Local uses.
#pragma once

#include <string>
#include <string_view>

namespace eddy {

inline constexpr std::string_view kAccountId = "000000000000";

// arn:aws:dynamodb:<region>:000000000000:table/<name>
inline std::string TableArn(std::string_view region, std::string_view table_name) {
  std::string arn = "arn:aws:dynamodb:";
  arn.append(region).append(":").append(kAccountId).append(":table/").append(table_name);
  return arn;
}

}  // namespace eddy

// The region eddy names in ARNs and health text when none is configured and
// a request's credentials name none: the AWS CLI's and SDKs' usual default.
#pragma once

#include <string_view>

namespace eddy {

inline constexpr std::string_view kDefaultRegion = "us-east-1";

}  // namespace eddy

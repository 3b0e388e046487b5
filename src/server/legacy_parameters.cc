#include "server/legacy_parameters.h"

#include <string>
#include <string_view>

#include "core/api_error.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

constexpr std::string_view kLegacy[] = {"AttributesToGet", "AttributeUpdates", "ConditionalOperator",
                                        "Expected",        "KeyConditions",    "QueryFilter",
                                        "ScanFilter"};
constexpr std::string_view kExpressions[] = {"ConditionExpression", "FilterExpression",
                                             "KeyConditionExpression", "ProjectionExpression",
                                             "UpdateExpression"};

// "{A, B}" of the members of `names` present in the request.
template <size_t N>
std::string PresentSet(const JsonValue& request, const std::string_view (&names)[N]) {
  std::string set;
  for (std::string_view name : names) {
    if (!Member(request, name)) continue;
    set += set.empty() ? "{" : ", ";
    set += name;
  }
  return set.empty() ? set : set + "}";
}

}  // namespace

void CheckLegacyParameters(const JsonValue& request) {
  const std::string legacy = PresentSet(request, kLegacy);
  if (legacy.empty()) return;
  const std::string expressions = PresentSet(request, kExpressions);
  if (!expressions.empty()) {
    throw ApiError::Validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: " + legacy + " Expression parameters: " + expressions);
  }
  throw ApiError::Validation("eddy does not support the legacy parameters " + legacy +
                             " yet; use expressions instead");
}

}  // namespace eddy

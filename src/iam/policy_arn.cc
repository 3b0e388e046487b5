#include "iam/policy_arn.h"

namespace eddy::iam {

std::optional<ParsedPolicyArn> ParsePolicyArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:iam::";
  constexpr std::string_view kResource = ":policy/";
  if (!arn.starts_with(kPrefix)) return std::nullopt;
  arn.remove_prefix(kPrefix.size());
  const size_t resource = arn.find(kResource);
  if (resource == std::string_view::npos || resource == 0) return std::nullopt;
  ParsedPolicyArn parsed;
  parsed.account = std::string(arn.substr(0, resource));
  const std::string_view path_and_name = arn.substr(resource + kResource.size() - 1);  // from the '/'
  const size_t last_slash = path_and_name.rfind('/');
  parsed.path = std::string(path_and_name.substr(0, last_slash + 1));
  parsed.name = std::string(path_and_name.substr(last_slash + 1));
  if (parsed.name.empty() || parsed.account.find(':') != std::string::npos) return std::nullopt;
  return parsed;
}

}  // namespace eddy::iam

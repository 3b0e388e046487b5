#include "streams/stream_arn.h"

#include <vector>

#include "core/table_name.h"

namespace eddy::streams {
namespace {

// Splits on the first `count - 1` separators; the last part keeps the rest.
std::vector<std::string_view> SplitN(std::string_view text, char separator, size_t count) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < count) {
    const size_t at = text.find(separator);
    if (at == std::string_view::npos) break;
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

}  // namespace

std::optional<StreamArnParts> ParseStreamArn(std::string_view arn) {
  // arn : partition : dynamodb : region : account : resource
  const std::vector<std::string_view> fields = SplitN(arn, ':', 6);
  if (fields.size() != 6 || fields[0] != "arn" || fields[1].empty() || fields[2] != "dynamodb" ||
      fields[3].empty() || fields[4].empty()) {
    return std::nullopt;
  }
  // table / <name> / stream / <label>
  const std::vector<std::string_view> resource = SplitN(fields[5], '/', 4);
  if (resource.size() != 4 || resource[0] != "table" || !IsTableName(resource[1]) ||
      resource[2] != "stream" || resource[3].empty() ||
      resource[3].find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  return StreamArnParts{std::string(fields[3]), std::string(fields[4]), std::string(resource[1]),
                        std::string(resource[3])};
}

std::string StreamArnOf(std::string_view table_arn, std::string_view label) {
  std::string arn(table_arn);
  arn.append("/stream/").append(label);
  return arn;
}

}  // namespace eddy::streams

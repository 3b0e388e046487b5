#include "server/api_router.h"

#include "core/json.h"

namespace eddy {
namespace {

bool IsFormEncoded(std::string_view content_type) {
  return content_type.substr(0, content_type.find(';')) == "application/x-www-form-urlencoded";
}

ApiResponse Message(int status, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  ApiResponse response;
  response.status = status;
  response.body.assign(buffer.GetString(), buffer.GetSize());
  response.content_type = "application/json";
  return response;
}

constexpr std::string_view kWhatEddyServes =
    "eddy serves the DynamoDB, DynamoDB Streams and CloudWatch Logs JSON APIs (POST with an X-Amz-Target "
    "header), the Lambda REST API, the IAM and STS Query APIs, and its admin API under /_eddy/, not this path "
    "and method";

}  // namespace

ApiRouter::ApiRouter(ApiFunction json_apis, const std::string& region)
    : json_apis_(std::move(json_apis)), health_text_("healthy: dynamodb." + region + ".amazonaws.com") {}

void ApiRouter::AddPathPrefix(std::string prefix, ApiFunction api) {
  path_apis_.emplace_back(std::move(prefix), std::move(api));
}

ApiResponse ApiRouter::Route(const ApiRequest& request) const {
  const bool post = request.method == "POST";
  if (post && !request.target.empty()) return json_apis_(request);
  for (const auto& [prefix, api] : path_apis_) {
    if (request.path.starts_with(prefix)) return api(request);
  }
  if (post && IsFormEncoded(request.content_type)) {
    if (query_api_) return query_api_(request);
    return Message(400, "eddy does not serve this AWS Query protocol (form-encoded Action=...) API; " +
                            std::string(kWhatEddyServes));
  }
  if (post) return json_apis_(request);
  if (request.method == "GET" && request.path == "/") {
    ApiResponse response;
    response.body = health_text_;
    response.content_type = "text/plain";
    return response;
  }
  return Message(request.method == "GET" ? 404 : 405, kWhatEddyServes);
}

}  // namespace eddy

#include "lambda/lambda_api.h"

#include "lambda/async_invoker.h"
#include "lambda/handlers.h"
#include "lambda/lambda_request.h"

namespace eddy::lambda {
namespace {

using Handler = ApiResponse (*)(const Call&);

// Members of Lambda's exceptions are "Message" for a few and "message" for
// the rest (botocore's model), and clients read either.
bool CapitalMessage(std::string_view type) {
  return type == "ResourceNotFoundException" || type == "ResourceInUseException" ||
         type == "InvalidZipFileException" || type == "ServiceException";
}

ApiResponse ErrorResponse(const ApiError& error) {
  const bool service = error.http_status() >= 500;
  ApiResponse response = JsonResponse(error.http_status(), [&](JsonWriter& w) {
    w.StartObject();
    w.Key("Type");
    w.String(service ? "Service" : "User");
    w.Key(CapitalMessage(error.type()) ? "Message" : "message");
    w.String(error.message());
    w.EndObject();
  });
  response.headers.emplace_back("x-amzn-ErrorType", error.type());
  return response;
}

// The handler for a method and the path after its version segment.
Handler Find(std::string_view method, const std::vector<std::string>& path) {
  const size_t n = path.size();
  if (n == 0) return nullptr;
  const std::string& resource = path[0];
  if (resource == "functions") {
    if (n == 1) return method == "GET" ? ListFunctions : method == "POST" ? CreateFunction : nullptr;
    if (n == 2) return method == "GET" ? GetFunction : method == "DELETE" ? DeleteFunction : nullptr;
    const std::string& sub = path[2];
    if (n == 3 && sub == "configuration") {
      return method == "GET" ? GetFunctionConfiguration : method == "PUT" ? UpdateFunctionConfiguration : nullptr;
    }
    if (n == 3 && sub == "code" && method == "PUT") return UpdateFunctionCode;
    if (n == 3 && sub == "invocations" && method == "POST") return Invoke;
    if (n == 3 && sub == "policy") return method == "POST" ? AddPermission : method == "GET" ? GetPolicy : nullptr;
    if (n == 4 && sub == "policy" && method == "DELETE") return RemovePermission;
    return nullptr;
  }
  if (resource == "event-source-mappings") {
    if (n == 1) return method == "GET" ? ListEventSourceMappings : method == "POST" ? CreateEventSourceMapping : nullptr;
    if (n == 2) {
      if (method == "GET") return GetEventSourceMapping;
      if (method == "PUT") return UpdateEventSourceMapping;
      if (method == "DELETE") return DeleteEventSourceMapping;
    }
    return nullptr;
  }
  if (resource == "account-settings" && n == 1 && method == "GET") return GetAccountSettings;
  if (resource == "tags" && n >= 2) {
    if (method == "GET") return ListTags;
    if (method == "POST") return TagResource;
    if (method == "DELETE") return UntagResource;
  }
  return nullptr;
}

}  // namespace

ApiResponse JsonResponse(int status, const std::function<void(JsonWriter&)>& write) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  write(w);
  ApiResponse response;
  response.status = status;
  response.body.assign(buffer.GetString(), buffer.GetSize());
  response.content_type = "application/json";
  return response;
}

ApiResponse EmptyResponse(int status) {
  ApiResponse response;
  response.status = status;
  response.content_type = "application/json";
  return response;
}

LambdaApi::LambdaApi(registry::Registry& registry, std::string region, std::string on_failure_directory)
    : registry_(registry),
      region_(std::move(region)),
      on_failure_directory_(std::move(on_failure_directory)),
      async_(std::make_unique<AsyncInvoker>()) {}

LambdaApi::~LambdaApi() = default;

std::vector<std::string> LambdaApi::PathPrefixes() {
  return {"/2015-03-31/", "/2016-08-19/", "/2017-03-31/"};
}

bool LambdaApi::RunsLong(std::string_view method, std::string_view path) {
  if (!path.starts_with("/2015-03-31/functions")) return false;
  while (path.ends_with('/')) path.remove_suffix(1);
  // Invoke runs the function; CreateFunction and UpdateFunctionCode unzip
  // up to 250 MB.
  return (method == "POST" && (path.ends_with("/invocations") || path == "/2015-03-31/functions")) ||
         (method == "PUT" && path.ends_with("/code"));
}

ApiResponse LambdaApi::Handle(const ApiRequest& request) {
  try {
    // Every SDK and the CLI sign their calls. Without a signature the
    // request may come from a web page (a "simple" cross-origin POST needs
    // no preflight), and CreateFunction plus Invoke would run its code.
    if (!request.has_authorization) {
      throw ApiError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    }
    std::vector<std::string> segments = PathSegments(request.path);
    if (!segments.empty()) segments.erase(segments.begin());  // the API version
    Handler handler = Find(request.method, segments);
    if (!handler) {
      return ErrorResponse(ApiError("UnknownOperationException",
                                    "eddy does not serve this Lambda operation: " + std::string(request.method) +
                                        " " + std::string(request.path),
                                    404));
    }
    Call call{registry_, region_, on_failure_directory_, *async_, request, segments};
    return handler(call);
  } catch (const ApiError& error) {
    return ErrorResponse(error);
  } catch (const std::exception& e) {
    return ErrorResponse(ApiError("ServiceException", e.what(), 500));
  }
}

}  // namespace eddy::lambda

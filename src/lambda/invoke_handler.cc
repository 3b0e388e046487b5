// Invoke: RequestResponse runs the function and answers its result;
// Event queues it and answers 202; DryRun only checks the function (204).
// A function's own error is not an HTTP error: 200 with
// X-Amz-Function-Error: Unhandled and the error object as the payload.
#include <rapidjson/error/en.h>

#include "core/base64.h"
#include "lambda/async_invoker.h"
#include "lambda/handlers.h"
#include "lambda/lambda_request.h"

namespace eddy::lambda {
namespace {

constexpr size_t kMaxSyncPayload = 6 * 1024 * 1024;  // 6 MB each way
constexpr size_t kMaxAsyncPayload = 256 * 1024;      // Event invocations: 256 KB
constexpr size_t kTailBytes = 4096;                  // --log-type Tail: the last 4 KB

// The payload must be JSON (Lambda's runtimes parse it); an empty one is
// the JSON null the SDKs' default sends nothing for.
void CheckPayload(std::string_view payload) {
  if (payload.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
  JsonDocument doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(payload.data(), payload.size());
  if (doc.HasParseError()) {
    throw ApiError("InvalidRequestContentException",
                   "Could not parse request body into json: Could not parse payload into json: " +
                       std::string(rapidjson::GetParseError_En(doc.GetParseError())),
                   400);
  }
}

}  // namespace

ApiResponse Invoke(const Call& call) {
  const std::string name = FunctionNameOf(call.path.at(1), call.region);
  if (auto qualifier = QueryParameter(call.request.query, "Qualifier"); qualifier && *qualifier != "$LATEST") {
    FunctionNameOf(name + ":" + *qualifier, call.region);  // throws: no such version
  }
  std::string type(call.request.Header("X-Amz-Invocation-Type"));
  if (type.empty()) type = "RequestResponse";
  if (type != "RequestResponse" && type != "Event" && type != "DryRun") {
    throw ValidationError(type, "invocationType", "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
  }
  const std::string_view log_type = call.request.Header("X-Amz-Log-Type");
  if (!log_type.empty() && log_type != "None" && log_type != "Tail") {
    throw ValidationError(log_type, "logType", "Member must satisfy enum value set: [None, Tail]");
  }
  std::shared_ptr<functions::FunctionRunner> runner = call.registry.Runner(name);
  if (!runner) {
    throw ApiError("ResourceNotFoundException", "Function not found: " + call.registry.FunctionArn(name), 404);
  }
  const std::string_view payload = call.request.body;
  const size_t limit = type == "Event" ? kMaxAsyncPayload : kMaxSyncPayload;
  if (payload.size() > limit) {
    throw ApiError("RequestTooLargeException",
                   "Request must be smaller than " + std::to_string(limit) + " bytes for the InvokeFunction operation",
                   413);
  }
  CheckPayload(payload);
  const std::string event = payload.find_first_not_of(" \t\r\n") == std::string_view::npos ? "{}" : std::string(payload);
  if (type == "DryRun") return EmptyResponse(204);
  if (type == "Event") {
    // Queued invocations that had not started when eddy stops never do.
    call.async.Run([runner, event, &registry = call.registry] {
      if (!registry.stopping()) runner->Invoke(event);
    });
    ApiResponse accepted = EmptyResponse(202);
    accepted.headers.emplace_back("X-Amz-Executed-Version", "$LATEST");
    return accepted;
  }
  functions::InvokeResult result = runner->Invoke(event);
  ApiResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = std::move(result.payload);
  response.headers.emplace_back("X-Amz-Executed-Version", "$LATEST");
  if (!result.ok()) response.headers.emplace_back("X-Amz-Function-Error", "Unhandled");
  if (log_type == "Tail") {
    std::string_view log = result.log;
    if (log.size() > kTailBytes) log.remove_prefix(log.size() - kTailBytes);
    response.headers.emplace_back("X-Amz-Log-Result", Base64Encode(log));
  }
  return response;
}

}  // namespace eddy::lambda

// The Lambda API's handlers (lambda_api.h routes to them), grouped by
// resource: function_handlers.cc, mapping_handlers.cc, invoke_handler.cc.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/api_message.h"
#include "core/json.h"
#include "registry/registry.h"

namespace eddy::lambda {

class AsyncInvoker;

struct Call {
  registry::Registry& registry;
  const std::string& region;
  const std::string& on_failure_directory;
  AsyncInvoker& async;
  const ApiRequest& request;
  // The path's decoded segments after the version: {"functions", "f", "code"}.
  const std::vector<std::string>& path;
};

// A JSON response written by `write`.
ApiResponse JsonResponse(int status, const std::function<void(JsonWriter&)>& write);
ApiResponse EmptyResponse(int status);

// function_handlers.cc
ApiResponse CreateFunction(const Call& call);
ApiResponse GetFunction(const Call& call);
ApiResponse GetFunctionConfiguration(const Call& call);
ApiResponse ListFunctions(const Call& call);
ApiResponse UpdateFunctionCode(const Call& call);
ApiResponse UpdateFunctionConfiguration(const Call& call);
ApiResponse DeleteFunction(const Call& call);
ApiResponse AddPermission(const Call& call);
ApiResponse GetPolicy(const Call& call);
ApiResponse RemovePermission(const Call& call);
ApiResponse GetAccountSettings(const Call& call);
ApiResponse ListTags(const Call& call);
ApiResponse TagResource(const Call& call);
ApiResponse UntagResource(const Call& call);

// mapping_handlers.cc
ApiResponse CreateEventSourceMapping(const Call& call);
ApiResponse GetEventSourceMapping(const Call& call);
ApiResponse ListEventSourceMappings(const Call& call);
ApiResponse UpdateEventSourceMapping(const Call& call);
ApiResponse DeleteEventSourceMapping(const Call& call);

// invoke_handler.cc
ApiResponse Invoke(const Call& call);

}  // namespace eddy::lambda

// Dispatcher: routes a request by X-Amz-Target to its handler, and is the one
// place where errors become DynamoDB's wire form: ApiError -> its status,
// __type and message; anything else -> 500 InternalServerError.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/engine.h"
#include "ops/client_tokens.h"
#include "core/api_message.h"
#include "server/handler_context.h"
#include "shapes/shape.h"

namespace eddy {

struct DispatcherOptions {
  // Region for ARNs; empty = the region of the request's SigV4 credential
  // scope (us-east-1 when there is none).
  std::string default_region;
  // The CloudWatch Logs API (Logs_20140328.*) is served when set.
  logs::LogStore* logs = nullptr;
  // Transaction conflicts armed through the admin API; null: never.
  ConflictInjector* conflicts = nullptr;
};

class Dispatcher {
 public:
  Dispatcher(Engine& engine, DispatcherOptions options);
  ApiResponse Dispatch(const ApiRequest& request) const;

 private:
  std::string_view RegionOf(const ApiRequest& request) const;
  ApiResponse DispatchJson(const ApiRequest& request) const;

  Engine& engine_;
  DispatcherOptions options_;
  mutable ClientTokens tokens_;
  struct Route {
    HandlerFunction handler;
    // The operation's request shape, validated before the handler runs;
    // null for APIs without generated shapes (CloudWatch Logs).
    const shapes::Operation* shape = nullptr;
  };
  std::unordered_map<std::string_view, Route> handlers_;
};

// {"__type": ..., "message": ...} for an error (exposed for tests). A
// SerializationException spells it "Message"; an empty message is left out.
std::string ErrorBody(std::string_view type, std::string_view message);

}  // namespace eddy

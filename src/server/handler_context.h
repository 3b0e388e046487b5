// What every API handler gets: the engine, the parsed request object, the
// region for ARNs, and the writer for its JSON response. Handlers are plain
// functions (server/handlers.h): request JSON -> engine call -> response JSON.
#pragma once

#include <string>
#include <string_view>

#include "core/arn.h"
#include "core/json.h"
#include "engine/engine.h"

namespace eddy {

class ClientTokens;
class ConflictInjector;

namespace logs {
class LogStore;
}

struct HandlerContext {
  Engine& engine;
  const JsonValue& request;  // a JSON object
  std::string_view region;
  JsonWriter& out;
  logs::LogStore* logs = nullptr;  // the CloudWatch Logs API's store; null when not served
  ClientTokens* tokens = nullptr;  // ClientRequestToken idempotency; null: not kept
  ConflictInjector* conflicts = nullptr;  // opt-in transaction conflicts; null: none

  // arn:aws:dynamodb:<region>:000000000000:table/<name>
  std::string TableArn(std::string_view table_name) const;
};


using HandlerFunction = void (*)(HandlerContext&);

}  // namespace eddy

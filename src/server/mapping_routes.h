// Admin routes for the stream handlers (README.md, "Stream handlers"):
//   GET  /_eddy/event-source-mappings
//        -> {"EventSourceMappings": [{UUID, FunctionName, State,
//            LastProcessingResult, Checkpoint, RecordsBehind, ...}]}
//   POST /_eddy/event-source-mappings/wait   {"timeoutSeconds": 30}
//        blocks until every enabled mapping has handled every stream record
//        committed before the call -> 200 {"caughtUp": true, ...states}, or
//        504 {"caughtUp": false, ...} when the timeout (default 30 s, at most
//        300) passes first, e.g. while a failing batch is being retried.
#pragma once

#include "server/http_server.h"
#include "streams/pollers.h"

namespace eddy {

// `pollers` outlives the server.
void AddMappingRoutes(HttpServer& server, streams::Pollers& pollers);

}  // namespace eddy

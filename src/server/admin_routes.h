// eddy's own admin API under /_eddy/, for deterministic tests (documented in
// README.md, "Admin API"):
//   POST /_eddy/ttl/sweep                 run a TTL sweep now -> {"deleted": N}
//   POST /_eddy/clock/advance {"seconds": N}
//                                         move eddy's clock forward by N
//                                         seconds (fractions allowed)
//                                         -> {"now": <epoch seconds>, "now_millis": ...}
//   GET  /_eddy/clock                     -> {"now": ..., "now_millis": ...}
//   POST /_eddy/faults/transaction-conflicts {"transactions": N, "writes": M}
//                                         the next N transactions and M
//                                         single-item writes conflict
//                                         (ops/conflict_injector.h)
//                                         -> {"transactions": N, "writes": M}
// Errors are 400 {"message": "..."}.
#pragma once

#include "core/clock.h"
#include "engine/engine.h"
#include "ops/conflict_injector.h"
#include "server/http_server.h"
#include "ttl/sweeper.h"

namespace eddy {

// Registers the routes on `server` (before Start()), GET /_eddy/health
// included: 503 {"status": "degraded", "storage": "..."} while writes fail.
// `engine`, `clock`, `sweeper` and `conflicts` outlive the server.
void AddAdminRoutes(HttpServer& server, const Engine& engine, SystemClock& clock, TtlSweeper& sweeper,
                    ConflictInjector& conflicts);

}  // namespace eddy

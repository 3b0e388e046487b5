// The Python runtime's bootstrap: the program every python3.x worker runs
// (`python3 -u -c <script>`), playing the part of Lambda's
// awslambdaric/bootstrap.py.
//
// At start (Lambda's "init") it installs Lambda's root logging handler,
// imports the handler named by _HANDLER from LAMBDA_TASK_ROOT, and reports
// `ready` or `init_error`. Then it loops: read one request, call
// handler(event, context), reply with the JSON result or the error.
//
// Protocol: one JSON object per line. eddy -> worker on fd 3:
//   {"id": "<request id>", "remaining_ms": 3000, "event": <event>}
// worker -> eddy on fd 4 (stdout and stderr stay the handler's own output):
//   {"t": "log", "m": "<one log event>"}            a logging record or [ERROR] report
//   {"t": "ready"}                                  init finished
//   {"t": "init_error", "type": "...", "message": "...", "payload": "<JSON text>"}   then the worker exits
//   {"t": "result", "payload": "<JSON text>"}
//   {"t": "error", "type": "...", "message": "...", "payload": "<JSON text>"}
// An error's payload is the error object Lambda returns for it,
// {"errorMessage", "errorType", "requestId", "stackTrace"} for Python (the
// node bootstrap's differs, and may add "fatal": true, node_bootstrap.h).
// stdout and stderr are flushed before every message, so output the handler
// printed is in the pipes before the message that follows it.
#pragma once

#include <string_view>

namespace eddy::functions {

std::string_view PythonBootstrapScript();

}  // namespace eddy::functions

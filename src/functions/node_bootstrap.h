// The Node.js runtime's bootstrap: the program every nodejsN.x worker runs
// (`node -e <script>`), playing the part of Lambda's Node.js runtime
// interface client. It speaks the pipe protocol of python_bootstrap.h
// (requests on fd 3, messages on fd 4), so FunctionRunner drives both alike.
//
// At start (Lambda's "init") it patches console, loads the handler named by
// _HANDLER from LAMBDA_TASK_ROOT ("index.handler": index.js, .mjs or .cjs;
// CommonJS or ES module) and reports `ready` or `init_error`. Then, for each
// request: handler(event, context, callback); an async handler's promise or
// the callback gives the result or the error. Requests are read blocking, so
// between invocations the event loop stands still, as in a frozen Lambda
// execution environment.
//
// Its messages add to python's: an `error` may carry "fatal": true (an
// uncaught exception or unhandled rejection, after which the worker exits),
// and `error` / `init_error` carry "payload", the error JSON Lambda returns.
#pragma once

#include <string_view>

namespace eddy::functions {

std::string_view NodeBootstrapScript();

}  // namespace eddy::functions

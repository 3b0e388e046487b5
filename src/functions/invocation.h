// The outcome of one invocation of a function, as the poller needs it to
// decide between checkpoint, retry and on-failure destination.
#pragma once

#include <string>

namespace eddy::functions {

struct InvokeResult {
  enum class Status {
    kOk,             // the handler returned; `payload` is its JSON result
    kFunctionError,  // the handler raised / exited non-zero ("Unhandled")
    kTimeout,        // killed at the function's Timeout
    kCrashed,        // the worker process died during the invocation
  };
  Status status = Status::kOk;
  std::string request_id;     // the aws_request_id the handler saw
  std::string payload;        // JSON text of the return value ("null" if none)
  std::string error_type;     // e.g. "ValueError", "Sandbox.Timedout", "Runtime.ExitError"
  std::string error_message;
  // This invocation's log as written to its stream (START ... REPORT), its
  // last 4 KB at most: Invoke's --log-type Tail.
  std::string log;

  bool ok() const { return status == Status::kOk; }
};

}  // namespace eddy::functions

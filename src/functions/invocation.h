// The outcome of one invocation of a function, as the poller needs it to
// decide between checkpoint, retry and on-failure destination.
#pragma once

#include <cstddef>
#include <string>

namespace eddy::functions {

// Lambda's LogResult is "the last 4 KB of the execution log".
constexpr size_t kInvocationLogTailBytes = 4096;

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
  // This invocation's log text as written to its log stream, events joined
  // by newlines: the output of the worker's init when this invocation
  // started it, START, the function's output, platform error lines, END and
  // REPORT. Only the last kInvocationLogTailBytes are kept (what Invoke's
  // LogResult returns base64-encoded), so a chatty function costs no memory.
  std::string log;

  bool ok() const { return status == Status::kOk; }
};

}  // namespace eddy::functions

// The lines Lambda's platform writes around each invocation, and the names
// it gives log groups, log streams, functions and requests. Kept as pure
// functions so their exact text (tabs, two decimals, trailing newline) is
// unit-tested in one place.
//
// Every message ends with "\n", as CloudWatch shows Lambda's events
// (`aws logs get-log-events` returns "START RequestId: ... Version: $LATEST\n").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::functions {

// "/aws/lambda/<name>"
std::string LambdaLogGroupName(std::string_view function_name);
// "arn:aws:lambda:<region>:000000000000:function:<name>"
std::string LambdaFunctionArn(std::string_view region, std::string_view function_name);
// "YYYY/MM/DD/[$LATEST]<32 lowercase hex>", the date in UTC.
std::string LambdaLogStreamName(int64_t now_millis);
// A random version-4 UUID, the shape of Lambda's request ids.
std::string NewRequestId();

std::string StartLine(std::string_view request_id);  // "START RequestId: <id> Version: $LATEST\n"
std::string EndLine(std::string_view request_id);    // "END RequestId: <id>\n"

struct ReportFields {
  double duration_ms = 0;
  int memory_size_mb = 128;
  int64_t max_memory_used_mb = 0;
  std::optional<double> init_duration_ms;  // first invocation of an execution environment only
};
// "REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\t
//  Max Memory Used: 40 MB\t[Init Duration: 120.00 ms\t]\n". Billed Duration is
// the duration rounded up to the next millisecond (Lambda's 1 ms billing).
std::string ReportLine(std::string_view request_id, const ReportFields& fields);

// "Task timed out after 3.00 seconds"
std::string TimeoutMessage(int timeout_seconds);
// "<timestamp> <id> Task timed out after 3.00 seconds\n"
std::string TimeoutLine(int64_t now_millis, std::string_view request_id, int timeout_seconds);

// Lambda's platform reports an error of the execution environment (not of the
// handler) as "RequestId: <id> Error: <text>" ...
std::string PlatformErrorMessage(std::string_view request_id, std::string_view text);
// ... and logs it with the error type on its own line:
// "RequestId: <id> Error: <text>\n<error type>\n".
std::string PlatformErrorLine(std::string_view request_id, std::string_view text, std::string_view error_type);

// Lambda's message when the runtime process dies during an invocation, e.g.
// "RequestId: <id> Error: Runtime exited with error: exit status 1" or
// "... signal: killed"; an exit with status 0 is "Runtime exited without
// providing a reason". `exit_reason` is "exit status 1" / "signal: killed".
std::string RuntimeExitMessage(std::string_view request_id, std::string_view exit_reason);
// The log event for it: the message, then "Runtime.ExitError" on its own line.
std::string RuntimeExitLine(std::string_view request_id, std::string_view exit_reason);

// Go's os/exec wording (Lambda's platform is written in Go): "exit status N",
// or "signal: killed" / "signal: segmentation fault" / "signal: N".
std::string ExitReason(int wait_status);

}  // namespace eddy::functions

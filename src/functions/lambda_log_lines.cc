#include "functions/lambda_log_lines.h"

#include <sys/wait.h>

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "core/arn.h"
#include "core/iso_time.h"
#include "core/uuid.h"

namespace eddy::functions {
namespace {

std::tm UtcTime(int64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis >= 0 ? millis / 1000 : (millis - 999) / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return tm;
}

}  // namespace

std::string LambdaLogGroupName(std::string_view function_name) {
  return "/aws/lambda/" + std::string(function_name);
}

std::string LambdaFunctionArn(std::string_view region, std::string_view function_name) {
  return "arn:aws:lambda:" + std::string(region) + ":" + std::string(kAccountId) + ":function:" +
         std::string(function_name);
}

std::string LambdaLogStreamName(int64_t now_millis) {
  std::tm tm = UtcTime(now_millis);
  char date[64];
  std::snprintf(date, sizeof date, "%04d/%02d/%02d/", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return std::string(date) + "[$LATEST]" + NewUuidHex();
}

std::string NewRequestId() { return NewUuid(); }

std::string StartLine(std::string_view request_id) {
  return "START RequestId: " + std::string(request_id) + " Version: $LATEST\n";
}

std::string EndLine(std::string_view request_id) { return "END RequestId: " + std::string(request_id) + "\n"; }

std::string ReportLine(std::string_view request_id, const ReportFields& fields) {
  char buffer[256];
  auto billed = static_cast<int64_t>(std::ceil(fields.duration_ms));
  std::snprintf(buffer, sizeof buffer,
                "\tDuration: %.2f ms\tBilled Duration: %" PRId64 " ms\tMemory Size: %d MB\tMax Memory Used: %" PRId64
                " MB\t",
                fields.duration_ms, billed, fields.memory_size_mb, fields.max_memory_used_mb);
  std::string line = "REPORT RequestId: " + std::string(request_id) + buffer;
  if (fields.init_duration_ms) {
    std::snprintf(buffer, sizeof buffer, "Init Duration: %.2f ms\t", *fields.init_duration_ms);
    line += buffer;
  }
  return line + "\n";
}

std::string TimeoutMessage(int timeout_seconds) {
  char message[64];
  std::snprintf(message, sizeof message, "Task timed out after %.2f seconds", static_cast<double>(timeout_seconds));
  return message;
}

std::string TimeoutLine(int64_t now_millis, std::string_view request_id, int timeout_seconds) {
  return FormatIsoMillis(now_millis) + " " + std::string(request_id) + " " + TimeoutMessage(timeout_seconds) + "\n";
}

std::string PlatformErrorMessage(std::string_view request_id, std::string_view text) {
  return "RequestId: " + std::string(request_id) + " Error: " + std::string(text);
}

std::string PlatformErrorLine(std::string_view request_id, std::string_view text, std::string_view error_type) {
  return PlatformErrorMessage(request_id, text) + "\n" + std::string(error_type) + "\n";
}

namespace {
std::string RuntimeExitText(std::string_view exit_reason) {
  if (exit_reason == "exit status 0") return "Runtime exited without providing a reason";
  return "Runtime exited with error: " + std::string(exit_reason);
}
}  // namespace

std::string RuntimeExitMessage(std::string_view request_id, std::string_view exit_reason) {
  return PlatformErrorMessage(request_id, RuntimeExitText(exit_reason));
}

std::string RuntimeExitLine(std::string_view request_id, std::string_view exit_reason) {
  return PlatformErrorLine(request_id, RuntimeExitText(exit_reason), "Runtime.ExitError");
}

std::string ExitReason(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) {
    switch (WTERMSIG(wait_status)) {
      case SIGKILL: return "signal: killed";
      case SIGSEGV: return "signal: segmentation fault";
      case SIGABRT: return "signal: aborted";
      case SIGTERM: return "signal: terminated";
      case SIGBUS: return "signal: bus error";
      default: return "signal: " + std::to_string(WTERMSIG(wait_status));
    }
  }
  return "exit status " + std::to_string(wait_status);
}

}  // namespace eddy::functions

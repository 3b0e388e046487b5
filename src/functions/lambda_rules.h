// Lambda's limits and name rules, the one set that both the functions file
// (functions_file.cc) and Lambda's API (src/lambda) check: botocore's
// lambda/2015-03-31 model and the CreateFunction / CreateEventSourceMapping
// API reference, with the documented quotas where they are tighter.
#pragma once

#include <cstddef>
#include <string_view>

namespace eddy::functions {

inline constexpr size_t kMaxFunctionNameLength = 64;  // "If you specify only the function name, it is limited to 64 characters"
inline constexpr size_t kMaxHandlerLength = 128;
inline constexpr size_t kMaxDescriptionLength = 256;
inline constexpr int kMinTimeoutSeconds = 1;
inline constexpr int kMaxTimeoutSeconds = 900;        // 15 minutes
inline constexpr int kMinMemoryMb = 128;
inline constexpr int kMaxMemoryMb = 10240;            // the documented quota (the model's 32768 is not yet usable)
inline constexpr int kMaxBatchSize = 10000;           // DynamoDB Streams source
inline constexpr int kMaxBatchingWindowSeconds = 300;
inline constexpr int kMaxRetryAttempts = 10000;
inline constexpr int kMinRecordAgeSeconds = 60;
inline constexpr int kMaxRecordAgeSeconds = 604800;   // 7 days
inline constexpr size_t kMaxFilters = 5;              // "Filters per event source mapping" quota
inline constexpr size_t kMaxPatternLength = 4096;
inline constexpr size_t kMaxEnvironmentBytes = 4096;  // all variables' names and values together

inline bool IsFunctionNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// 1 to 64 letters, digits, hyphens or underscores.
inline bool IsFunctionName(std::string_view name) {
  if (name.empty() || name.size() > kMaxFunctionNameLength) return false;
  for (char c : name) {
    if (!IsFunctionNameChar(c)) return false;
  }
  return true;
}

// [a-zA-Z]([a-zA-Z0-9_])+
inline bool IsEnvironmentVariableName(std::string_view name) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (name.size() < 2 || !letter(name[0])) return false;
  for (char c : name.substr(1)) {
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') return false;
  }
  return true;
}

// The variables Lambda sets itself, which a function may not set
// ("Defined runtime environment variables": reserved ones).
inline bool IsReservedEnvironmentVariable(std::string_view name) {
  for (std::string_view reserved :
       {"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"}) {
    if (name == reserved) return true;
  }
  return false;
}

}  // namespace eddy::functions

// LogSink: where function output goes. The function runner (functions/)
// writes through this interface; logs::LogStore (logs/log_store.h) is the
// real implementation (text files + the CloudWatch Logs API), tests use a
// fake.
#pragma once

#include <cstdint>
#include <string_view>

namespace eddy::logs {

class LogSink {
 public:
  virtual ~LogSink() = default;
  // Creates the group and the stream when missing (no error if they exist).
  virtual void EnsureStream(std::string_view group, std::string_view stream) = 0;
  // Appends one log event (creating the group and stream when missing).
  // `message` may contain newlines: it is still one event. Thread-safe.
  virtual void Append(std::string_view group, std::string_view stream, int64_t timestamp_millis,
                      std::string_view message) = 0;
};

}  // namespace eddy::logs

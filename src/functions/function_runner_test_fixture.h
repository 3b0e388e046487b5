// The fixture of the FunctionRunner tests: a log sink that records events,
// a temp directory for the handlers, and function configs per runtime.
// Header-only, shared by the runner's test files (one per runtime).
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "functions/function_runner.h"

namespace eddy::functions {

using Status = InvokeResult::Status;

struct Event {
  std::string group, stream;
  int64_t timestamp;
  std::string message;
};

class FakeLogSink : public logs::LogSink {
 public:
  void EnsureStream(std::string_view group, std::string_view stream) override {
    std::lock_guard lock(mutex_);
    streams_.emplace_back(std::string(group) + "|" + std::string(stream));
  }
  void Append(std::string_view group, std::string_view stream, int64_t timestamp, std::string_view message) override {
    std::lock_guard lock(mutex_);
    events_.push_back({std::string(group), std::string(stream), timestamp, std::string(message)});
  }
  std::vector<Event> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  size_t stream_count() {
    std::lock_guard lock(mutex_);
    return streams_.size();
  }
  // The messages logged for one request, from its START to its REPORT.
  std::vector<std::string> Invocation(const std::string& request_id) {
    std::vector<std::string> out;
    bool in = false;
    std::string stream;
    for (const auto& e : events()) {
      if (e.message == "START RequestId: " + request_id + " Version: $LATEST\n") in = true, stream = e.stream;
      if (in && e.stream == stream) out.push_back(e.message);
      if (in && e.message.rfind("REPORT RequestId: " + request_id, 0) == 0) break;
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> streams_;
  std::vector<Event> events_;
};

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/eddy-fn-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const { std::ofstream(path_ + "/" + name) << text; }

 private:
  std::string path_;
};

struct Fixture {
  TempDir dir;
  FakeLogSink sink;
  SystemClock clock;

  // A function named `name` of `runtime` in the temp directory.
  FunctionConfig Config(std::string name, std::string runtime, std::string handler, int timeout) {
    FunctionConfig config;
    config.name = std::move(name);
    config.runtime = std::move(runtime);
    config.handler = std::move(handler);
    config.code_directory = dir.path();
    config.timeout_seconds = timeout;
    return config;
  }
  FunctionConfig Python(const std::string& handler_source, int timeout = 3) {
    dir.Write("app.py", handler_source);
    return Config("fn", "python3.11", "app.handler", timeout);
  }
  FunctionConfig Command(std::vector<std::string> argv, int timeout = 3) {
    FunctionConfig config = Config("cmd", "command", "", timeout);
    config.command = std::move(argv);
    return config;
  }
  // `source` written as `file` (index.js, index.mjs, ...), handler index.handler.
  FunctionConfig Node(const std::string& source, const std::string& file = "index.js", int timeout = 3) {
    dir.Write(file, source);
    return Config("node-fn", "nodejs20.x", "index.handler", timeout);
  }
  // `script` written as an executable `bootstrap` (unless empty).
  FunctionConfig Provided(const std::string& script, int timeout = 3) {
    if (!script.empty()) {
      dir.Write("bootstrap", script);
      std::filesystem::permissions(dir.path() + "/bootstrap", std::filesystem::perms::owner_all);
    }
    return Config("custom", "provided.al2023", "function.handler", timeout);
  }
  RunnerEnvironment Env() {
    RunnerEnvironment env;
    env.logs = &sink;
    env.clock = &clock;
    env.endpoint_url = "http://127.0.0.1:8000";
    return env;
  }
  bool Logged(const std::string& request_id, const std::string& message) {
    auto lines = sink.Invocation(request_id);
    return std::find(lines.begin(), lines.end(), message) != lines.end();
  }
};

// Children of this test process (any thread), and its open fds.
inline size_t ChildCount() {
  size_t count = 0;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream children(task.path() / "children");
    std::string pid;
    while (children >> pid) ++count;
  }
  return count;
}
inline size_t OpenFdCount() {
  auto it = std::filesystem::directory_iterator("/proc/self/fd");
  return static_cast<size_t>(std::distance(begin(it), end(it)));
}

inline constexpr const char* kRecords = R"({"Records":[{"eventID":"1","eventName":"INSERT"}]})";


// Whether `program` can be run (e.g. "node"), for tests that need it.
inline bool HaveProgram(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace eddy::functions

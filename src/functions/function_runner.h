// FunctionRunner: runs invocations of one registered function the way AWS
// Lambda does, with its log output framed by START/END/REPORT.
//
// python3.x, nodejsN.x and provided.*: a pool of warm worker processes
// (Lambda's execution environments), started as worker_launch.h describes,
// one log stream per worker. A worker is started on demand when no idle one
// is free, initialized once (the handler's import, or a provided bootstrap's
// init until its first /next: "Init Duration" on its first REPORT), and
// reused while it stays healthy; a timeout, crash or init error discards it,
// so the next invocation cold-starts a fresh one.
//
// command: the argv runs once per invocation with the event on stdin, in one
// log stream per runner; exit status 0 is success, and a last stdout line
// that is a JSON object is the payload.
//
// Functions come and go while eddy runs (the Lambda API creates, updates and
// deletes them): Shutdown() kills every worker at once, and the destructor
// then returns within milliseconds, leaving no process, thread or fd behind.
//
// The constructor sets SIGPIPE to ignored for the whole process: a worker
// that dies while eddy writes to it must produce EPIPE, not kill eddy.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/region.h"
#include "functions/function_config.h"
#include "functions/invocation.h"
#include "functions/worker_launch.h"
#include "logs/log_sink.h"

namespace eddy::functions {

struct RunnerEnvironment {
  logs::LogSink* logs = nullptr;  // required
  const Clock* clock = nullptr;   // required: log timestamps and stream dates (deadlines use a steady clock)
  std::string region{kDefaultRegion};
  std::string endpoint_url;       // eddy's own URL, e.g. http://127.0.0.1:8000 (may be empty)
  std::string python = "python3";  // interpreter for python3.x runtimes
  std::string node = "node";       // for nodejsN.x runtimes
};

class FunctionRunner {
 public:
  FunctionRunner(FunctionConfig config, RunnerEnvironment env);
  ~FunctionRunner();  // kills its workers
  FunctionRunner(const FunctionRunner&) = delete;
  FunctionRunner& operator=(const FunctionRunner&) = delete;

  // Runs one invocation with `event_json` ({"Records":[...]}). Thread-safe:
  // concurrent calls use separate warm workers. The result's `log` has the
  // invocation's log tail (invocation.h).
  InvokeResult Invoke(std::string_view event_json);
  // Kills every worker; in-flight and later Invoke calls return kCrashed
  // promptly. Idempotent.
  void Shutdown();

  const FunctionConfig& config() const { return config_; }
  std::string LogGroupName() const;  // "/aws/lambda/<FunctionName>"
  std::string FunctionArn() const;   // "arn:aws:lambda:<region>:000000000000:function:<FunctionName>"

 private:
  struct WarmWorker;
  class InvocationLog;

  InvokeResult InvokeWarm(std::string_view event_json);
  InvokeResult InvokeCommand(std::string_view event_json);
  // An idle warm worker, or a freshly started one (its init output logged).
  std::unique_ptr<WarmWorker> AcquireWorker();
  void ReleaseWorker(std::unique_ptr<WarmWorker> worker);  // back to the pool
  void Discard(LaunchedWorker launched);                   // kill, reap, stop its Runtime API
  // Starts a worker process registered for Shutdown(); false and *error on
  // failure (the reason for Runtime.InvalidEntrypoint).
  bool StartProcess(const std::string& log_stream, LaunchedWorker* out, std::string* error);
  std::string CommandLogStream();

  const FunctionConfig config_;
  const RunnerEnvironment env_;
  const std::string log_group_;
  int wake_fd_ = -1;  // eventfd, readable once Shutdown() is called

  std::mutex mutex_;
  bool shutdown_ = false;
  std::vector<std::unique_ptr<WarmWorker>> idle_;
  std::vector<WorkerProcess*> live_;  // every running process, idle or busy, for Shutdown()
  std::string command_stream_;
};

}  // namespace eddy::functions

#include "functions/function_runner.h"

#include <signal.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/json.h"
#include "functions/lambda_log_lines.h"
#include "functions/log_tail.h"

namespace eddy::functions {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Status = InvokeResult::Status;

// Lambda's limit for the init phase of an on-demand execution environment;
// it does not count against the function's Timeout.
constexpr std::chrono::seconds kInitTimeout{10};

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

int64_t KbToMb(int64_t kb) { return (kb + 1023) / 1024; }

// Lambda's error payload shape for errors of the platform (timeouts, crashes).
std::string ErrorPayload(std::string_view type, std::string_view message) {
  return "{\"errorMessage\":" + JsonQuoted(message) + ",\"errorType\":" + JsonQuoted(type) + "}";
}

InvokeResult Failure(Status status, std::string request_id, std::string type, std::string message) {
  InvokeResult result;
  result.status = status;
  result.request_id = std::move(request_id);
  result.payload = ErrorPayload(type, message);
  result.error_type = std::move(type);
  result.error_message = std::move(message);
  return result;
}

std::string_view Member(const JsonDocument& doc, const char* name) {
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsString()) return {};
  return {it->value.GetString(), it->value.GetStringLength()};
}

bool TrueMember(const JsonDocument& doc, const char* name) {
  auto it = doc.FindMember(name);
  return it != doc.MemberEnd() && it->value.IsTrue();
}

// An `error` or `init_error` message of the protocol as a function error:
// the payload the worker gave (the error object its runtime returns), else
// one built from the type and message.
InvokeResult FunctionError(const JsonDocument& doc, std::string request_id) {
  InvokeResult result =
      Failure(Status::kFunctionError, std::move(request_id), std::string(Member(doc, "type")), std::string(Member(doc, "message")));
  if (std::string_view payload = Member(doc, "payload"); !payload.empty()) result.payload = payload;
  return result;
}

bool IsJsonObject(std::string_view text) {
  JsonDocument doc;
  doc.Parse(text.data(), text.size());
  return !doc.HasParseError() && doc.IsObject();
}

std::string_view TrimLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line;
}

// The request line of the bootstraps' protocol. The event is embedded as is
// (it is JSON made by eddy), on one line: a raw newline in JSON can only be
// whitespace, so it becomes a space.
std::string RequestLine(const std::string& request_id, int timeout_seconds, std::string_view event_json) {
  std::string request = "{\"id\":\"" + request_id + "\",\"remaining_ms\":" + std::to_string(timeout_seconds * 1000) +
                        ",\"event\":";
  size_t event_start = request.size();
  request.append(event_json.empty() ? std::string_view("null") : event_json);
  std::replace(request.begin() + static_cast<std::ptrdiff_t>(event_start), request.end(), '\n', ' ');
  request += "}\n";
  return request;
}

}  // namespace

// Appends events to one log stream, stamped with the runner's clock, and
// keeps the tail of what was appended since the last TakeTail() (the
// current invocation's log, InvokeResult::log).
class FunctionRunner::InvocationLog {
 public:
  InvocationLog(const RunnerEnvironment& env, const std::string& group, std::string stream)
      : env_(env), group_(group), stream_(std::move(stream)) {}
  void Append(std::string_view message) {
    env_.logs->Append(group_, stream_, env_.clock->NowMillis(), message);
    tail_.Append(message);
  }
  WorkerProcess::LineFn LineSink() {
    return [this](WorkerProcess::Stream, std::string_view line) { Append(line); };
  }
  std::string TakeTail() { return tail_.Take(); }
  const std::string& stream() const { return stream_; }
  // Parses one message of the bootstrap's protocol into `doc`. Log records
  // are appended here and yield ""; so does a malformed message. Any other
  // message yields its type ("t") for the caller to act on.
  std::string_view Receive(const std::string& message, JsonDocument* doc) {
    doc->Parse(message.data(), message.size());
    if (doc->HasParseError() || !doc->IsObject()) return {};
    std::string_view type = Member(*doc, "t");
    if (type != "log") return type;
    Append(Member(*doc, "m"));
    return {};
  }

 private:
  const RunnerEnvironment& env_;
  const std::string& group_;
  std::string stream_;
  LogTail tail_{kInvocationLogTailBytes};
};

struct FunctionRunner::WarmWorker {
  LaunchedWorker launched;
  std::unique_ptr<InvocationLog> log;
  std::optional<double> init_duration_ms;  // reported once, on the first REPORT
  // How init failed, if it did: the invocation that started this worker
  // fails with it, and the worker is discarded.
  enum class InitFailure { kNone, kEntrypoint, kError, kTimeout, kExit };
  InitFailure init_failure = InitFailure::kNone;
  std::string init_reason;  // kEntrypoint: why it could not start; kExit: the exit reason
  std::optional<InvokeResult> init_error;  // kError: the runtime's init error
};

FunctionRunner::FunctionRunner(FunctionConfig config, RunnerEnvironment env)
    : config_(std::move(config)), env_(std::move(env)), log_group_(LambdaLogGroupName(config_.name)) {
  ::signal(SIGPIPE, SIG_IGN);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

FunctionRunner::~FunctionRunner() {
  Shutdown();
  std::vector<std::unique_ptr<WarmWorker>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (auto& worker : idle) Discard(std::move(worker->launched));
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

std::string FunctionRunner::LogGroupName() const { return log_group_; }

std::string FunctionRunner::FunctionArn() const { return LambdaFunctionArn(env_.region, config_.name); }

void FunctionRunner::Shutdown() {
  std::lock_guard lock(mutex_);
  if (!shutdown_) {
    shutdown_ = true;
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }
  for (WorkerProcess* process : live_) process->Kill();
}

InvokeResult FunctionRunner::Invoke(std::string_view event_json) {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_) return Failure(Status::kCrashed, NewRequestId(), "Runtime.ExitError", "the function runner is shut down");
  }
  return config_.kind() == RuntimeKind::kCommand ? InvokeCommand(event_json) : InvokeWarm(event_json);
}

bool FunctionRunner::StartProcess(const std::string& log_stream, LaunchedWorker* out, std::string* error) {
  LaunchInputs inputs;
  inputs.region = env_.region;
  inputs.endpoint_url = env_.endpoint_url;
  inputs.log_stream = log_stream;
  inputs.function_arn = FunctionArn();
  inputs.python = env_.python;
  inputs.node = env_.node;
  if (!LaunchWorker(config_, inputs, out, error)) return false;
  std::lock_guard lock(mutex_);
  if (shutdown_) {
    *error = "the function runner is shut down";
    *out = LaunchedWorker();  // kills and reaps it
    return false;
  }
  live_.push_back(out->process.get());
  return true;
}

void FunctionRunner::Discard(LaunchedWorker launched) {
  if (launched.process) {
    std::lock_guard lock(mutex_);
    live_.erase(std::remove(live_.begin(), live_.end(), launched.process.get()), live_.end());
  }
  // Going out of scope kills the process group and reaps, then stops the
  // Runtime API server.
}

std::unique_ptr<FunctionRunner::WarmWorker> FunctionRunner::AcquireWorker() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto worker = std::move(idle_.back());
      idle_.pop_back();
      return worker;
    }
  }
  using InitFailure = WarmWorker::InitFailure;
  auto worker = std::make_unique<WarmWorker>();
  worker->log = std::make_unique<InvocationLog>(env_, log_group_, LambdaLogStreamName(env_.clock->NowMillis()));
  env_.logs->EnsureStream(log_group_, worker->log->stream());

  auto start = SteadyClock::now();
  if (!StartProcess(worker->log->stream(), &worker->launched, &worker->init_reason)) {
    worker->init_failure = InitFailure::kEntrypoint;
    return worker;
  }
  // Init: the bootstrap imports the handler (or a provided bootstrap sets
  // up until its first /next); its output (and the runtime's report of a
  // failed import) goes to the stream before START.
  auto deadline = start + std::max<std::chrono::seconds>(kInitTimeout, std::chrono::seconds(config_.timeout_seconds));
  WorkerProcess& process = *worker->launched.process;
  auto on_line = worker->log->LineSink();
  std::string message;
  for (;;) {
    auto event = process.Pump(deadline, wake_fd_, on_line, &message);
    if (event == WorkerProcess::Event::kMessage) {
      JsonDocument doc;
      std::string_view type = worker->log->Receive(message, &doc);
      if (type == "ready" || type == "init_error") {
        worker->init_duration_ms = MillisSince(start);
        if (type == "init_error") {
          worker->init_failure = InitFailure::kError;
          worker->init_error = FunctionError(doc, "");
        }
        return worker;
      }
      continue;
    }
    process.FlushPartialLines(on_line);
    worker->init_duration_ms = MillisSince(start);
    if (event == WorkerProcess::Event::kDeadline) {
      worker->init_failure = InitFailure::kTimeout;
    } else {
      if (event == WorkerProcess::Event::kWoken) process.Kill();
      worker->init_failure = InitFailure::kExit;
      worker->init_reason = ExitReason(process.Reap());
    }
    return worker;
  }
}

void FunctionRunner::ReleaseWorker(std::unique_ptr<WarmWorker> worker) {
  {
    std::lock_guard lock(mutex_);
    if (!shutdown_) {
      idle_.push_back(std::move(worker));
      return;
    }
  }
  Discard(std::move(worker->launched));  // shut down while this invocation ran
}

InvokeResult FunctionRunner::InvokeWarm(std::string_view event_json) {
  using InitFailure = WarmWorker::InitFailure;
  std::unique_ptr<WarmWorker> worker = AcquireWorker();
  InvocationLog& log = *worker->log;
  const std::string request_id = NewRequestId();
  log.Append(StartLine(request_id));
  const int timeout = config_.timeout_seconds;

  auto start = SteadyClock::now();
  std::optional<InvokeResult> result;
  switch (worker->init_failure) {
    case InitFailure::kNone:
      break;
    case InitFailure::kEntrypoint:
      log.Append(PlatformErrorLine(request_id, worker->init_reason, "Runtime.InvalidEntrypoint"));
      result = Failure(Status::kFunctionError, request_id, "Runtime.InvalidEntrypoint",
                       PlatformErrorMessage(request_id, worker->init_reason));
      break;
    case InitFailure::kError:
      result = *worker->init_error;
      result->request_id = request_id;
      break;
    case InitFailure::kTimeout:
      log.Append(TimeoutLine(env_.clock->NowMillis(), request_id, timeout));
      result = Failure(Status::kTimeout, request_id, "Sandbox.Timedout", TimeoutMessage(timeout));
      break;
    case InitFailure::kExit:
      log.Append(RuntimeExitLine(request_id, worker->init_reason));
      result = Failure(Status::kCrashed, request_id, "Runtime.ExitError",
                       RuntimeExitMessage(request_id, worker->init_reason));
      break;
  }

  bool healthy = !result;
  if (!result) {
    WorkerProcess& process = *worker->launched.process;
    if (worker->launched.runtime_api) {
      worker->launched.runtime_api->Deliver(request_id, std::string(event_json),
                                            std::chrono::system_clock::now() + std::chrono::seconds(timeout));
    } else {
      process.Send(RequestLine(request_id, timeout, event_json));
    }
    auto on_line = log.LineSink();
    std::string message;
    // A provided runtime's invocation ends when it asks for the next one
    // (what it prints after its response still belongs to this invocation).
    bool awaiting_next = worker->launched.runtime_api != nullptr;
    while (!result || awaiting_next) {
      auto event = process.Pump(start + std::chrono::seconds(timeout), wake_fd_, on_line, &message);
      if (event == WorkerProcess::Event::kMessage) {
        JsonDocument doc;
        std::string_view type = log.Receive(message, &doc);
        if (type == "result") {
          result.emplace();
          result->request_id = request_id;
          result->payload = Member(doc, "payload");
        } else if (type == "error") {
          result = FunctionError(doc, request_id);
          // An uncaught exception: the runtime reported it, and exits.
          if (TrueMember(doc, "fatal")) healthy = false;
        } else if (type == "next") {
          awaiting_next = false;
        }
        continue;
      }
      healthy = false;
      process.FlushPartialLines(on_line);
      if (result) {
        // Answered, but did not ask for more: the answer stands, the worker goes.
        process.Kill();
        break;
      }
      if (event == WorkerProcess::Event::kDeadline) {
        process.MaxMemoryUsedKb();  // while it still runs
        process.Kill();
        log.Append(TimeoutLine(env_.clock->NowMillis(), request_id, timeout));
        result = Failure(Status::kTimeout, request_id, "Sandbox.Timedout", TimeoutMessage(timeout));
      } else {
        if (event == WorkerProcess::Event::kWoken) process.Kill();
        std::string reason = ExitReason(process.Reap());
        log.Append(RuntimeExitLine(request_id, reason));
        result = Failure(Status::kCrashed, request_id, "Runtime.ExitError", RuntimeExitMessage(request_id, reason));
      }
    }
    // Output printed without a final newline belongs to this invocation.
    process.FlushPartialLines(on_line);
  }

  ReportFields report;
  const bool init_failed = worker->init_failure != InitFailure::kNone;
  // A failed init has no invocation phase: its REPORT shows the init time.
  report.duration_ms = init_failed ? worker->init_duration_ms.value_or(0) : MillisSince(start);
  report.memory_size_mb = config_.memory_size_mb;
  report.max_memory_used_mb = worker->launched.process ? KbToMb(worker->launched.process->MaxMemoryUsedKb()) : 0;
  report.init_duration_ms = std::exchange(worker->init_duration_ms, std::nullopt);
  if (init_failed) report.init_duration_ms.reset();
  log.Append(EndLine(request_id));
  log.Append(ReportLine(request_id, report));
  result->log = log.TakeTail();

  if (healthy) {
    ReleaseWorker(std::move(worker));
  } else {
    Discard(std::move(worker->launched));  // the next invocation starts a fresh worker
  }
  return std::move(*result);
}

std::string FunctionRunner::CommandLogStream() {
  std::lock_guard lock(mutex_);
  if (command_stream_.empty()) {
    command_stream_ = LambdaLogStreamName(env_.clock->NowMillis());
    env_.logs->EnsureStream(log_group_, command_stream_);
  }
  return command_stream_;
}

InvokeResult FunctionRunner::InvokeCommand(std::string_view event_json) {
  InvocationLog log(env_, log_group_, CommandLogStream());
  const std::string request_id = NewRequestId();
  log.Append(StartLine(request_id));
  auto start = SteadyClock::now();

  std::string error;
  LaunchedWorker launched;
  std::optional<InvokeResult> result;
  if (!StartProcess(log.stream(), &launched, &error)) {
    log.Append(PlatformErrorLine(request_id, error, "Runtime.InvalidEntrypoint"));
    result = Failure(Status::kFunctionError, request_id, "Runtime.InvalidEntrypoint",
                     PlatformErrorMessage(request_id, error));
  } else {
    WorkerProcess& process = *launched.process;
    process.Send(event_json);
    process.CloseInputWhenSent();
    std::string last_stdout_line;
    auto on_line = [&](WorkerProcess::Stream stream, std::string_view line) {
      log.Append(line);
      if (stream == WorkerProcess::Stream::kStdout && !TrimLine(line).empty()) last_stdout_line = TrimLine(line);
    };
    std::string unused;
    auto event = process.Pump(start + std::chrono::seconds(config_.timeout_seconds), wake_fd_, on_line, &unused);
    if (event == WorkerProcess::Event::kDeadline) {
      process.MaxMemoryUsedKb();
      process.Kill();
      process.FlushPartialLines(on_line);
      log.Append(TimeoutLine(env_.clock->NowMillis(), request_id, config_.timeout_seconds));
      result = Failure(Status::kTimeout, request_id, "Sandbox.Timedout", TimeoutMessage(config_.timeout_seconds));
    } else {
      if (event == WorkerProcess::Event::kWoken) process.Kill();
      process.FlushPartialLines(on_line);
      int status = process.Reap();
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        result.emplace();
        result->request_id = request_id;
        result->payload = IsJsonObject(last_stdout_line) ? last_stdout_line : "null";
      } else {
        std::string reason = ExitReason(status);
        log.Append(RuntimeExitLine(request_id, reason));
        // A non-zero exit is the command's way to fail ("Unhandled"); a
        // signal is a crash, as for a python worker.
        result = Failure(WIFEXITED(status) ? Status::kFunctionError : Status::kCrashed, request_id,
                         "Runtime.ExitError", RuntimeExitMessage(request_id, reason));
      }
    }
  }
  ReportFields report;
  report.duration_ms = MillisSince(start);
  report.memory_size_mb = config_.memory_size_mb;
  if (launched.process) {
    launched.process->Reap();
    report.max_memory_used_mb = KbToMb(launched.process->MaxMemoryUsedKb());
  }
  log.Append(EndLine(request_id));
  log.Append(ReportLine(request_id, report));
  result->log = log.TakeTail();
  Discard(std::move(launched));
  return std::move(*result);
}

}  // namespace eddy::functions

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
#include "functions/python_bootstrap.h"
#include "functions/worker_environment.h"
#include "functions/worker_process.h"

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

// Lambda's error payload shape (what Invoke returns for an "Unhandled" error).
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

}  // namespace

// Appends events to one log stream, stamped with the runner's clock.
class FunctionRunner::InvocationLog {
 public:
  InvocationLog(const RunnerEnvironment& env, const std::string& group, std::string stream)
      : env_(env), group_(group), stream_(std::move(stream)) {}
  void Append(std::string_view message) const { env_.logs->Append(group_, stream_, env_.clock->NowMillis(), message); }
  WorkerProcess::LineFn LineSink() const {
    return [this](WorkerProcess::Stream, std::string_view line) { Append(line); };
  }
  const std::string& stream() const { return stream_; }
  // Parses one message of the bootstrap's protocol into `doc`. Log records
  // are appended here and yield ""; so does a malformed message. Any other
  // message yields its type ("t") for the caller to act on.
  std::string_view Receive(const std::string& message, JsonDocument* doc) const {
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
};

struct FunctionRunner::PythonWorker {
  std::unique_ptr<WorkerProcess> process;
  std::unique_ptr<InvocationLog> log;
  std::optional<double> init_duration_ms;  // reported once, on the first REPORT
  // Set when init failed: every invocation on this worker fails with it.
  std::string init_error_type, init_error_message;
  std::optional<InvokeResult> init_failure;  // crash or timeout during init
};

FunctionRunner::FunctionRunner(FunctionConfig config, RunnerEnvironment env)
    : config_(std::move(config)), env_(std::move(env)), log_group_(LambdaLogGroupName(config_.name)) {
  ::signal(SIGPIPE, SIG_IGN);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

FunctionRunner::~FunctionRunner() {
  Shutdown();
  std::vector<std::unique_ptr<PythonWorker>> idle;
  {
    std::lock_guard lock(mutex_);
    idle.swap(idle_);
  }
  for (auto& worker : idle) Discard(std::move(worker->process));
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
  return config_.is_python() ? InvokePython(event_json) : InvokeCommand(event_json);
}

std::unique_ptr<WorkerProcess> FunctionRunner::StartProcess(const std::string& log_stream, std::string* error) {
  WorkerEnvironmentInputs inputs = InputsFromProcessEnvironment();
  inputs.region = env_.region;
  inputs.endpoint_url = env_.endpoint_url;
  inputs.log_stream_name = log_stream;
  ProcessSpec spec;
  spec.env = BuildWorkerEnvironment(config_, inputs);
  spec.cwd = config_.code_directory;
  if (config_.is_python()) {
    spec.argv = {env_.python, "-u", "-c", std::string(PythonBootstrapScript())};
    spec.env.push_back("_EDDY_FUNCTION_ARN=" + FunctionArn());  // read and removed by the bootstrap
    spec.private_channel = true;
  } else {
    spec.argv = config_.command;
  }
  auto process = WorkerProcess::Spawn(spec, error);
  if (!process) return nullptr;
  std::lock_guard lock(mutex_);
  if (shutdown_) {
    *error = "the function runner is shut down";
    process->Kill();
    return nullptr;  // ~WorkerProcess reaps it
  }
  live_.push_back(process.get());
  return process;
}

void FunctionRunner::Discard(std::unique_ptr<WorkerProcess> process) {
  if (!process) return;
  {
    std::lock_guard lock(mutex_);
    live_.erase(std::remove(live_.begin(), live_.end(), process.get()), live_.end());
  }
  process.reset();  // kills the process group and reaps
}

std::unique_ptr<FunctionRunner::PythonWorker> FunctionRunner::AcquireWorker() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto worker = std::move(idle_.back());
      idle_.pop_back();
      return worker;
    }
  }
  auto worker = std::make_unique<PythonWorker>();
  worker->log = std::make_unique<InvocationLog>(env_, log_group_, LambdaLogStreamName(env_.clock->NowMillis()));
  env_.logs->EnsureStream(log_group_, worker->log->stream());

  auto start = SteadyClock::now();
  std::string error;
  worker->process = StartProcess(worker->log->stream(), &error);
  if (!worker->process) {
    worker->init_failure = Failure(Status::kFunctionError, "", "Runtime.InvalidEntrypoint", error);
    worker->log->Append("[ERROR] Runtime.InvalidEntrypoint: " + error + "\n");
    return worker;
  }
  // Init: the bootstrap imports the handler; its output (and Lambda's
  // [ERROR] report if the import fails) goes to the stream before START.
  auto deadline = start + std::max<std::chrono::seconds>(kInitTimeout, std::chrono::seconds(config_.timeout_seconds));
  auto on_line = worker->log->LineSink();
  std::string message;
  for (;;) {
    auto event = worker->process->Pump(deadline, wake_fd_, on_line, &message);
    if (event == WorkerProcess::Event::kMessage) {
      JsonDocument doc;
      std::string_view type = worker->log->Receive(message, &doc);
      if (type == "ready") {
        worker->init_duration_ms = MillisSince(start);
        return worker;
      } else if (type == "init_error") {
        worker->init_duration_ms = MillisSince(start);
        worker->init_error_type = Member(doc, "type");
        worker->init_error_message = Member(doc, "message");
        return worker;
      }
      continue;
    }
    worker->process->FlushPartialLines(on_line);
    worker->init_duration_ms = MillisSince(start);
    if (event == WorkerProcess::Event::kDeadline) {
      worker->init_failure = Failure(Status::kTimeout, "", "Sandbox.Timedout", TimeoutMessage(config_.timeout_seconds));
    } else {
      if (event == WorkerProcess::Event::kWoken) worker->process->Kill();
      std::string reason = ExitReason(worker->process->Reap());
      worker->init_failure = Failure(Status::kCrashed, "", "Runtime.ExitError", reason);
    }
    return worker;
  }
}

void FunctionRunner::ReleaseWorker(std::unique_ptr<PythonWorker> worker) {
  {
    std::lock_guard lock(mutex_);
    if (!shutdown_) {
      idle_.push_back(std::move(worker));
      return;
    }
  }
  Discard(std::move(worker->process));  // shut down while this invocation ran
}

InvokeResult FunctionRunner::InvokePython(std::string_view event_json) {
  std::unique_ptr<PythonWorker> worker = AcquireWorker();
  const InvocationLog& log = *worker->log;
  const std::string request_id = NewRequestId();
  log.Append(StartLine(request_id));

  auto start = SteadyClock::now();
  std::optional<InvokeResult> result;
  if (worker->init_failure) {
    result = *worker->init_failure;
    result->request_id = request_id;
    if (result->status == Status::kTimeout) {
      log.Append(TimeoutLine(env_.clock->NowMillis(), request_id, config_.timeout_seconds));
    } else if (result->status == Status::kCrashed) {
      std::string reason = result->error_message;
      log.Append(RuntimeExitLine(request_id, reason));
      result = Failure(Status::kCrashed, request_id, "Runtime.ExitError", RuntimeExitMessage(request_id, reason));
    }
  } else if (!worker->init_error_type.empty()) {
    result = Failure(Status::kFunctionError, request_id, worker->init_error_type, worker->init_error_message);
  }

  bool healthy = !result;
  if (!result) {
    auto deadline = start + std::chrono::seconds(config_.timeout_seconds);
    // The event is embedded as is (it is JSON made by the poller), on one
    // line: a raw newline in JSON can only be whitespace, so it becomes a space.
    std::string request = "{\"id\":\"" + request_id + "\",\"remaining_ms\":" +
                          std::to_string(config_.timeout_seconds * 1000) + ",\"event\":";
    size_t event_start = request.size();
    request.append(event_json.empty() ? std::string_view("null") : event_json);
    std::replace(request.begin() + static_cast<std::ptrdiff_t>(event_start), request.end(), '\n', ' ');
    request += "}\n";
    WorkerProcess& process = *worker->process;
    process.Send(request);
    auto on_line = log.LineSink();
    std::string message;
    while (!result) {
      auto event = process.Pump(deadline, wake_fd_, on_line, &message);
      if (event == WorkerProcess::Event::kMessage) {
        JsonDocument doc;
        std::string_view type = log.Receive(message, &doc);
        if (type == "result") {
          result.emplace();
          result->request_id = request_id;
          result->payload = Member(doc, "payload");
        } else if (type == "error") {
          result = Failure(Status::kFunctionError, request_id, std::string(Member(doc, "type")),
                           std::string(Member(doc, "message")));
        }
        continue;
      }
      healthy = false;
      process.FlushPartialLines(on_line);
      if (event == WorkerProcess::Event::kDeadline) {
        process.MaxMemoryUsedKb();  // while it still runs
        process.Kill();
        log.Append(TimeoutLine(env_.clock->NowMillis(), request_id, config_.timeout_seconds));
        result = Failure(Status::kTimeout, request_id, "Sandbox.Timedout", TimeoutMessage(config_.timeout_seconds));
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
  const bool init_failed = worker->init_failure || !worker->init_error_type.empty();
  // A failed init has no invocation phase: its REPORT shows the init time.
  report.duration_ms = init_failed ? worker->init_duration_ms.value_or(0) : MillisSince(start);
  report.memory_size_mb = config_.memory_size_mb;
  report.max_memory_used_mb = worker->process ? KbToMb(worker->process->MaxMemoryUsedKb()) : 0;
  report.init_duration_ms = std::exchange(worker->init_duration_ms, std::nullopt);
  if (init_failed) report.init_duration_ms.reset();
  log.Append(EndLine(request_id));
  log.Append(ReportLine(request_id, report));

  if (healthy) {
    ReleaseWorker(std::move(worker));
  } else {
    Discard(std::move(worker->process));  // the next invocation starts a fresh worker
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
  std::unique_ptr<WorkerProcess> process = StartProcess(log.stream(), &error);
  std::optional<InvokeResult> result;
  if (!process) {
    log.Append("[ERROR] Runtime.InvalidEntrypoint: " + error + "\n");
    result = Failure(Status::kFunctionError, request_id, "Runtime.InvalidEntrypoint", error);
  } else {
    process->Send(event_json);
    process->CloseInputWhenSent();
    std::string last_stdout_line;
    auto on_line = [&](WorkerProcess::Stream stream, std::string_view line) {
      log.Append(line);
      if (stream == WorkerProcess::Stream::kStdout && !TrimLine(line).empty()) last_stdout_line = TrimLine(line);
    };
    std::string unused;
    auto event = process->Pump(start + std::chrono::seconds(config_.timeout_seconds), wake_fd_, on_line, &unused);
    if (event == WorkerProcess::Event::kDeadline) {
      process->MaxMemoryUsedKb();
      process->Kill();
      process->FlushPartialLines(on_line);
      log.Append(TimeoutLine(env_.clock->NowMillis(), request_id, config_.timeout_seconds));
      result = Failure(Status::kTimeout, request_id, "Sandbox.Timedout", TimeoutMessage(config_.timeout_seconds));
    } else {
      if (event == WorkerProcess::Event::kWoken) process->Kill();
      process->FlushPartialLines(on_line);
      int status = process->Reap();
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
  if (process) {
    process->Reap();
    report.max_memory_used_mb = KbToMb(process->MaxMemoryUsedKb());
  }
  log.Append(EndLine(request_id));
  log.Append(ReportLine(request_id, report));
  Discard(std::move(process));
  return std::move(*result);
}

}  // namespace eddy::functions

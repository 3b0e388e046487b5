// RuntimeApiServer: the Lambda Runtime API (version 2018-06-01) for one
// execution environment of a provided.* function, on a loopback port of its
// own. The function's `bootstrap` finds it in AWS_LAMBDA_RUNTIME_API.
// https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
//
//   GET  /2018-06-01/runtime/invocation/next          waits for an event: 200, the event as
//        body, headers Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn, -Trace-Id
//   POST /2018-06-01/runtime/invocation/{id}/response 202 {"status":"OK"}
//   POST /2018-06-01/runtime/invocation/{id}/error    202; body {errorMessage, errorType, stackTrace},
//        header Lambda-Runtime-Function-Error-Type
//   POST /2018-06-01/runtime/init/error               202
//   a wrong id: 400 InvalidRequestID; a response over 6 MB: 413 RequestEntityTooLarge
//   (texts as Lambda's runtime interface emulator gives them).
//
// The server turns these into the messages of the bundled bootstraps' pipe
// protocol (python_bootstrap.h), written to a pipe whose read end the runner
// attaches to the worker's WorkerProcess as its channel. So FunctionRunner
// drives a provided worker as it drives a python or node one:
//   the first GET next  -> {"t":"ready"}            (Lambda's init ends there)
//   a later GET next    -> {"t":"next"}             (the invocation before it ends there)
//   init/error          -> {"t":"init_error", "type", "message", "payload"}
//   .../response        -> {"t":"result", "payload"}
//   .../error           -> {"t":"error", "type", "message", "payload"}
// An invocation goes the other way through Deliver(), not through a pipe.
//
// One thread per server serves every connection of the runtime with poll();
// bodies may be chunked (Boost.Beast's parser). The destructor stops it
// promptly whatever the runtime does, so a killed worker never leaves it
// behind.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace eddy::functions {

class RuntimeApiServer {
 public:
  // Listens on 127.0.0.1 on a free port. nullptr and *error on failure.
  static std::unique_ptr<RuntimeApiServer> Start(std::string function_arn, std::string* error);
  ~RuntimeApiServer();
  RuntimeApiServer(const RuntimeApiServer&) = delete;
  RuntimeApiServer& operator=(const RuntimeApiServer&) = delete;

  // "127.0.0.1:<port>", the value of AWS_LAMBDA_RUNTIME_API.
  const std::string& address() const { return address_; }
  // The read end of the message pipe, once: the caller owns it.
  int TakeMessageFd();

  // Hands an invocation to the runtime's waiting (or next) GET .../next.
  // `deadline` is wall-clock time (Lambda-Runtime-Deadline-Ms is epoch ms).
  void Deliver(std::string request_id, std::string event, std::chrono::system_clock::time_point deadline);

 private:
  struct Invocation {
    std::string request_id, event;
    std::chrono::system_clock::time_point deadline;
  };
  class Connection;
  struct Reply;

  RuntimeApiServer() = default;
  void Run();
  // Handles one complete request; returns the reply, or nullopt for a
  // GET next that waits for Deliver().
  std::optional<Reply> Handle(const std::string& method, const std::string& target, const std::string& error_type,
                              std::string body);
  Reply NextReply(const Invocation& invocation);
  // Writes one protocol message to the runner (blocking; false once the
  // runner's end is closed or the server stops).
  bool SendMessage(const std::string& message);

  std::string function_arn_;
  std::string address_;
  int listen_fd_ = -1;
  int stop_fd_ = -1;     // eventfd: the destructor wants the thread gone
  int deliver_fd_ = -1;  // eventfd: Deliver() queued an invocation
  int message_read_fd_ = -1, message_write_fd_ = -1;
  bool ready_sent_ = false;
  std::string current_id_;  // handed to the runtime, no response yet (server thread only)

  std::mutex mutex_;
  std::optional<Invocation> pending_;  // delivered, not yet handed out

  std::thread thread_;
};

}  // namespace eddy::functions

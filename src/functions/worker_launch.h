// How a worker process of each runtime is started: its argv, environment,
// working directory and message channel. FunctionRunner starts every worker
// through LaunchWorker, then drives them all with the same pipe protocol
// (python_bootstrap.h).
//
//   python3.N  python3 -u -c <bundled bootstrap>, channel on fds 3/4
//   nodejsN.x  node -e <bundled bootstrap>, channel on fds 3/4
//   provided   <code directory>/bootstrap with AWS_LAMBDA_RUNTIME_API pointing
//              at a RuntimeApiServer of its own, whose messages are the channel
//   command    the Command argv, the event on stdin
#pragma once

#include <memory>
#include <string>

#include "functions/function_config.h"
#include "functions/runtime_api_server.h"
#include "functions/worker_process.h"

namespace eddy::functions {

struct LaunchInputs {
  std::string region;
  std::string endpoint_url;   // eddy's URL, may be empty
  std::string log_stream;     // the worker's log stream (AWS_LAMBDA_LOG_STREAM_NAME)
  std::string function_arn;
  std::string python = "python3";
  std::string node = "node";
};

struct LaunchedWorker {
  // Declared first so it is destroyed last: its thread may still be writing
  // to the channel the process reads while the process is torn down.
  std::unique_ptr<RuntimeApiServer> runtime_api;  // provided runtimes only
  std::unique_ptr<WorkerProcess> process;
};

// Starts a worker of config.runtime. On failure returns false with *error
// the reason Lambda gives for an entrypoint it cannot start, e.g.
// "Couldn't find valid bootstrap(s): [/code/bootstrap]" or
// "cannot start node: No such file or directory" (Runtime.InvalidEntrypoint).
bool LaunchWorker(const FunctionConfig& config, const LaunchInputs& inputs, LaunchedWorker* out, std::string* error);

}  // namespace eddy::functions

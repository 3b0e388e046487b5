#include "functions/worker_launch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include "functions/node_bootstrap.h"
#include "functions/python_bootstrap.h"
#include "functions/worker_environment.h"

namespace eddy::functions {
namespace {

// A provided function's entrypoint, checked as Lambda checks it, with its
// messages: Lambda looks in /var/task and /opt; eddy has no layers, so only
// in the code directory.
bool CheckBootstrap(const std::string& path, std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) {
    *error = "Couldn't find valid bootstrap(s): [" + path + "]";
    return false;
  }
  if (::access(path.c_str(), X_OK) != 0) {
    *error = "fork/exec " + path + ": permission denied";
    return false;
  }
  return true;
}

}  // namespace

bool LaunchWorker(const FunctionConfig& config, const LaunchInputs& inputs, LaunchedWorker* out, std::string* error) {
  WorkerEnvironmentInputs env_inputs = InputsFromProcessEnvironment();
  env_inputs.region = inputs.region;
  env_inputs.endpoint_url = inputs.endpoint_url;
  env_inputs.log_stream_name = inputs.log_stream;
  ProcessSpec spec;
  spec.env = BuildWorkerEnvironment(config, env_inputs);
  spec.cwd = config.code_directory;
  switch (config.kind()) {
    case RuntimeKind::kPython:
    case RuntimeKind::kNode:
      if (config.kind() == RuntimeKind::kPython) {
        spec.argv = {inputs.python, "-u", "-c", std::string(PythonBootstrapScript())};
      } else {
        spec.argv = {inputs.node, "-e", std::string(NodeBootstrapScript())};
      }
      spec.env.push_back("_EDDY_FUNCTION_ARN=" + inputs.function_arn);  // read and removed by the bootstrap
      spec.private_channel = true;
      break;
    case RuntimeKind::kProvided: {
      const std::string bootstrap = config.code_directory + "/bootstrap";
      if (!CheckBootstrap(bootstrap, error)) return false;
      out->runtime_api = RuntimeApiServer::Start(inputs.function_arn, error);
      if (!out->runtime_api) return false;
      spec.env.push_back("AWS_LAMBDA_RUNTIME_API=" + out->runtime_api->address());
      spec.argv = {bootstrap};
      break;
    }
    default:
      spec.argv = config.command;
      break;
  }
  out->process = WorkerProcess::Spawn(spec, error);
  if (!out->process) {
    out->runtime_api.reset();
    return false;
  }
  if (out->runtime_api) out->process->AttachChannel(out->runtime_api->TakeMessageFd());
  return true;
}

}  // namespace eddy::functions

#include "functions/worker_environment.h"

#include <cstdlib>
#include <utility>

#include "functions/lambda_log_lines.h"
#include "functions/runtimes.h"

namespace eddy::functions {
namespace {

std::string GetEnv(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

WorkerEnvironmentInputs InputsFromProcessEnvironment() {
  WorkerEnvironmentInputs inputs;
  inputs.path = GetEnv("PATH");
  inputs.access_key_id = GetEnv("AWS_ACCESS_KEY_ID");
  inputs.secret_access_key = GetEnv("AWS_SECRET_ACCESS_KEY");
  inputs.session_token = GetEnv("AWS_SESSION_TOKEN");
  return inputs;
}

std::vector<std::string> BuildWorkerEnvironment(const FunctionConfig& config, const WorkerEnvironmentInputs& inputs) {
  std::vector<std::pair<std::string, std::string>> vars = {
      {"AWS_LAMBDA_FUNCTION_NAME", config.name},
      {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(config.memory_size_mb)},
      {"AWS_LAMBDA_LOG_GROUP_NAME", LambdaLogGroupName(config.name)},
      {"AWS_LAMBDA_LOG_STREAM_NAME", inputs.log_stream_name},
      {"AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"},
      {"AWS_REGION", inputs.region},
      {"AWS_DEFAULT_REGION", inputs.region},
      {"LAMBDA_TASK_ROOT", config.code_directory},
      {"LAMBDA_RUNTIME_DIR", "/var/runtime"},
      {"TZ", ":UTC"},
      {"LANG", "en_US.UTF-8"},
      {"PATH", inputs.path.empty() ? "/usr/local/bin:/usr/bin:/bin" : inputs.path},
      // Lambda passes the execution role's temporary credentials; locally,
      // eddy's own (or dummies, which eddy accepts) so boto3 signs requests.
      {"AWS_ACCESS_KEY_ID", inputs.access_key_id.empty() ? "AKIAIOSFODNN7EXAMPLE" : inputs.access_key_id},
      {"AWS_SECRET_ACCESS_KEY",
       inputs.secret_access_key.empty() ? "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" : inputs.secret_access_key},
      {"AWS_SESSION_TOKEN", inputs.session_token.empty() ? "eddy-local-session-token" : inputs.session_token},
  };
  // Custom runtimes (Lambda's provided.*) have no AWS_EXECUTION_ENV.
  if (std::string execution_env = ExecutionEnvFor(config.runtime); !execution_env.empty()) {
    vars.emplace_back("AWS_EXECUTION_ENV", std::move(execution_env));
  }
  if (!config.handler.empty()) vars.emplace_back("_HANDLER", config.handler);
  if (!inputs.endpoint_url.empty()) {
    // Service-specific endpoint variables (SDK "endpoint configuration"):
    // boto3 in the handler then talks to eddy without code changes.
    for (const char* name : {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_DYNAMODBSTREAMS", "AWS_ENDPOINT_URL_LOGS"}) {
      vars.emplace_back(name, inputs.endpoint_url);
    }
  }
  for (const auto& [name, value] : config.environment) {
    bool replaced = false;
    for (auto& var : vars) {
      if (var.first == name) {
        var.second = value;
        replaced = true;
      }
    }
    if (!replaced) vars.emplace_back(name, value);
  }
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [name, value] : vars) out.push_back(name + "=" + value);
  return out;
}

}  // namespace eddy::functions

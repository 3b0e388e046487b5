// The environment a function's process starts with: Lambda's defined runtime
// environment variables, then the function's Environment.Variables (which
// override them). Nothing else of eddy's environment is inherited, so a
// handler behaves the same whatever shell started eddy.
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
#pragma once

#include <string>
#include <vector>

#include "functions/function_config.h"

namespace eddy::functions {

struct WorkerEnvironmentInputs {
  std::string region;
  std::string endpoint_url;  // eddy's URL; empty leaves the SDK's endpoints alone
  std::string log_stream_name;
  // Read from eddy's environment by the caller (getenv), passed in so the
  // builder stays pure and testable. Empty means unset.
  std::string path;
  std::string access_key_id, secret_access_key, session_token;
};

// "NAME=value" entries, ready for exec.
std::vector<std::string> BuildWorkerEnvironment(const FunctionConfig& config, const WorkerEnvironmentInputs& inputs);

// Fills path and credentials from eddy's own environment.
WorkerEnvironmentInputs InputsFromProcessEnvironment();

}  // namespace eddy::functions

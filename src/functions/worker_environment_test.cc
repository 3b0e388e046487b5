#include "functions/worker_environment.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace eddy::functions {
namespace {

bool Has(const std::vector<std::string>& env, const std::string& entry) {
  return std::find(env.begin(), env.end(), entry) != env.end();
}

}  // namespace

TEST_CASE("worker environment: Lambda's variables, endpoints, then the function's overrides") {
  FunctionConfig config;
  config.name = "fn";
  config.runtime = "python3.12";
  config.handler = "app.handler";
  config.code_directory = "/code";
  config.memory_size_mb = 256;
  config.environment = {{"TABLE", "t1"}, {"AWS_REGION", "eu-north-1"}};
  WorkerEnvironmentInputs inputs;
  inputs.region = "us-west-2";
  inputs.endpoint_url = "http://127.0.0.1:8000";
  inputs.log_stream_name = "2024/01/01/[$LATEST]abc";
  inputs.path = "/usr/bin";
  inputs.access_key_id = "AKIDEXAMPLE";

  auto env = BuildWorkerEnvironment(config, inputs);
  CHECK(Has(env, "AWS_LAMBDA_FUNCTION_NAME=fn"));
  CHECK(Has(env, "AWS_LAMBDA_FUNCTION_VERSION=$LATEST"));
  CHECK(Has(env, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256"));
  CHECK(Has(env, "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/fn"));
  CHECK(Has(env, "AWS_LAMBDA_LOG_STREAM_NAME=2024/01/01/[$LATEST]abc"));
  CHECK(Has(env, "AWS_LAMBDA_INITIALIZATION_TYPE=on-demand"));
  CHECK(Has(env, "AWS_EXECUTION_ENV=AWS_Lambda_python3.12"));
  CHECK(Has(env, "_HANDLER=app.handler"));
  CHECK(Has(env, "LAMBDA_TASK_ROOT=/code"));
  CHECK(Has(env, "TZ=:UTC"));
  CHECK(Has(env, "PATH=/usr/bin"));
  CHECK(Has(env, "AWS_ACCESS_KEY_ID=AKIDEXAMPLE"));
  CHECK(std::count_if(env.begin(), env.end(), [](auto& e) { return e.rfind("AWS_SECRET_ACCESS_KEY=", 0) == 0; }) == 1);
  CHECK(Has(env, "AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000"));
  CHECK(Has(env, "AWS_ENDPOINT_URL_DYNAMODBSTREAMS=http://127.0.0.1:8000"));
  CHECK(Has(env, "AWS_ENDPOINT_URL_LOGS=http://127.0.0.1:8000"));
  CHECK(Has(env, "AWS_DEFAULT_REGION=us-west-2"));
  CHECK(Has(env, "AWS_REGION=eu-north-1"));  // overridden, not duplicated
  CHECK(!Has(env, "AWS_REGION=us-west-2"));
  CHECK(Has(env, "TABLE=t1"));

  inputs.endpoint_url.clear();
  config.runtime = "command";
  env = BuildWorkerEnvironment(config, inputs);
  CHECK(std::none_of(env.begin(), env.end(), [](auto& e) { return e.rfind("AWS_ENDPOINT_URL", 0) == 0; }));
  CHECK(std::none_of(env.begin(), env.end(), [](auto& e) { return e.rfind("AWS_EXECUTION_ENV", 0) == 0; }));
}

}  // namespace eddy::functions

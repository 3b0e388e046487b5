// FunctionRunner with provided.* functions: a `bootstrap` (here a python3
// script using only urllib, so the tests need nothing but python3) talking
// to eddy's Lambda Runtime API.
#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "core/json.h"
#include "functions/function_runner.h"
#include "functions/function_runner_test_fixture.h"

namespace eddy::functions {
namespace {

// A runtime loop in the shape of Lambda's custom runtime tutorial. The event
// steers it: {"fail": ...} posts to /error, {"chunked": true} answers with
// a chunked body, {"wrong_id": true} first posts to another request id,
// {"exit": N} exits, {"sleep": S} sleeps.
const char* kBootstrap = R"PY(#!/usr/bin/env python3
import json, os, sys, time, urllib.error, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
print("init handler=%s" % os.environ.get("_HANDLER"), flush=True)
if os.environ.get("INIT_ERROR"):
    body = json.dumps({"errorMessage": "config missing", "errorType": "InitFailed"}).encode()
    urllib.request.urlopen(urllib.request.Request(api + "/init/error", data=body, method="POST",
        headers={"Lambda-Runtime-Function-Error-Type": "Runtime.InitFailed"})).read()
    sys.exit(1)
count = 0
def post(path, data, headers={}):
    request = urllib.request.Request(api + path, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
while True:
    with urllib.request.urlopen(api + "/invocation/next") as response:
        headers = response.headers
        event = json.loads(response.read())
    request_id = headers["Lambda-Runtime-Aws-Request-Id"]
    count += 1
    print("got", request_id, flush=True)
    if "sleep" in event:
        time.sleep(event["sleep"])
    if "exit" in event:
        sys.exit(event["exit"])
    if event.get("fail"):
        status, text = post("/invocation/%s/error" % request_id,
                            json.dumps({"errorMessage": "bad thing", "errorType": "MyError",
                                        "stackTrace": ["line 1"]}).encode(),
                            {"Lambda-Runtime-Function-Error-Type": event["fail"]})
        continue
    result = {"count": count, "event": event, "status": None,
              "deadline_ms": int(headers["Lambda-Runtime-Deadline-Ms"]) - int(time.time() * 1000),
              "arn": headers["Lambda-Runtime-Invoked-Function-Arn"], "trace": headers["Lambda-Runtime-Trace-Id"],
              "handler": os.environ.get("_HANDLER"), "env": os.environ.get("AWS_EXECUTION_ENV")}
    if event.get("wrong_id"):
        result["wrong"] = post("/invocation/not-the-id/response", b"{}")
    data = json.dumps(result).encode()
    if event.get("chunked"):
        data = iter([data[:5], data[5:]])  # no Content-Length: urllib sends it chunked
    status, text = post("/invocation/%s/response" % request_id, data)
    print("response", status, text, flush=True)
)PY";

}  // namespace

TEST_CASE_FIXTURE(Fixture, "provided: a bootstrap answering through the Runtime API, warm, chunked bodies") {
  FunctionRunner runner(Provided(kBootstrap), Env());
  InvokeResult first = runner.Invoke(R"({"k": "v"})");
  REQUIRE_MESSAGE(first.ok(), first.payload, "\n", first.log);
  JsonDocument doc;
  doc.Parse(first.payload.c_str());
  REQUIRE(doc.IsObject());
  CHECK(doc["count"].GetInt() == 1);
  CHECK(std::string(doc["event"]["k"].GetString()) == "v");
  CHECK(doc["deadline_ms"].GetInt() > 1000);  // epoch milliseconds of the 3 s timeout
  CHECK(doc["deadline_ms"].GetInt() <= 3100);
  CHECK(std::string(doc["arn"].GetString()) == runner.FunctionArn());
  CHECK(std::regex_match(doc["trace"].GetString(),
                         std::regex("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0")));
  CHECK(std::string(doc["handler"].GetString()) == "function.handler");
  CHECK(doc["env"].IsNull());  // custom runtimes have no AWS_EXECUTION_ENV

  // The init output precedes START; the bootstrap's output is the function's log.
  auto events = sink.events();
  CHECK(events.front().message == "init handler=function.handler\n");
  auto lines = sink.Invocation(first.request_id);
  REQUIRE(lines.size() == 5);
  CHECK(lines[1] == "got " + first.request_id + "\n");
  CHECK(lines[2] == "response 202 {\"status\":\"OK\"}\n");
  CHECK(lines[4].find("Init Duration") != std::string::npos);

  InvokeResult chunked = runner.Invoke(R"({"chunked": true})");
  REQUIRE(chunked.ok());
  doc.Parse(chunked.payload.c_str());
  REQUIRE(doc.IsObject());
  CHECK(doc["count"].GetInt() == 2);  // the same execution environment
  CHECK(sink.stream_count() == 1);

  InvokeResult wrong = runner.Invoke(R"({"wrong_id": true})");
  doc.Parse(wrong.payload.c_str());
  REQUIRE(doc.IsObject());
  CHECK(doc["wrong"][0].GetInt() == 400);
  CHECK(std::string(doc["wrong"][1].GetString()) == R"({"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"})");
}

TEST_CASE_FIXTURE(Fixture, "provided: the shell and curl bootstrap of Lambda's custom runtime tutorial") {
  if (!HaveProgram("curl")) {
    MESSAGE("skipped: curl is not on PATH (the python3 bootstrap tests cover the Runtime API)");
    return;
  }
  FunctionRunner runner(Provided("#!/bin/sh\n"
                                 "set -eu\n"
                                 "API=\"http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation\"\n"
                                 "HEADERS=\"$(mktemp)\"\n"
                                 "while true; do\n"
                                 "  EVENT=$(curl -sS -D \"$HEADERS\" \"$API/next\")\n"
                                 "  ID=$(grep -i Lambda-Runtime-Aws-Request-Id \"$HEADERS\" | tr -d '[:space:]' | cut -d: -f2)\n"
                                 "  echo \"handling $ID\"\n"
                                 "  curl -sS -X POST \"$API/$ID/response\" -d \"{\\\"echo\\\": $EVENT}\" >/dev/null\n"
                                 "done\n"),
                        Env());
  InvokeResult result = runner.Invoke(R"({"k": 1})");
  REQUIRE_MESSAGE(result.ok(), result.log);
  CHECK(result.payload == R"({"echo": {"k": 1}})");
  CHECK(Logged(result.request_id, "handling " + result.request_id + "\n"));
  CHECK(runner.Invoke("[2]").payload == R"({"echo": [2]})");
}

TEST_CASE_FIXTURE(Fixture, "provided: /error is a function error with the posted body; the worker stays warm") {
  FunctionRunner runner(Provided(kBootstrap), Env());
  InvokeResult failed = runner.Invoke(R"({"fail": "Unhandled.MyError"})");
  CHECK(failed.status == Status::kFunctionError);
  CHECK(failed.error_type == "Unhandled.MyError");  // the Lambda-Runtime-Function-Error-Type header
  CHECK(failed.error_message == "bad thing");
  CHECK(failed.payload == R"({"errorMessage": "bad thing", "errorType": "MyError", "stackTrace": ["line 1"]})");
  InvokeResult next = runner.Invoke("{}");
  CHECK(next.ok());
  JsonDocument doc;
  doc.Parse(next.payload.c_str());
  CHECK(doc["count"].GetInt() == 2);
}

TEST_CASE_FIXTURE(Fixture, "provided: a missing or non-executable bootstrap is Runtime.InvalidEntrypoint") {
  InvokeResult missing = FunctionRunner(Provided(""), Env()).Invoke(kRecords);
  CHECK(missing.status == Status::kFunctionError);
  CHECK(missing.error_type == "Runtime.InvalidEntrypoint");
  CHECK(missing.error_message ==
        "RequestId: " + missing.request_id + " Error: Couldn't find valid bootstrap(s): [" + dir.path() + "/bootstrap]");
  CHECK(Logged(missing.request_id, missing.error_message + "\nRuntime.InvalidEntrypoint\n"));

  dir.Write("bootstrap", "#!/bin/sh\n");
  std::filesystem::permissions(dir.path() + "/bootstrap", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  InvokeResult not_executable = FunctionRunner(Provided(""), Env()).Invoke(kRecords);
  CHECK(not_executable.error_type == "Runtime.InvalidEntrypoint");
  CHECK(not_executable.error_message == "RequestId: " + not_executable.request_id + " Error: fork/exec " + dir.path() +
                                            "/bootstrap: permission denied");
}

TEST_CASE_FIXTURE(Fixture, "provided: init/error, exits, timeouts; nothing left behind") {
  size_t fds = OpenFdCount();
  {
    auto config = Provided(kBootstrap, 1);
    config.environment = {{"INIT_ERROR", "1"}};
    InvokeResult init_error = FunctionRunner(config, Env()).Invoke(kRecords);
    CHECK(init_error.status == Status::kFunctionError);
    CHECK(init_error.error_type == "Runtime.InitFailed");
    CHECK(init_error.error_message == "config missing");

    FunctionRunner early_exit(Provided("#!/bin/sh\necho starting\nexit 0\n"), Env());
    InvokeResult exited = early_exit.Invoke(kRecords);
    CHECK(exited.status == Status::kCrashed);
    CHECK(exited.error_message == "RequestId: " + exited.request_id + " Error: Runtime exited without providing a reason");
    CHECK(exited.log.find("starting\n") != std::string::npos);

    FunctionRunner runner(Provided(kBootstrap, 1), Env());
    InvokeResult crashed = runner.Invoke(R"({"exit": 3})");
    CHECK(crashed.status == Status::kCrashed);
    CHECK(crashed.error_message == "RequestId: " + crashed.request_id + " Error: Runtime exited with error: exit status 3");
    auto start = std::chrono::steady_clock::now();
    InvokeResult timed_out = runner.Invoke(R"({"sleep": 30})");
    CHECK(timed_out.status == Status::kTimeout);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    CHECK(runner.Invoke("{}").ok());
    CHECK(ChildCount() == 1);  // the one warm worker
  }
  CHECK(ChildCount() == 0);
  CHECK(OpenFdCount() == fds);
}

TEST_CASE_FIXTURE(Fixture, "provided: Shutdown ends an in-flight invocation and the runner goes at once") {
  auto runner = std::make_unique<FunctionRunner>(Provided(kBootstrap, 30), Env());
  REQUIRE(runner->Invoke("{}").ok());
  InvokeResult result;
  auto start = std::chrono::steady_clock::now();
  std::thread t([&] { result = runner->Invoke(R"({"sleep": 20})"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  runner->Shutdown();
  t.join();
  runner.reset();
  CHECK(result.status == Status::kCrashed);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  CHECK(ChildCount() == 0);
}

}  // namespace eddy::functions

// Runs real python3 workers and shell commands; the handlers are written to a
// temp directory per test.
#include "functions/function_runner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

#include "core/json.h"
#include "functions/function_runner_test_fixture.h"

namespace eddy::functions {

TEST_CASE_FIXTURE(Fixture, "python: warm module state, framing, Init Duration only on the first REPORT") {
  FunctionRunner runner(Python("count = 0\n"
                               "def handler(event, context):\n"
                               "    global count\n"
                               "    count += 1\n"
                               "    print('records', len(event['Records']))\n"
                               "    print('no newline', end='')\n"
                               "    return {'count': count}\n"),
                        Env());
  CHECK(runner.LogGroupName() == "/aws/lambda/fn");
  CHECK(runner.FunctionArn() == "arn:aws:lambda:us-east-1:000000000000:function:fn");
  InvokeResult first = runner.Invoke(kRecords);
  REQUIRE(first.ok());
  CHECK(first.payload == R"({"count": 1})");
  InvokeResult second = runner.Invoke(kRecords);
  CHECK(second.payload == R"({"count": 2})");
  CHECK(sink.stream_count() == 1);  // same execution environment

  auto lines = sink.Invocation(first.request_id);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "START RequestId: " + first.request_id + " Version: $LATEST\n");
  CHECK(lines[1] == "records 1\n");
  CHECK(lines[2] == "no newline");
  CHECK(lines[3] == "END RequestId: " + first.request_id + "\n");
  CHECK(std::regex_match(lines[4], std::regex("REPORT RequestId: " + first.request_id +
                                              "\tDuration: [0-9]+\\.[0-9]{2} ms\tBilled Duration: [0-9]+ ms\t"
                                              "Memory Size: 128 MB\tMax Memory Used: [1-9][0-9]* MB\t"
                                              "Init Duration: [0-9]+\\.[0-9]{2} ms\t\n")));
  auto warm = sink.Invocation(second.request_id);
  CHECK(warm.back().find("Init Duration") == std::string::npos);
  auto events = sink.events();
  CHECK(std::all_of(events.begin(), events.end(), [](const Event& e) {
    return e.group == "/aws/lambda/fn" && std::regex_match(e.stream, std::regex(R"(\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32})"));
  }));
}

TEST_CASE_FIXTURE(Fixture, "python: a chatty handler cannot deadlock on full pipes; multi-line events arrive whole") {
  FunctionRunner runner(Python("import logging, sys\n"
                               "def handler(event, context):\n"
                               "    for i in range(3000):\n"
                               "        print('x' * 100)\n"
                               "        sys.stderr.write('e' * 100 + '\\n')\n"
                               "        logging.warning('w')\n"
                               "    return event['k']\n"),
                        Env());
  InvokeResult result = runner.Invoke("{\"k\":\n  \"v\"}\n");
  REQUIRE(result.ok());
  CHECK(result.payload == "\"v\"");
  CHECK(sink.Invocation(result.request_id).size() == 9003);
}

TEST_CASE_FIXTURE(Fixture, "python: logging records in Lambda's format, one event each, root level WARNING") {
  FunctionRunner runner(Python("import logging\n"
                               "logger = logging.getLogger()\n"
                               "def handler(event, context):\n"
                               "    logger.info('not shown at the default level')\n"
                               "    logger.warning('two\\nlines')\n"
                               "    logger.setLevel(logging.INFO)\n"
                               "    logger.info('hello %s', 'world')\n"
                               "    logger.setLevel(logging.WARNING)\n"),
                        Env());
  InvokeResult result = runner.Invoke(kRecords);
  REQUIRE(result.ok());
  CHECK(result.payload == "null");
  auto lines = sink.Invocation(result.request_id);
  REQUIRE(lines.size() == 5);
  const std::string ts = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)";
  CHECK(std::regex_match(lines[1], std::regex("\\[WARNING\\]\t" + ts + "\t" + result.request_id + "\ttwo\nlines\n")));
  CHECK(std::regex_match(lines[2], std::regex("\\[INFO\\]\t" + ts + "\t" + result.request_id + "\thello world\n")));
}

TEST_CASE_FIXTURE(Fixture, "python: an exception is a function error with Lambda's [ERROR] report") {
  FunctionRunner runner(Python("def handler(event, context):\n"
                               "    raise ValueError('boom')\n"),
                        Env());
  InvokeResult result = runner.Invoke(kRecords);
  CHECK(result.status == Status::kFunctionError);
  CHECK(result.error_type == "ValueError");
  CHECK(result.error_message == "boom");
  // Lambda's Python runtime's payload, requestId included.
  CHECK(result.payload == R"({"errorMessage": "boom", "errorType": "ValueError", "requestId": ")" + result.request_id +
                              R"(", "stackTrace": ["  File \")" + dir.path() +
                              R"(/app.py\", line 2, in handler\n    raise ValueError('boom')\n"]})");
  auto lines = sink.Invocation(result.request_id);
  REQUIRE(lines.size() == 4);
  const std::string nbsp = "\u00a0";
  CHECK(lines[1] == "[ERROR] ValueError: boom\nTraceback (most recent call last):\n" + nbsp + nbsp + "File \"" +
                        dir.path() + "/app.py\", line 2, in handler\n" + nbsp + nbsp + nbsp + nbsp +
                        "raise ValueError('boom')");
  CHECK(runner.Invoke(kRecords).status == Status::kFunctionError);  // the worker stays warm
  CHECK(sink.stream_count() == 1);
}

TEST_CASE_FIXTURE(Fixture, "python: return values, batchItemFailures and Runtime.MarshalError") {
  FunctionRunner runner(Python("import decimal\n"
                               "def handler(event, context):\n"
                               "    if event.get('bad'):\n"
                               "        return {1, 2}\n"
                               "    return {'batchItemFailures': [{'itemIdentifier': event['Records'][0]['eventID']}],\n"
                               "            'n': decimal.Decimal('5')}\n"),
                        Env());
  InvokeResult result = runner.Invoke(kRecords);
  CHECK(result.payload == R"({"batchItemFailures": [{"itemIdentifier": "1"}], "n": 5})");
  InvokeResult bad = runner.Invoke(R"({"bad": true})");
  CHECK(bad.status == Status::kFunctionError);
  CHECK(bad.error_type == "Runtime.MarshalError");
  CHECK(bad.error_message == "Unable to marshal response: Object of type set is not JSON serializable");
  CHECK(Logged(bad.request_id,
               "[ERROR] Runtime.MarshalError: Unable to marshal response: Object of type set is not JSON "
               "serializable\nTraceback (most recent call last):"));
}

TEST_CASE_FIXTURE(Fixture, "python: context object and environment") {
  auto config = Python("import os, json\n"
                       "def handler(event, context):\n"
                       "    names = ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_REGION', 'AWS_EXECUTION_ENV', '_HANDLER',\n"
                       "             'LAMBDA_TASK_ROOT', 'TZ', 'AWS_ENDPOINT_URL_DYNAMODB', 'MY_VAR', 'HOME',\n"
                       "             '_EDDY_FUNCTION_ARN', 'AWS_LAMBDA_LOG_STREAM_NAME']\n"
                       "    return {'env': {n: os.environ.get(n) for n in names}, 'cwd': os.getcwd(),\n"
                       "            'ctx': [context.function_name, context.function_version, context.invoked_function_arn,\n"
                       "                    context.memory_limit_in_mb, context.aws_request_id, context.log_group_name,\n"
                       "                    context.log_stream_name, context.identity, context.client_context],\n"
                       "            'remaining': context.get_remaining_time_in_millis()}\n",
                       5);
  config.environment = {{"MY_VAR", "x"}};
  FunctionRunner runner(config, Env());
  InvokeResult result = runner.Invoke(kRecords);
  REQUIRE(result.ok());
  JsonDocument doc;
  doc.Parse(result.payload.c_str());
  REQUIRE(doc.IsObject());
  const auto& env = doc["env"];
  CHECK(std::string(env["AWS_LAMBDA_FUNCTION_NAME"].GetString()) == "fn");
  CHECK(std::string(env["AWS_REGION"].GetString()) == "us-east-1");
  CHECK(std::string(env["AWS_EXECUTION_ENV"].GetString()) == "AWS_Lambda_python3.11");
  CHECK(std::string(env["_HANDLER"].GetString()) == "app.handler");
  CHECK(std::string(env["LAMBDA_TASK_ROOT"].GetString()) == dir.path());
  CHECK(std::string(env["TZ"].GetString()) == ":UTC");
  CHECK(std::string(env["AWS_ENDPOINT_URL_DYNAMODB"].GetString()) == "http://127.0.0.1:8000");
  CHECK(std::string(env["MY_VAR"].GetString()) == "x");
  CHECK(env["HOME"].IsNull());  // eddy's environment is not inherited
  CHECK(env["_EDDY_FUNCTION_ARN"].IsNull());
  CHECK(std::string(doc["cwd"].GetString()) == dir.path());
  const auto& ctx = doc["ctx"];
  CHECK(std::string(ctx[0].GetString()) == "fn");
  CHECK(std::string(ctx[1].GetString()) == "$LATEST");
  CHECK(std::string(ctx[2].GetString()) == runner.FunctionArn());
  CHECK(std::string(ctx[3].GetString()) == "128");
  CHECK(std::string(ctx[4].GetString()) == result.request_id);
  CHECK(std::string(ctx[5].GetString()) == "/aws/lambda/fn");
  CHECK(std::string(ctx[6].GetString()) == env["AWS_LAMBDA_LOG_STREAM_NAME"].GetString());
  CHECK(std::string(ctx[6].GetString()) == sink.events().front().stream);
  CHECK(ctx[7].IsNull());
  CHECK(ctx[8].IsNull());
  CHECK(doc["remaining"].GetInt() > 4000);
  CHECK(doc["remaining"].GetInt() <= 5000);
}

TEST_CASE_FIXTURE(Fixture, "python: a timeout kills the worker; the next invocation cold-starts") {
  FunctionRunner runner(Python("import time\n"
                               "def handler(event, context):\n"
                               "    if event.get('sleep'):\n"
                               "        print('going to sleep')\n"
                               "        time.sleep(30)\n"
                               "    return 'ok'\n",
                               1),
                        Env());
  auto start = std::chrono::steady_clock::now();
  InvokeResult result = runner.Invoke(R"({"sleep": true})");
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(result.status == Status::kTimeout);
  CHECK(result.error_type == "Sandbox.Timedout");
  CHECK(result.error_message == "Task timed out after 1.00 seconds");
  CHECK(elapsed >= std::chrono::seconds(1));
  CHECK(elapsed < std::chrono::seconds(10));  // killed at the timeout, not after the 30 s sleep
  auto lines = sink.Invocation(result.request_id);
  REQUIRE(lines.size() == 5);
  CHECK(lines[1] == "going to sleep\n");
  CHECK(std::regex_match(lines[2], std::regex(".*Z " + result.request_id + " Task timed out after 1\\.00 seconds\n")));
  CHECK(lines[3] == "END RequestId: " + result.request_id + "\n");

  InvokeResult next = runner.Invoke(kRecords);
  CHECK(next.ok());
  CHECK(next.payload == "\"ok\"");
  CHECK(sink.stream_count() == 2);
  CHECK(sink.Invocation(next.request_id).back().find("Init Duration") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "python: a worker that exits mid-invocation is a crash; the next one is fresh") {
  FunctionRunner runner(Python("import os\n"
                               "def handler(event, context):\n"
                               "    if event.get('exit'):\n"
                               "        print('bye')\n"
                               "        os._exit(1)\n"
                               "    if event.get('kill'):\n"
                               "        os.kill(os.getpid(), 9)\n"
                               "    return 1\n"),
                        Env());
  InvokeResult crashed = runner.Invoke(R"({"exit": true})");
  CHECK(crashed.status == Status::kCrashed);
  CHECK(crashed.error_type == "Runtime.ExitError");
  CHECK(crashed.error_message == "RequestId: " + crashed.request_id + " Error: Runtime exited with error: exit status 1");
  CHECK(Logged(crashed.request_id, "bye\n"));
  CHECK(Logged(crashed.request_id, "RequestId: " + crashed.request_id +
                                       " Error: Runtime exited with error: exit status 1\nRuntime.ExitError\n"));
  CHECK(runner.Invoke(kRecords).ok());
  InvokeResult killed = runner.Invoke(R"({"kill": true})");
  CHECK(killed.status == Status::kCrashed);
  CHECK(killed.error_message.find("signal: killed") != std::string::npos);
  CHECK(runner.Invoke(kRecords).ok());
}

TEST_CASE_FIXTURE(Fixture, "no zombies and no leaked fds once a runner is gone") {
  size_t fds = OpenFdCount();
  {
    FunctionRunner runner(Python("import os, time\n"
                                 "def handler(event, context):\n"
                                 "    if event.get('exit'):\n"
                                 "        os._exit(2)\n"
                                 "    if event.get('sleep'):\n"
                                 "        time.sleep(5)\n",
                                 1),
                          Env());
    CHECK(runner.Invoke(kRecords).ok());
    CHECK(runner.Invoke(R"({"exit": true})").status == Status::kCrashed);
    CHECK(runner.Invoke(R"({"sleep": true})").status == Status::kTimeout);
    CHECK(runner.Invoke(kRecords).ok());
    CHECK(ChildCount() == 1);  // the one warm worker
    FunctionRunner command(Command({"/bin/sh", "-c", "exit 1"}), Env());
    command.Invoke(kRecords);
    CHECK(ChildCount() == 1);
  }
  CHECK(ChildCount() == 0);
  CHECK(OpenFdCount() == fds);
}

TEST_CASE_FIXTURE(Fixture, "python: an import failure is Runtime.ImportModuleError, retried on a new worker") {
  auto config = Python("");
  config.handler = "missing.handler";
  FunctionRunner runner(config, Env());
  InvokeResult result = runner.Invoke(kRecords);
  CHECK(result.status == Status::kFunctionError);
  CHECK(result.error_type == "Runtime.ImportModuleError");
  CHECK(result.error_message == "Unable to import module 'missing': No module named 'missing'");
  CHECK(result.payload == R"({"errorMessage": "Unable to import module 'missing': No module named 'missing'", )"
                          R"("errorType": "Runtime.ImportModuleError", "requestId": "", "stackTrace": []})");
  // The tail of a cold start has the init's output before START.
  CHECK(result.log.find("[ERROR] Runtime.ImportModuleError: Unable to import module 'missing'") <
        result.log.find("START RequestId: " + result.request_id));
  auto events = sink.events();
  CHECK(std::any_of(events.begin(), events.end(), [](const Event& e) {
    return e.message ==
           "[ERROR] Runtime.ImportModuleError: Unable to import module 'missing': No module named 'missing'\n"
           "Traceback (most recent call last):";
  }));
  CHECK(std::any_of(events.begin(), events.end(),
                    [](const Event& e) { return e.message.rfind("[WARNING]\t", 0) == 0 && e.message.find("LAMBDA_WARNING: Unhandled exception.") != std::string::npos; }));
  CHECK(runner.Invoke(kRecords).error_type == "Runtime.ImportModuleError");
  CHECK(sink.stream_count() == 2);

  FunctionConfig no_python = config;
  RunnerEnvironment bad_env = Env();
  bad_env.python = "/nonexistent/python3";
  FunctionRunner no_interpreter(no_python, bad_env);
  InvokeResult no_entry = no_interpreter.Invoke(kRecords);
  CHECK(no_entry.error_type == "Runtime.InvalidEntrypoint");
  CHECK(no_entry.error_message == "RequestId: " + no_entry.request_id +
                                      " Error: cannot start /nonexistent/python3: No such file or directory");
  CHECK(Logged(no_entry.request_id, no_entry.error_message + "\nRuntime.InvalidEntrypoint\n"));

  config.handler = "app.nope";
  FunctionRunner missing_function(config, Env());
  CHECK(missing_function.Invoke(kRecords).error_message == "Handler 'nope' missing on module 'app'");
}

TEST_CASE_FIXTURE(Fixture, "python: concurrent invocations use separate warm workers") {
  FunctionRunner runner(Python("import time, os\n"
                               "def handler(event, context):\n"
                               "    start = time.time()\n"
                               "    time.sleep(1.0)\n"
                               "    return [os.getpid(), start, time.time()]\n"),
                        Env());
  InvokeResult a, b;
  std::thread t1([&] { a = runner.Invoke(kRecords); });
  std::thread t2([&] { b = runner.Invoke(kRecords); });
  t1.join();
  t2.join();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  JsonDocument da, db;
  da.Parse(a.payload.c_str());
  db.Parse(b.payload.c_str());
  CHECK(da[0].GetInt() != db[0].GetInt());  // two processes...
  CHECK(da[1].GetDouble() < db[2].GetDouble());  // ...whose handlers ran at the same time
  CHECK(db[1].GetDouble() < da[2].GetDouble());
  CHECK(sink.stream_count() == 2);
}

TEST_CASE_FIXTURE(Fixture, "python: Shutdown ends an in-flight invocation promptly") {
  FunctionRunner runner(Python("import time\n"
                               "def handler(event, context):\n"
                               "    time.sleep(20)\n",
                               30),
                        Env());
  InvokeResult result;
  auto start = std::chrono::steady_clock::now();
  std::thread t([&] { result = runner.Invoke(kRecords); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  runner.Shutdown();
  t.join();
  CHECK(result.status == Status::kCrashed);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));  // not the 20 s sleep
  CHECK(runner.Invoke(kRecords).status == Status::kCrashed);
  runner.Shutdown();
}

TEST_CASE_FIXTURE(Fixture, "python: warm invocation round trip (benchmark)") {
  FunctionRunner runner(Python("def handler(event, context):\n"
                               "    return {'batchItemFailures': []}\n"),
                        Env());
  REQUIRE(runner.Invoke(kRecords).ok());
  std::vector<double> micros;
  for (int i = 0; i < 200; ++i) {
    auto start = std::chrono::steady_clock::now();
    REQUIRE(runner.Invoke(kRecords).ok());
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(micros.begin(), micros.end());
  std::printf("warm python invocation round trip: p50 %.0f us, p99 %.0f us\n", micros[100], micros[198]);
  CHECK(micros[100] < 5000);
}

TEST_CASE_FIXTURE(Fixture, "the invocation's log tail: START to REPORT as written, the last 4 KB at most") {
  FunctionRunner runner(Python("print('init output')\n"
                               "def handler(event, context):\n"
                               "    print('partial', end='')\n"
                               "    for i in range(event.get('lines', 0)):\n"
                               "        print('line', i)\n"
                               "    return 1\n"),
                        Env());
  InvokeResult cold = runner.Invoke("{}");
  REQUIRE(cold.ok());
  std::string expected;
  for (const std::string& message : sink.Invocation(cold.request_id)) {
    expected += message;
    if (message.back() != '\n') expected += '\n';
  }
  CHECK(cold.log == "init output\n" + expected);  // a cold start's init output comes first
  CHECK(cold.log.find("partial\nEND RequestId: " + cold.request_id + "\nREPORT RequestId: " + cold.request_id) !=
        std::string::npos);

  InvokeResult warm = runner.Invoke("{}");
  CHECK(warm.log.rfind("START RequestId: " + warm.request_id + " Version: $LATEST\n", 0) == 0);
  CHECK(warm.log.find("init output") == std::string::npos);

  InvokeResult chatty = runner.Invoke(R"({"lines": 5000})");
  CHECK(chatty.log.size() == kInvocationLogTailBytes);
  CHECK(chatty.log.find("line 4999\nEND RequestId: " + chatty.request_id + "\nREPORT RequestId: ") != std::string::npos);

  InvokeResult failed = FunctionRunner(Command({"/bin/sh", "-c", "echo oops; exit 3"}), Env()).Invoke(kRecords);
  CHECK(failed.log.find("oops\nRequestId: " + failed.request_id +
                        " Error: Runtime exited with error: exit status 3\nRuntime.ExitError\nEND RequestId: ") !=
        std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "command: event on stdin, output framed, last JSON line is the payload") {
  FunctionRunner runner(Command({"/bin/sh", "-c",
                                 "echo \"cwd=$(pwd) fn=$AWS_LAMBDA_FUNCTION_NAME\"; echo warn >&2; "
                                 "cat >/dev/null; echo '{\"batchItemFailures\": []}'"}),
                        Env());
  InvokeResult result = runner.Invoke(kRecords);
  REQUIRE(result.ok());
  CHECK(result.payload == R"({"batchItemFailures": []})");
  CHECK(Logged(result.request_id, "cwd=" + dir.path() + " fn=cmd\n"));
  CHECK(Logged(result.request_id, "warn\n"));
  InvokeResult again = runner.Invoke(kRecords);
  CHECK(again.ok());
  CHECK(sink.stream_count() == 1);  // one stream per runner
  auto lines = sink.Invocation(again.request_id);
  CHECK(lines.back().find("Init Duration") == std::string::npos);

  FunctionRunner echo(Command({"cat"}), Env());
  CHECK(echo.Invoke(kRecords).payload == kRecords);
  FunctionRunner plain(Command({"/bin/echo", "not json"}), Env());
  CHECK(plain.Invoke(kRecords).payload == "null");
}

TEST_CASE_FIXTURE(Fixture, "command: non-zero exit, missing executable, timeout") {
  FunctionRunner failing(Command({"/bin/sh", "-c", "echo oops; exit 3"}), Env());
  InvokeResult result = failing.Invoke(kRecords);
  CHECK(result.status == Status::kFunctionError);
  CHECK(result.error_type == "Runtime.ExitError");
  CHECK(result.error_message.find("exit status 3") != std::string::npos);
  CHECK(Logged(result.request_id, "oops\n"));

  FunctionRunner missing(Command({"/nonexistent/handler"}), Env());
  CHECK(missing.Invoke(kRecords).status == Status::kFunctionError);

  FunctionRunner slow(Command({"/bin/sh", "-c", "sleep 30 & sleep 30"}, 1), Env());
  auto start = std::chrono::steady_clock::now();
  InvokeResult timed_out = slow.Invoke(kRecords);
  CHECK(timed_out.status == Status::kTimeout);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));  // not the 30 s sleep
}

}  // namespace eddy::functions

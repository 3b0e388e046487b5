// FunctionRunner with nodejsN.x functions: real node workers running the
// bundled bootstrap. Skipped, with a message, where node is not installed.
#include <doctest/doctest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "core/json.h"
#include "functions/function_runner.h"
#include "functions/function_runner_test_fixture.h"

namespace eddy::functions {
namespace {

const std::string kTimestamp = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)";

#define SKIP_WITHOUT_NODE()                                                  \
  if (!HaveProgram("node")) {                                                \
    MESSAGE("skipped: node is not on PATH (nodejs runtimes need it)");       \
    return;                                                                  \
  }

std::string String(const JsonValue& value) { return {value.GetString(), value.GetStringLength()}; }

}  // namespace

TEST_CASE_FIXTURE(Fixture, "nodejs: an async ES module handler, warm state, console as Lambda formats it, context") {
  SKIP_WITHOUT_NODE();
  FunctionRunner runner(Node("let count = 0;\n"
                             "console.log('loading');\n"
                             "export const handler = async (event, context) => {\n"
                             "  count += 1;\n"
                             "  console.log('records %d', event.Records.length, { a: 1 });\n"
                             "  console.info('info'); console.warn('two\\nlines'); console.error('err'); console.debug('dbg');\n"
                             "  process.stdout.write('raw output\\n');\n"
                             "  return { count, env: process.env.AWS_EXECUTION_ENV, arnVar: process.env._EDDY_FUNCTION_ARN ?? null,\n"
                             "    ctx: [context.functionName, context.functionVersion, context.invokedFunctionArn,\n"
                             "          context.memoryLimitInMB, context.awsRequestId, context.logGroupName, context.logStreamName,\n"
                             "          context.callbackWaitsForEmptyEventLoop],\n"
                             "    remaining: context.getRemainingTimeInMillis() };\n"
                             "};\n",
                             "index.mjs"),
                        Env());
  InvokeResult first = runner.Invoke(kRecords);
  REQUIRE_MESSAGE(first.ok(), first.payload);
  JsonDocument doc;
  doc.Parse(first.payload.c_str());
  REQUIRE(doc.IsObject());
  CHECK(doc["count"].GetInt() == 1);
  CHECK(String(doc["env"]) == "AWS_Lambda_nodejs20.x");
  CHECK(doc["arnVar"].IsNull());
  const auto& ctx = doc["ctx"];
  CHECK(String(ctx[0]) == "node-fn");
  CHECK(String(ctx[1]) == "$LATEST");
  CHECK(String(ctx[2]) == runner.FunctionArn());
  CHECK(String(ctx[3]) == "128");
  CHECK(String(ctx[4]) == first.request_id);
  CHECK(String(ctx[5]) == "/aws/lambda/node-fn");
  CHECK(String(ctx[6]) == sink.events().front().stream);
  CHECK(ctx[7].IsTrue());
  CHECK(doc["remaining"].GetInt() > 2000);
  CHECK(doc["remaining"].GetInt() <= 3000);

  // Init output says "undefined" where the request id goes, as Lambda's does.
  auto events = sink.events();
  REQUIRE(!events.empty());
  CHECK(std::regex_match(events.front().message, std::regex(kTimestamp + "\tundefined\tINFO\tloading\n")));
  auto lines = sink.Invocation(first.request_id);
  REQUIRE(lines.size() == 9);
  const std::string id = first.request_id;
  // Raw process.stdout writes come through the worker's stdout, console
  // lines through its log channel: two pipes, so their relative order is
  // not fixed (on Lambda both share stdout). Each keeps its own order.
  std::vector<std::string> console;
  bool raw_seen = false;
  for (size_t i = 1; i <= 6; ++i) {
    if (lines[i] == "raw output\n") {
      raw_seen = true;
    } else {
      console.push_back(lines[i]);
    }
  }
  CHECK(raw_seen);
  REQUIRE(console.size() == 5);
  CHECK(std::regex_match(console[0], std::regex(kTimestamp + "\t" + id + "\tINFO\trecords 1 \\{ a: 1 \\}\n")));
  CHECK(std::regex_match(console[1], std::regex(kTimestamp + "\t" + id + "\tINFO\tinfo\n")));
  CHECK(std::regex_match(console[2], std::regex(kTimestamp + "\t" + id + "\tWARN\ttwo\nlines\n")));
  CHECK(std::regex_match(console[3], std::regex(kTimestamp + "\t" + id + "\tERROR\terr\n")));
  CHECK(std::regex_match(console[4], std::regex(kTimestamp + "\t" + id + "\tDEBUG\tdbg\n")));
  CHECK(lines[8].find("Init Duration") != std::string::npos);

  InvokeResult second = runner.Invoke(kRecords);
  doc.Parse(second.payload.c_str());
  CHECK(doc["count"].GetInt() == 2);
  CHECK(sink.stream_count() == 1);
  CHECK(sink.Invocation(second.request_id).back().find("Init Duration") == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "nodejs: callback handlers answer once the event loop is empty, unless told not to wait") {
  SKIP_WITHOUT_NODE();
  FunctionRunner runner(Node("exports.handler = function (event, context, callback) {\n"
                             "  if (event.noWait) context.callbackWaitsForEmptyEventLoop = false;\n"
                             "  setTimeout(() => console.log('timer fired'), event.delay || 50);\n"
                             "  callback(null, { waited: context.callbackWaitsForEmptyEventLoop });\n"
                             "};\n",
                             "index.js", 1),
                        Env());
  InvokeResult waited = runner.Invoke("{}");
  REQUIRE_MESSAGE(waited.ok(), waited.payload);
  CHECK(waited.payload == R"({"waited":true})");
  auto lines = sink.Invocation(waited.request_id);
  REQUIRE(lines.size() == 4);
  CHECK(lines[1].find("\tINFO\ttimer fired\n") != std::string::npos);  // before the response

  // Not waiting: the answer comes at once, though the timer outlives the timeout.
  InvokeResult immediate = runner.Invoke(R"({"noWait": true, "delay": 5000})");
  REQUIRE_MESSAGE(immediate.ok(), immediate.payload);
  CHECK(immediate.payload == R"({"waited":false})");
  CHECK(sink.Invocation(immediate.request_id).size() == 3);

  // A handler that neither returns a promise nor calls back answers null.
  FunctionRunner silent(Node("exports.handler = (event) => { console.log('seen', event.k); };\n", "index.js"), Env());
  InvokeResult none = silent.Invoke(R"({"k": "v"})");
  CHECK(none.ok());
  CHECK(none.payload == "null");
}

TEST_CASE_FIXTURE(Fixture, "nodejs: a thrown error is Lambda's error payload and Invoke Error line; the worker stays") {
  SKIP_WITHOUT_NODE();
  FunctionRunner runner(Node("exports.handler = async (event) => {\n"
                             "  if (event.str) throw 'plain string';\n"
                             "  const e = new TypeError('boom'); e.code = 'E_BOOM'; throw e;\n"
                             "};\n"),
                        Env());
  InvokeResult result = runner.Invoke(kRecords);
  CHECK(result.status == Status::kFunctionError);
  CHECK(result.error_type == "TypeError");
  CHECK(result.error_message == "boom");
  JsonDocument doc;
  doc.Parse(result.payload.c_str());
  REQUIRE(doc.IsObject());
  CHECK(String(doc["errorType"]) == "TypeError");
  CHECK(String(doc["errorMessage"]) == "boom");
  REQUIRE(doc["trace"].IsArray());
  CHECK(String(doc["trace"][0]) == "TypeError: boom");
  CHECK(String(doc["trace"][1]).rfind("    at ", 0) == 0);
  auto lines = sink.Invocation(result.request_id);
  REQUIRE(lines.size() == 4);
  CHECK(std::regex_match(lines[1], std::regex(kTimestamp + "\t" + result.request_id +
                                              "\tERROR\tInvoke Error \t\\{\"errorType\":\"TypeError\",\"errorMessage\":"
                                              "\"boom\",\"code\":\"E_BOOM\",\"stack\":\\[\"TypeError: boom\",\"    at "
                                              ".*\\]\\}\n")));

  InvokeResult text = runner.Invoke(R"({"str": true})");
  CHECK(text.error_type == "string");
  CHECK(text.payload == R"({"errorType":"string","errorMessage":"plain string","trace":[]})");
  CHECK(sink.stream_count() == 1);  // same worker
}

TEST_CASE_FIXTURE(Fixture, "nodejs: init errors as Lambda names them; module formats") {
  SKIP_WITHOUT_NODE();
  auto missing = Node("exports.handler = async () => 1;\n");
  missing.handler = "nope.handler";
  InvokeResult import_error = FunctionRunner(missing, Env()).Invoke(kRecords);
  CHECK(import_error.status == Status::kFunctionError);
  CHECK(import_error.error_type == "Runtime.ImportModuleError");
  CHECK(import_error.error_message == "Error: Cannot find module 'nope'\nRequire stack:\n- /var/runtime/index.mjs");
  CHECK(import_error.log.find("\tundefined\tERROR\tUncaught Exception \t{\"errorType\":\"Runtime.ImportModuleError\"") !=
        std::string::npos);

  missing.handler = "index.nope";
  InvokeResult not_found = FunctionRunner(missing, Env()).Invoke(kRecords);
  CHECK(not_found.error_type == "Runtime.HandlerNotFound");
  CHECK(not_found.error_message == "index.nope is undefined or not exported");

  auto syntax = Node("exports.handler = async () => {;\n");
  InvokeResult syntax_error = FunctionRunner(syntax, Env()).Invoke(kRecords);
  CHECK(syntax_error.error_type == "Runtime.UserCodeSyntaxError");
  CHECK(syntax_error.error_message.rfind("SyntaxError: ", 0) == 0);

  // CommonJS as .cjs; ES module syntax in .js under "type": "module".
  dir.Write("lib.cjs", "module.exports.nested = { fn: (event, context, callback) => callback(null, 'cjs') };\n");
  auto cjs = Node("");
  cjs.handler = "lib.nested.fn";
  CHECK(FunctionRunner(cjs, Env()).Invoke("{}").payload == "\"cjs\"");
  std::filesystem::create_directories(dir.path() + "/src");
  dir.Write("src/package.json", R"({"type": "module"})");
  dir.Write("src/app.js", "export async function handler() { return 'esm'; }\n");
  auto esm = Node("");
  esm.handler = "src/app.handler";
  CHECK(FunctionRunner(esm, Env()).Invoke("{}").payload == "\"esm\"");
}

TEST_CASE_FIXTURE(Fixture, "nodejs: timeouts, uncaught exceptions and exits discard the worker") {
  SKIP_WITHOUT_NODE();
  FunctionRunner runner(Node("exports.handler = async (event) => {\n"
                             "  if (event.hang) await new Promise((resolve) => setTimeout(resolve, 30000));\n"
                             "  if (event.late) { setTimeout(() => { throw new RangeError('late'); }, 10);\n"
                             "                   await new Promise((resolve) => setTimeout(resolve, 1000)); }\n"
                             "  if (event.exit) process.exit(2);\n"
                             "  return 'ok';\n"
                             "};\n",
                             "index.js", 1),
                        Env());
  auto start = std::chrono::steady_clock::now();
  InvokeResult timed_out = runner.Invoke(R"({"hang": true})");
  CHECK(timed_out.status == Status::kTimeout);
  CHECK(timed_out.error_message == "Task timed out after 1.00 seconds");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  CHECK(runner.Invoke("{}").payload == "\"ok\"");
  CHECK(sink.stream_count() == 2);

  InvokeResult uncaught = runner.Invoke(R"({"late": true})");
  CHECK(uncaught.status == Status::kFunctionError);
  CHECK(uncaught.error_type == "RangeError");
  CHECK(uncaught.log.find("\tERROR\tUncaught Exception \t{\"errorType\":\"RangeError\",\"errorMessage\":\"late\"") !=
        std::string::npos);
  CHECK(runner.Invoke("{}").ok());
  CHECK(sink.stream_count() == 3);  // a fresh worker after the uncaught exception

  InvokeResult exited = runner.Invoke(R"({"exit": true})");
  CHECK(exited.status == Status::kCrashed);
  CHECK(exited.error_message == "RequestId: " + exited.request_id + " Error: Runtime exited with error: exit status 2");
  CHECK(runner.Invoke("{}").ok());
}

TEST_CASE_FIXTURE(Fixture, "nodejs: a missing node is Runtime.InvalidEntrypoint") {
  RunnerEnvironment env = Env();
  env.node = "/nonexistent/node";
  InvokeResult result = FunctionRunner(Node("exports.handler = async () => 1;\n"), env).Invoke(kRecords);
  CHECK(result.error_type == "Runtime.InvalidEntrypoint");
}

}  // namespace eddy::functions

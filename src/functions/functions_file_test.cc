#include "functions/functions_file.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace eddy::functions {
namespace {

namespace fs = std::filesystem;
using streams::StartingPosition;

// A fresh directory under /tmp, removed at the end of the test.
class TempDirectory {
 public:
  TempDirectory() {
    std::string pattern = (fs::temp_directory_path() / "eddy-functions-file-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& relative) const { return (path_ / relative).string(); }

 private:
  fs::path path_;
};

// Parses `json` with `base` as the file's directory; the error, or "" on success.
std::string ErrorOf(const std::string& json, const std::string& base = fs::temp_directory_path().string()) {
  FunctionsFile file;
  std::string error;
  if (ParseFunctionsFile(json, base, "functions.json", &file, &error)) return "";
  return error;
}

// A file with one python function whose other fields are `function_fields`
// and, when `mapping_fields` is given, one mapping on table Music with them.
std::string OneFunction(const std::string& function_fields, const std::string& mapping_fields = "") {
  std::string json = R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.12", "Handler": "app.handler")";
  if (!function_fields.empty()) json += ", " + function_fields;
  if (!mapping_fields.empty()) {
    json += R"(, "EventSourceMappings": [{"TableName": "Music", "StartingPosition": "LATEST", )" + mapping_fields + "}]";
  }
  return json + "}]}";
}

}  // namespace

TEST_CASE("a minimal python function gets Lambda's defaults and the file's directory") {
  TempDirectory dir;
  FunctionsFile file;
  std::string error;
  REQUIRE_MESSAGE(ParseFunctionsFile(R"({"Functions": [
        {"FunctionName": "f", "Runtime": "python3.8", "Handler": "lambda_function.lambda_handler",
         "EventSourceMappings": [{"TableName": "Music", "StartingPosition": "TRIM_HORIZON"}]}]})",
                                     dir.path().string(), "functions.json", &file, &error),
                  error);
  REQUIRE(file.functions.size() == 1);
  const FunctionConfig& function = file.functions[0];
  CHECK(function.name == "f");
  CHECK(function.runtime == "python3.8");
  CHECK(function.is_python());
  CHECK(function.handler == "lambda_function.lambda_handler");
  CHECK(function.code_directory == dir.path().string());
  CHECK(function.command.empty());
  CHECK(function.timeout_seconds == 3);
  CHECK(function.memory_size_mb == 128);
  CHECK(function.environment.empty());

  REQUIRE(file.mappings.size() == 1);
  const streams::MappingConfig& mapping = file.mappings[0];
  CHECK(mapping.function_name == "f");
  CHECK(mapping.table_name == "Music");
  CHECK(mapping.event_source_arn.empty());
  CHECK(mapping.batch_size == 100);
  CHECK(mapping.maximum_batching_window_seconds == 0);
  CHECK(mapping.starting_position == StartingPosition::kTrimHorizon);
  CHECK(mapping.enabled);
  CHECK(mapping.filter_patterns.empty());
  CHECK(mapping.maximum_retry_attempts == -1);
  CHECK(mapping.maximum_record_age_seconds == -1);
  CHECK_FALSE(mapping.bisect_batch_on_function_error);
  CHECK_FALSE(mapping.report_batch_item_failures);
  CHECK(mapping.on_failure_path.empty());
}

TEST_CASE("every field is read, and relative paths are relative to the file's directory") {
  TempDirectory dir;
  fs::create_directories(dir.path() / "handlers/music");
  fs::create_directories(dir.path() / "handlers/audit");
  const std::string json = R"({"Functions": [
    {"FunctionName": "music-handler_1", "Runtime": "python3.12", "Handler": "pkg.mod.handle",
     "CodeDirectory": "handlers/music/", "Timeout": 900, "MemorySize": 10240,
     "Environment": {"Variables": {"STAGE": "local", "Table_2": "Music"}},
     "EventSourceMappings": [
       {"EventSourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream/2026-01-01T00:00:00.000",
        "BatchSize": 10000, "MaximumBatchingWindowInSeconds": 300, "StartingPosition": "LATEST",
        "Enabled": false, "FilterCriteria": {"Filters": [{"Pattern": "{\"eventName\": [\"INSERT\"]}"}, {"Pattern": "{}"}]},
        "MaximumRetryAttempts": 10000, "MaximumRecordAgeInSeconds": 604800, "BisectBatchOnFunctionError": true,
        "FunctionResponseTypes": ["ReportBatchItemFailures"],
        "DestinationConfig": {"OnFailure": {"Destination": "failures/../failures/music.jsonl"}}},
       {"EventSourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/Songs", "StartingPosition": "TRIM_HORIZON",
        "MaximumRecordAgeInSeconds": 60, "MaximumRetryAttempts": 0,
        "DestinationConfig": {"OnFailure": {"Destination": "/var/tmp/failed.jsonl"}}}]},
    {"FunctionName": "audit", "Runtime": "command", "Handler": "ignored", "Command": ["./audit.sh", "--verbose", ""],
     "CodeDirectory": ")" + (dir.path() / "handlers/audit").string() + R"(",
     "EventSourceMappings": [{"TableName": "Music", "StartingPosition": "LATEST"}]},
    {"FunctionName": "on-path", "Runtime": "command", "Command": ["python3", "-u", "x.py"]}]})";
  FunctionsFile file;
  std::string error;
  REQUIRE_MESSAGE(ParseFunctionsFile(json, dir.path().string() + "/./", "functions.json", &file, &error), error);

  REQUIRE(file.functions.size() == 3);
  const FunctionConfig& music = file.functions[0];
  CHECK(music.name == "music-handler_1");
  CHECK(music.handler == "pkg.mod.handle");
  CHECK(music.code_directory == dir / "handlers/music");
  CHECK(music.timeout_seconds == 900);
  CHECK(music.memory_size_mb == 10240);
  CHECK(music.environment == std::vector<std::pair<std::string, std::string>>{{"STAGE", "local"}, {"Table_2", "Music"}});

  const FunctionConfig& audit = file.functions[1];
  CHECK(audit.runtime == "command");
  CHECK_FALSE(audit.is_python());
  CHECK(audit.handler.empty());
  CHECK(audit.command == std::vector<std::string>{dir / "audit.sh", "--verbose", ""});
  CHECK(audit.code_directory == dir / "handlers/audit");

  // A program without '/' is looked up on PATH, as a shell would.
  CHECK(file.functions[2].command == std::vector<std::string>{"python3", "-u", "x.py"});
  CHECK(file.functions[2].code_directory == dir.path().string());

  REQUIRE(file.mappings.size() == 3);
  const streams::MappingConfig& from_stream_arn = file.mappings[0];
  CHECK(from_stream_arn.function_name == "music-handler_1");
  CHECK(from_stream_arn.table_name == "Music");
  CHECK(from_stream_arn.event_source_arn ==
        "arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream/2026-01-01T00:00:00.000");
  CHECK(from_stream_arn.batch_size == 10000);
  CHECK(from_stream_arn.maximum_batching_window_seconds == 300);
  CHECK(from_stream_arn.starting_position == StartingPosition::kLatest);
  CHECK_FALSE(from_stream_arn.enabled);
  CHECK(from_stream_arn.filter_patterns == std::vector<std::string>{R"({"eventName": ["INSERT"]})", "{}"});
  CHECK(from_stream_arn.maximum_retry_attempts == 10000);
  CHECK(from_stream_arn.maximum_record_age_seconds == 604800);
  CHECK(from_stream_arn.bisect_batch_on_function_error);
  CHECK(from_stream_arn.report_batch_item_failures);
  CHECK(from_stream_arn.on_failure_path == dir / "failures/music.jsonl");

  const streams::MappingConfig& from_table_arn = file.mappings[1];
  CHECK(from_table_arn.function_name == "music-handler_1");
  CHECK(from_table_arn.table_name == "Songs");
  CHECK(from_table_arn.maximum_record_age_seconds == 60);
  CHECK(from_table_arn.maximum_retry_attempts == 0);
  CHECK(from_table_arn.on_failure_path == "/var/tmp/failed.jsonl");

  // Another function may read the same table.
  CHECK(file.mappings[2].function_name == "audit");
  CHECK(file.mappings[2].table_name == "Music");
}

TEST_CASE("an empty Functions array is a valid file") {
  FunctionsFile file;
  std::string error;
  CHECK(ParseFunctionsFile(R"({"Functions": []})", "/", "functions.json", &file, &error));
  CHECK(file.functions.empty());
  CHECK(file.mappings.empty());
}

TEST_CASE("LoadFunctionsFile resolves paths against the file's directory and names the file in errors") {
  TempDirectory dir;
  fs::create_directories(dir.path() / "code");
  const std::string path = dir / "functions.json";
  {
    std::ofstream out(path);
    out << R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.13", "Handler": "a.b", "CodeDirectory": "code",
               "EventSourceMappings": [{"TableName": "Music", "StartingPosition": "LATEST",
                 "DestinationConfig": {"OnFailure": {"Destination": "failed.jsonl"}}}]}]})";
  }
  FunctionsFile file;
  std::string error;
  REQUIRE_MESSAGE(LoadFunctionsFile(path, &file, &error), error);
  CHECK(file.functions.at(0).code_directory == dir / "code");
  CHECK(file.mappings.at(0).on_failure_path == dir / "failed.jsonl");

  {
    std::ofstream out(path);
    out << R"({"Functions": [{"FunctionName": "f"}]})";
  }
  CHECK_FALSE(LoadFunctionsFile(path, &file, &error));
  CHECK(error == path + ": Functions[0].Runtime: required field is missing");

  CHECK_FALSE(LoadFunctionsFile(dir / "missing.json", &file, &error));
  CHECK(error == dir / "missing.json" + ": cannot open: No such file or directory");
  CHECK_FALSE(LoadFunctionsFile(dir.path().string(), &file, &error));
  CHECK(error == dir.path().string() + ": is a directory, not a functions file");
}

TEST_CASE("the document's shape is checked and JSON errors give a line and column") {
  CHECK(ErrorOf("{\n  \"Functions\": [,]\n}") ==
        "functions.json: invalid JSON at line 2, column 17: Invalid value.");
  CHECK(ErrorOf("[]") == "functions.json: the top level must be an object with a Functions array (got an array)");
  CHECK(ErrorOf("{}") == "functions.json: Functions: required field is missing");
  CHECK(ErrorOf(R"({"Functions": {}})") == "functions.json: Functions: must be an array (got an object)");
  CHECK(ErrorOf(R"({"Functions": [], "Function": []})") ==
        "functions.json: Function: unknown field (expected one of: Functions)");
  CHECK(ErrorOf(R"({"Functions": [], "functions": []})") ==
        "functions.json: functions: unknown field; did you mean Functions?");
  CHECK(ErrorOf(R"({"Functions": [], "Functions": []})") == "functions.json: Functions: field given more than once");
  CHECK(ErrorOf(R"({"Functions": [3]})") == "functions.json: Functions[0]: must be an object (got 3)");
}

TEST_CASE("nodejs and provided functions: Handler rules per runtime") {
  FunctionsFile file;
  std::string error;
  const std::string base = fs::temp_directory_path().string();
  REQUIRE_MESSAGE(ParseFunctionsFile(R"({"Functions": [
        {"FunctionName": "custom", "Runtime": "provided.al2023"},
        {"FunctionName": "custom2", "Runtime": "provided.al2", "Handler": "anything.goes/here"}]})",
                                     base, "functions.json", &file, &error),
                  error);
  CHECK(file.functions[0].kind() == RuntimeKind::kProvided);
  CHECK(file.functions[0].handler.empty());
  CHECK(file.functions[1].handler == "anything.goes/here");

  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    MESSAGE("node is not on PATH: nodejs functions are refused, as checked below");
    CHECK(ErrorOf(R"({"Functions": [{"FunctionName": "f", "Runtime": "nodejs20.x", "Handler": "index.handler"}]})") ==
          "functions.json: Functions[0].Runtime: Runtime nodejs20.x needs node, which is not on this machine's PATH "
          "(install it, or choose another runtime)");
    return;
  }
  REQUIRE_MESSAGE(ParseFunctionsFile(R"({"Functions": [
        {"FunctionName": "n", "Runtime": "nodejs22.x", "Handler": "src/app.handlers.main"}]})",
                                     base, "functions.json", &file, &error),
                  error);
  CHECK(file.functions[0].kind() == RuntimeKind::kNode);
  CHECK(file.functions[0].handler == "src/app.handlers.main");
  const std::string f = "functions.json: Functions[0].";
  CHECK(ErrorOf(R"({"Functions": [{"FunctionName": "f", "Runtime": "nodejs20.x"}]})") ==
        f + "Handler: required field is missing");
  CHECK(ErrorOf(R"({"Functions": [{"FunctionName": "f", "Runtime": "nodejs20.x", "Handler": "index"}]})") ==
        f + "Handler: must be file.export, e.g. \"index.handler\" (a directory before the file allowed, \"..\" not) "
            "(got \"index\")");
  CHECK(ErrorOf(R"({"Functions": [{"FunctionName": "f", "Runtime": "nodejs20.x", "Handler": "../up.handler"}]})") ==
        f + "Handler: must be file.export, e.g. \"index.handler\" (a directory before the file allowed, \"..\" not) "
            "(got \"../up.handler\")");
}

TEST_CASE("function fields are validated with Lambda's rules") {
  struct Case {
    std::string json;
    std::string error;
  };
  const std::string f = "functions.json: Functions[0].";
  const Case cases[] = {
      {R"({"Functions": [{"Runtime": "python3.12"}]})", f + "FunctionName: required field is missing"},
      {R"({"Functions": [{"FunctionName": 7}]})", f + "FunctionName: must be a string (got 7)"},
      {R"({"Functions": [{"FunctionName": "a b"}]})",
       f + "FunctionName: must be 1 to 64 letters, digits, hyphens or underscores (got \"a b\")"},
      {R"({"Functions": [{"FunctionName": ""}]})",
       f + "FunctionName: must be 1 to 64 letters, digits, hyphens or underscores (got \"\")"},
      {R"({"Functions": [{"FunctionName": ")" + std::string(65, 'x') + R"("}]})",
       f + "FunctionName: must be 1 to 64 letters, digits, hyphens or underscores (got \"" + std::string(65, 'x') +
           "\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "nodejs"}]})",
       f + "Runtime: Runtime nodejs cannot run on this eddy: eddy runs python3.x (with python3), nodejs*.x (with "
           "node) and provided.al2/provided.al2023 functions"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "java21"}]})",
       f + "Runtime: Runtime java21 cannot run on this eddy: eddy runs python3.x (with python3), nodejs*.x (with "
           "node) and provided.al2/provided.al2023 functions"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "python3."}]})",
       f + "Runtime: must be \"python3.N\", \"nodejsN.x\", \"provided.al2023\", \"provided.al2\" or \"command\" "
           "(got \"python3.\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "nodejs20.y"}]})",
       f + "Runtime: must be \"python3.N\", \"nodejsN.x\", \"provided.al2023\", \"provided.al2\" or \"command\" "
           "(got \"nodejs20.y\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "provided.al2023", "Handler": "a b"}]})",
       f + "Handler: must not contain whitespace (got \"a b\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "provided.al2", "Command": ["x"]}]})",
       f + "Command: only allowed with Runtime \"command\""},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.12"}]})", f + "Handler: required field is missing"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.12", "Handler": "app"}]})",
       f + "Handler: must be module.function, e.g. \"lambda_function.lambda_handler\" (got \"app\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.12", "Handler": "app..handler"}]})",
       f + "Handler: must be module.function, e.g. \"lambda_function.lambda_handler\" (got \"app..handler\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.12", "Handler": "app.1x"}]})",
       f + "Handler: must be module.function, e.g. \"lambda_function.lambda_handler\" (got \"app.1x\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "python3.12", "Handler": "a.b", "Command": ["x"]}]})",
       f + "Command: only allowed with Runtime \"command\""},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command"}]})",
       f + "Command: required for Runtime \"command\""},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": []}]})",
       f + "Command: must be a non-empty array of strings (got an array)"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": "./x.sh"}]})",
       f + "Command: must be a non-empty array of strings (got \"./x.sh\")"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": ["x", 1]}]})",
       f + "Command[1]: must be a string (got 1)"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": [""]}]})",
       f + "Command[0]: the program must not be empty"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": ["x"], "Handler": 1}]})",
       f + "Handler: must be a string (got 1)"},
      {OneFunction(R"("CodeDirectory": "/nonexistent/eddy")"),
       f + "CodeDirectory: \"/nonexistent/eddy\" does not exist"},
      {OneFunction(R"("CodeDirectory": 1)"), f + "CodeDirectory: must be a string (got 1)"},
      {OneFunction(R"("Timeout": 0)"), f + "Timeout: must be an integer from 1 to 900 (got 0)"},
      {OneFunction(R"("Timeout": 901)"), f + "Timeout: must be an integer from 1 to 900 (got 901)"},
      {OneFunction(R"("Timeout": 2.5)"), f + "Timeout: must be an integer from 1 to 900 (got 2.5)"},
      {OneFunction(R"("Timeout": "3")"), f + "Timeout: must be an integer from 1 to 900 (got \"3\")"},
      {OneFunction(R"("Timeout": 99999999999999999999)"),
       f + "Timeout: must be an integer from 1 to 900 (got 100000000000000000000.0)"},
      {OneFunction(R"("MemorySize": 127)"), f + "MemorySize: must be an integer from 128 to 10240 (got 127)"},
      {OneFunction(R"("MemorySize": 10241)"), f + "MemorySize: must be an integer from 128 to 10240 (got 10241)"},
      {OneFunction(R"("Environment": [])"), f + "Environment: must be an object (got an array)"},
      {OneFunction(R"("Environment": {"Vars": {}})"),
       f + "Environment.Vars: unknown field (expected one of: Variables)"},
      {OneFunction(R"("Environment": {"Variables": []})"), f + "Environment.Variables: must be an object (got an array)"},
      {OneFunction(R"("Environment": {"Variables": {"PORT": 8000}})"),
       f + "Environment.Variables.PORT: must be a string (got 8000)"},
      {OneFunction(R"("Environment": {"Variables": {"_HANDLER": "x"}})"),
       f + "Environment.Variables._HANDLER: variable names must match [a-zA-Z]([a-zA-Z0-9_])+"},
      {OneFunction(R"("Environment": {"Variables": {"A": "x"}})"),
       f + "Environment.Variables.A: variable names must match [a-zA-Z]([a-zA-Z0-9_])+"},
      {OneFunction(R"("Environment": {"Variables": {"MY-VAR": "x"}})"),
       f + "Environment.Variables.MY-VAR: variable names must match [a-zA-Z]([a-zA-Z0-9_])+"},
      {OneFunction(R"("Environment": {"Variables": {"AB": "x", "AB": "y"}})"),
       f + "Environment.Variables.AB: variable given more than once"},
      {OneFunction(R"("Role": "arn:aws:iam::000000000000:role/x")"),
       f + "Role: unknown field (expected one of: FunctionName, Runtime, Handler, Command, CodeDirectory, Timeout, "
           "MemorySize, Environment, EventSourceMappings)"},
      {OneFunction(R"("timeout": 3)"), f + "timeout: unknown field; did you mean Timeout?"},
      {OneFunction(R"("EventSourceMappings": {})"), f + "EventSourceMappings: must be an array (got an object)"},
      {R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": ["x"]},
                         {"FunctionName": "f", "Runtime": "command", "Command": ["x"]}]})",
       "functions.json: Functions[1].FunctionName: duplicate function name \"f\" (also Functions[0])"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    CHECK(ErrorOf(c.json) == c.error);
  }
}

TEST_CASE("a CodeDirectory that is a file is reported") {
  TempDirectory dir;
  std::ofstream(dir / "file.txt") << "x";
  CHECK(ErrorOf(OneFunction(R"("CodeDirectory": "file.txt")"), dir.path().string()) ==
        "functions.json: Functions[0].CodeDirectory: \"" + dir / "file.txt" + "\" is not a directory");
}

TEST_CASE("event source mapping fields are validated with Lambda's rules") {
  struct Case {
    std::string json;
    std::string error;
  };
  const std::string m = "functions.json: Functions[0].EventSourceMappings[0]";
  const Case cases[] = {
      {OneFunction("", R"("BatchSize": 0)"), m + ".BatchSize: must be an integer from 1 to 10000 (got 0)"},
      {OneFunction("", R"("BatchSize": 10001)"), m + ".BatchSize: must be an integer from 1 to 10000 (got 10001)"},
      {OneFunction("", R"("Batchsize": 10)"), m + ".Batchsize: unknown field; did you mean BatchSize?"},
      {OneFunction("", R"("ParallelizationFactor": 2)"),
       m + ".ParallelizationFactor: unknown field (expected one of: TableName, EventSourceArn, StartingPosition, "
           "BatchSize, MaximumBatchingWindowInSeconds, Enabled, FilterCriteria, MaximumRetryAttempts, "
           "MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, FunctionResponseTypes, DestinationConfig)"},
      {OneFunction("", R"("MaximumBatchingWindowInSeconds": 301)"),
       m + ".MaximumBatchingWindowInSeconds: must be an integer from 0 to 300 (got 301)"},
      {OneFunction("", R"("MaximumBatchingWindowInSeconds": -1)"),
       m + ".MaximumBatchingWindowInSeconds: must be an integer from 0 to 300 (got -1)"},
      {OneFunction("", R"("Enabled": "true")"), m + ".Enabled: must be true or false (got \"true\")"},
      {OneFunction("", R"("BisectBatchOnFunctionError": 1)"),
       m + ".BisectBatchOnFunctionError: must be true or false (got 1)"},
      {OneFunction("", R"("MaximumRetryAttempts": -2)"),
       m + ".MaximumRetryAttempts: must be an integer from -1 to 10000 (got -2)"},
      {OneFunction("", R"("MaximumRetryAttempts": 10001)"),
       m + ".MaximumRetryAttempts: must be an integer from -1 to 10000 (got 10001)"},
      {OneFunction("", R"("MaximumRecordAgeInSeconds": 59)"),
       m + ".MaximumRecordAgeInSeconds: must be -1 or an integer from 60 to 604800 (got 59)"},
      {OneFunction("", R"("MaximumRecordAgeInSeconds": 0)"),
       m + ".MaximumRecordAgeInSeconds: must be -1 or an integer from 60 to 604800 (got 0)"},
      {OneFunction("", R"("MaximumRecordAgeInSeconds": 604801)"),
       m + ".MaximumRecordAgeInSeconds: must be -1 or an integer from 60 to 604800 (got 604801)"},
      {OneFunction("", R"("FilterCriteria": [])"), m + ".FilterCriteria: must be an object (got an array)"},
      {OneFunction("", R"("FilterCriteria": {"Filter": []})"),
       m + ".FilterCriteria.Filter: unknown field (expected one of: Filters)"},
      {OneFunction("", R"("FilterCriteria": {"Filters": {}})"),
       m + ".FilterCriteria.Filters: must be an array (got an object)"},
      {OneFunction("", R"("FilterCriteria": {"Filters": [{}, {}, {}, {}, {}, {}]})"),
       m + ".FilterCriteria.Filters: at most 5 filters are allowed (got 6)"},
      {OneFunction("", R"("FilterCriteria": {"Filters": [{"Pattern": "{}"}, {}]})"),
       m + ".FilterCriteria.Filters[1].Pattern: required field is missing"},
      {OneFunction("", R"("FilterCriteria": {"Filters": [{"Pattern": {"eventName": ["INSERT"]}}]})"),
       m + ".FilterCriteria.Filters[0].Pattern: must be a string (got an object)"},
      {OneFunction("", R"("FilterCriteria": {"Filters": [{"Pattern": "{}", "Name": "x"}]})"),
       m + ".FilterCriteria.Filters[0].Name: unknown field (expected one of: Pattern)"},
      {OneFunction("", R"("FilterCriteria": {"Filters": [{"Pattern": ")" + std::string(4097, ' ') + R"("}]})"),
       m + ".FilterCriteria.Filters[0].Pattern: must be at most 4096 characters long"},
      {OneFunction("", R"("FunctionResponseTypes": "ReportBatchItemFailures")"),
       m + ".FunctionResponseTypes: must be an array (got \"ReportBatchItemFailures\")"},
      {OneFunction("", R"("FunctionResponseTypes": ["ReportItemFailures"])"),
       m + ".FunctionResponseTypes[0]: must be \"ReportBatchItemFailures\" (got \"ReportItemFailures\")"},
      {OneFunction("", R"("DestinationConfig": {"OnSuccess": {}})"),
       m + ".DestinationConfig.OnSuccess: unknown field (expected one of: OnFailure)"},
      {OneFunction("", R"("DestinationConfig": {"OnFailure": "x"})"),
       m + ".DestinationConfig.OnFailure: must be an object (got \"x\")"},
      {OneFunction("", R"("DestinationConfig": {"OnFailure": {}})"),
       m + ".DestinationConfig.OnFailure.Destination: required field is missing"},
      {OneFunction("", R"("DestinationConfig": {"OnFailure": {"Destination": ""}})"),
       m + ".DestinationConfig.OnFailure.Destination: must not be empty"},
      {OneFunction("", R"("DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:us-east-1:000000000000:dlq"}})"),
       m + ".DestinationConfig.OnFailure.Destination: eddy writes on-failure records to a local file (one JSON object "
           "per line): give a file path, relative to the functions file, instead of an SQS, SNS or S3 ARN "
           "(got \"arn:aws:sqs:us-east-1:000000000000:dlq\")"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.json);
    CHECK(ErrorOf(c.json) == c.error);
  }
}

TEST_CASE("a mapping names exactly one DynamoDB table or stream and a starting position") {
  const std::string m = "functions.json: Functions[0].EventSourceMappings[0]";
  const auto mapping = [](const std::string& fields) {
    return R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": ["x"], "EventSourceMappings": [{)" +
           fields + "}]}]}";
  };
  CHECK(ErrorOf(mapping(R"("StartingPosition": "LATEST")")) == m + ": TableName or EventSourceArn is required");
  CHECK(ErrorOf(mapping(R"("TableName": "Music", "EventSourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/Music",
                           "StartingPosition": "LATEST")")) ==
        m + ": give either TableName or EventSourceArn, not both");
  CHECK(ErrorOf(mapping(R"("TableName": "Mu", "StartingPosition": "LATEST")")) ==
        m + ".TableName: must be 3 to 255 letters, digits, '_', '-' or '.' (got \"Mu\")");
  CHECK(ErrorOf(mapping(R"("TableName": ["Music"], "StartingPosition": "LATEST")")) ==
        m + ".TableName: must be a string (got an array)");
  for (const char* arn : {
           "arn:aws:kinesis:us-east-1:000000000000:stream/Music",
           "arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream",
           "arn:aws:dynamodb:us-east-1:000000000000:table/Music/index/ByArtist",
           "arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream/",
           "Music",
       }) {
    CAPTURE(arn);
    CHECK(ErrorOf(mapping(R"("EventSourceArn": ")" + std::string(arn) + R"(", "StartingPosition": "LATEST")")) ==
          m + ".EventSourceArn: must be the ARN of a DynamoDB table or stream, e.g. "
              "arn:aws:dynamodb:us-east-1:000000000000:table/Music (got \"" + arn + "\")");
  }
  CHECK(ErrorOf(mapping(R"("TableName": "Music")")) == m + ".StartingPosition: required field is missing");
  CHECK(ErrorOf(mapping(R"("TableName": "Music", "StartingPosition": "AT_TIMESTAMP")")) ==
        m + ".StartingPosition: AT_TIMESTAMP is not supported for DynamoDB streams; use TRIM_HORIZON or LATEST");
  CHECK(ErrorOf(mapping(R"("TableName": "Music", "StartingPosition": "latest")")) ==
        m + ".StartingPosition: must be TRIM_HORIZON or LATEST (got \"latest\")");
  CHECK(ErrorOf(mapping(R"("TableName": "Music", "StartingPosition": "LATEST", "StartingPositionTimestamp": 1)")) ==
        m + ".StartingPositionTimestamp: unknown field (expected one of: TableName, EventSourceArn, StartingPosition, "
            "BatchSize, MaximumBatchingWindowInSeconds, Enabled, FilterCriteria, MaximumRetryAttempts, "
            "MaximumRecordAgeInSeconds, BisectBatchOnFunctionError, FunctionResponseTypes, DestinationConfig)");
}

TEST_CASE("a function maps a table once, whether named by TableName or ARN") {
  // Lambda answers ResourceConflictException for a second mapping between the
  // same event source and function.
  CHECK(ErrorOf(R"({"Functions": [{"FunctionName": "f", "Runtime": "command", "Command": ["x"], "EventSourceMappings": [
          {"TableName": "Music", "StartingPosition": "LATEST"},
          {"TableName": "Songs", "StartingPosition": "LATEST"},
          {"EventSourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/Music", "StartingPosition": "LATEST"}]}]})") ==
        "functions.json: Functions[0].EventSourceMappings[2]: function \"f\" already has a mapping for table "
        "\"Music\" (Functions[0].EventSourceMappings[0])");
}

}  // namespace eddy::functions

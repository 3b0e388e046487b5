#include "server/options.h"

#include <doctest/doctest.h>

#include <map>

namespace eddy {
namespace {

using Action = ParsedOptions::Action;

ParsedOptions Parse(std::vector<std::string_view> args) { return ParseOptions(args); }

TEST_CASE("ParseOptions: defaults") {
  ParsedOptions p = Parse({});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.host == "127.0.0.1");
  CHECK(p.options.port == 8000);
  CHECK(p.options.data_dir == "./data");
  CHECK_FALSE(p.options.in_memory);
  CHECK(p.options.region.empty());  // from each request's credential scope
  CHECK(p.options.threads == 0);
  CHECK(p.options.ttl_interval == std::chrono::milliseconds(1000));
}

TEST_CASE("ParseOptions: every flag, separate and --flag=value forms") {
  CHECK(Parse({"--address-file", "/run/a"}).options.address_file == "/run/a");
  CHECK(Parse({"--address-file=/run/b"}).options.address_file == "/run/b");
  ParsedOptions p = Parse({"--host", "0.0.0.0", "--port", "0", "--data-dir", "/var/eddy", "--region",
                           "eu-west-1", "--threads", "4"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.host == "0.0.0.0");
  CHECK(p.options.port == 0);
  CHECK(p.options.data_dir == "/var/eddy");
  CHECK(p.options.region == "eu-west-1");
  CHECK(p.options.threads == 4);

  p = Parse({"--host=::1", "--port=65535", "--data-dir=d=1", "--region=ap-south-1", "--threads=2"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.host == "::1");
  CHECK(p.options.port == 65535);
  CHECK(p.options.data_dir == "d=1");  // only the first '=' splits
  CHECK(p.options.region == "ap-south-1");
  CHECK(p.options.threads == 2);

  p = Parse({"--in-memory", "--port", "1234"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.in_memory);
  CHECK(p.options.port == 1234);

  p = Parse({"--functions", "fns.json", "--log-dir=/tmp/logs", "--log-echo"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.functions_file == "fns.json");
  CHECK(p.options.log_dir == "/tmp/logs");
  CHECK(p.options.log_echo);
  CHECK_FALSE(Parse({}).options.log_echo);

  CHECK(Parse({}).options.memory_budget_mb == 256);
  CHECK(Parse({"--memory-budget", "64", "--max-connections=100"}).options.memory_budget_mb == 64);
  CHECK(Parse({"--memory-budget=64", "--max-connections=100"}).options.max_connections == 100);
  CHECK(Parse({"--memory-budget", "8"}).action == Action::kError);  // below the 16 MB one body may need
}

TEST_CASE("ParseOptions: --ttl-interval takes seconds, fractions allowed, 0 turns it off") {
  using std::chrono::milliseconds;
  CHECK(Parse({"--ttl-interval", "5"}).options.ttl_interval == milliseconds(5000));
  CHECK(Parse({"--ttl-interval=0.1"}).options.ttl_interval == milliseconds(100));
  CHECK(Parse({"--ttl-interval", "0"}).options.ttl_interval == milliseconds(0));
  CHECK(Parse({"--ttl-interval", "1.5e1"}).options.ttl_interval == milliseconds(15000));
  CHECK(Parse({"--ttl-interval", "0.0001"}).options.ttl_interval == milliseconds(1));  // never rounds to off
  CHECK(Parse({"--ttl-interval", "86400"}).options.ttl_interval == milliseconds(86'400'000));
  for (std::string_view bad : {"-1", "abc", "1s", "", "nan", "inf", "86401"}) {
    ParsedOptions p = Parse({"--ttl-interval", bad});
    CHECK(p.action == Action::kError);
    CHECK(p.error.starts_with("--ttl-interval must be a number of seconds from 0 to 86400"));
  }
}

TEST_CASE("ParseOptions: --help and --version") {
  CHECK(Parse({"--help"}).action == Action::kHelp);
  CHECK(Parse({"-h"}).action == Action::kHelp);
  CHECK(Parse({"--port", "1", "--version"}).action == Action::kVersion);
  CHECK(Parse({"--version", "--bogus"}).action == Action::kVersion);
}

TEST_CASE("ParseOptions: errors") {
  auto error_of = [](std::vector<std::string_view> args) {
    ParsedOptions p = ParseOptions(args);
    CHECK(p.action == Action::kError);
    return p.error;
  };
  CHECK(error_of({"--bogus"}) == "unknown option: --bogus");
  CHECK(error_of({"--bogus=1"}) == "unknown option: --bogus");
  CHECK(error_of({"stray"}) == "unknown option: stray");
  CHECK(error_of({"--port"}) == "--port requires a value");
  CHECK(error_of({"--port", "65536"}).starts_with("--port must be an integer from 0 to 65535"));
  CHECK(error_of({"--port", "-1"}).starts_with("--port must be"));
  CHECK(error_of({"--port", "80x"}).starts_with("--port must be"));
  CHECK(error_of({"--port="}).starts_with("--port must be"));
  CHECK(error_of({"--threads", "0"}).starts_with("--threads must be an integer from 1 to 1024"));
  CHECK(error_of({"--threads", "two"}).starts_with("--threads must be"));
  CHECK(error_of({"--host="}) == "--host must not be empty");
  CHECK(error_of({"--region", ""}) == "--region must not be empty");
  CHECK(error_of({"--in-memory=yes"}) == "--in-memory does not take a value");
  CHECK(error_of({"--log-echo=1"}) == "--log-echo does not take a value");
  CHECK(error_of({"--functions", ""}) == "--functions must not be empty");
  CHECK(error_of({"--log-dir"}) == "--log-dir requires a value");
  CHECK(error_of({"--in-memory", "--data-dir", "x"}) == "--in-memory and --data-dir cannot be used together");
}

TEST_CASE("ParseOptions(argc, argv) skips the program name") {
  char prog[] = "eddy";
  char port[] = "--port=9";
  char* argv[] = {prog, port, nullptr};
  ParsedOptions p = ParseOptions(2, argv);
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.port == 9);
}

TEST_CASE("ParseOptions: DynamoDB Local's flags") {
  ParsedOptions p = Parse({"-port", "8001", "-dbPath", "/data", "-sharedDb"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.port == 8001);
  CHECK(p.options.data_dir == "/data");
  CHECK_FALSE(p.options.in_memory);

  p = Parse({"-inMemory", "-sharedDb", "-port", "0"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.in_memory);
  CHECK(p.options.port == 0);

  // Accepted and without effect on eddy (CORS is answered for any origin,
  // there is no telemetry); -delayTransientStatuses delays index changes.
  p = Parse({"-cors", "*", "-delayTransientStatuses", "-optimizeDbBeforeStartup", "-dbPath", ".",
             "-disableTelemetry", "-cors", "http://a.example,http://b.example"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.data_dir == ".");
  CHECK(p.options.port == 8000);
  CHECK(p.options.transient_delay == kDelayTransientStatuses);
  CHECK(Parse({"--transient-delay", "2.5", "-delayTransientStatuses"}).options.transient_delay.count() == 2500);
  CHECK(Parse({"--transient-delay", "0", "-delayTransientStatuses"}).options.transient_delay.count() == 0);
  CHECK(Parse({"--transient-delay", "-1"}).action == Action::kError);

  CHECK(Parse({"-help"}).action == Action::kHelp);
  CHECK(Parse({"-sharedDb", "-help", "--bogus"}).action == Action::kHelp);
  // Mixed with eddy's own flags.
  p = Parse({"-sharedDb", "--host", "0.0.0.0", "-port", "9000", "--ttl-interval=0"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.host == "0.0.0.0");
  CHECK(p.options.port == 9000);
  CHECK(p.options.ttl_interval == std::chrono::milliseconds(0));
}

TEST_CASE("ParseOptions: the java command line pasted after the image name is ignored") {
  // amazon/dynamodb-local's own default command.
  ParsedOptions p = Parse({"-jar", "DynamoDBLocal.jar", "-sharedDb", "-dbPath", "./data", "-port", "8000"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.data_dir == "./data");
  CHECK(p.options.port == 8000);

  p = Parse({"-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar", "-inMemory"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.in_memory);

  // The JVM's heap and GC options too.
  p = Parse({"-Xmx512m", "-XX:+UseG1GC", "-jar", "DynamoDBLocal.jar", "-port", "8001"});
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.port == 8001);
}

TEST_CASE("ParseOptions: DynamoDB Local flag errors") {
  auto error_of = [](std::vector<std::string_view> args) {
    ParsedOptions p = ParseOptions(args);
    CHECK(p.action == Action::kError);
    return p.error;
  };
  CHECK(error_of({"-port", "x"}) == "-port must be an integer from 0 to 65535, got 'x'");
  CHECK(error_of({"-port", "70000"}).starts_with("-port must be"));
  CHECK(error_of({"-port"}) == "-port requires a value");
  CHECK(error_of({"-dbPath", ""}) == "-dbPath must not be empty");
  CHECK(error_of({"-dbPath"}) == "-dbPath requires a value");
  CHECK(error_of({"-cors"}) == "-cors requires a value");
  CHECK(error_of({"-cors", ""}) == "-cors must not be empty");
  CHECK(error_of({"-jar"}) == "-jar requires a value");
  // Single-dash flags never take an inline value; their names are exact.
  CHECK(error_of({"-port=8000"}) == "unknown option: -port=8000");
  CHECK(error_of({"-inmemory"}) == "unknown option: -inmemory");
  CHECK(error_of({"-inMemory", "-dbPath", "x"}) == "You cannot specify both -dbPath and -inMemory at once");
  CHECK(error_of({"-dbPath", "x", "-inMemory"}) == "You cannot specify both -dbPath and -inMemory at once");
  CHECK(error_of({"-inMemory", "--data-dir", "x"}) == "-inMemory and --data-dir cannot be used together");
  CHECK(error_of({"--in-memory", "-dbPath", "x"}) == "--in-memory and -dbPath cannot be used together");
}

// A fake environment for ApplyEnvironment and ParseOptions.
EnvironmentLookup Env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST_CASE("ApplyEnvironment: every variable") {
  ServerOptions o;
  CHECK(ApplyEnvironment(o, Env({})) == "");
  CHECK(o.port == 8000);

  CHECK(ApplyEnvironment(o, Env({{"EDDY_HOST", "0.0.0.0"},
                                 {"EDDY_PORT", "8100"},
                                 {"EDDY_DATA_DIR", "/var/eddy"},
                                 {"EDDY_REGION", "eu-west-1"},
                                 {"EDDY_THREADS", "3"},
                                 {"EDDY_TTL_INTERVAL", "0.5"},
                                 {"EDDY_FUNCTIONS", "fns.json"},
                                 {"EDDY_LOG_DIR", "/logs"},
                                 {"EDDY_LOG_ECHO", "true"},
                                 {"EDDY_ADDRESS_FILE", "/tmp/eddy.address"},
                                 {"EDDY_MEMORY_BUDGET", "512"}})) == "");
  CHECK(o.memory_budget_mb == 512);
  CHECK(o.host == "0.0.0.0");
  CHECK(o.port == 8100);
  CHECK(o.data_dir == "/var/eddy");
  CHECK_FALSE(o.in_memory);
  CHECK(o.region == "eu-west-1");
  CHECK(o.threads == 3);
  CHECK(o.ttl_interval == std::chrono::milliseconds(500));
  CHECK(o.functions_file == "fns.json");
  CHECK(o.log_dir == "/logs");
  CHECK(o.log_echo);
  CHECK(o.address_file == "/tmp/eddy.address");

  ServerOptions m;
  CHECK(ApplyEnvironment(m, Env({{"EDDY_IN_MEMORY", "1"}, {"EDDY_LOG_ECHO", "0"}})) == "");
  CHECK(m.in_memory);
  CHECK_FALSE(m.log_echo);
  CHECK(ApplyEnvironment(m, Env({{"EDDY_IN_MEMORY", "false"}})) == "");
  CHECK_FALSE(m.in_memory);

  // Empty counts as unset.
  ServerOptions e;
  CHECK(ApplyEnvironment(e, Env({{"EDDY_PORT", ""}, {"EDDY_HOST", ""}, {"EDDY_IN_MEMORY", ""}})) == "");
  CHECK(e.port == 8000);
  CHECK(e.host == "127.0.0.1");
}

TEST_CASE("ApplyEnvironment: invalid values name the variable") {
  auto error_of = [](std::map<std::string, std::string> vars) {
    ServerOptions o;
    return ApplyEnvironment(o, Env(std::move(vars)));
  };
  CHECK(error_of({{"EDDY_PORT", "http"}}) == "EDDY_PORT must be an integer from 0 to 65535, got 'http'");
  CHECK(error_of({{"EDDY_THREADS", "0"}}).starts_with("EDDY_THREADS must be an integer from 1 to 1024"));
  CHECK(error_of({{"EDDY_TTL_INTERVAL", "1h"}}).starts_with("EDDY_TTL_INTERVAL must be a number of seconds"));
  CHECK(error_of({{"EDDY_IN_MEMORY", "yes"}}) == "EDDY_IN_MEMORY must be 1, true, 0 or false, got 'yes'");
  CHECK(error_of({{"EDDY_LOG_ECHO", "TRUE"}}).starts_with("EDDY_LOG_ECHO must be 1, true, 0 or false"));
}

TEST_CASE("ApplyEnvironment: EDDY_IN_MEMORY=1 beats EDDY_DATA_DIR (which the image sets)") {
  ServerOptions o;
  CHECK(ApplyEnvironment(o, Env({{"EDDY_IN_MEMORY", "1"}, {"EDDY_DATA_DIR", "/data"}})) == "");
  CHECK(o.in_memory);
  ServerOptions p;
  CHECK(ApplyEnvironment(p, Env({{"EDDY_IN_MEMORY", "0"}, {"EDDY_DATA_DIR", "/data"}})) == "");
  CHECK_FALSE(p.in_memory);
  CHECK(p.data_dir == "/data");
}

TEST_CASE("ParseOptions: flags override the environment") {
  EnvironmentLookup env = Env({{"EDDY_PORT", "8100"}, {"EDDY_REGION", "eu-west-1"}, {"EDDY_HOST", "0.0.0.0"}});
  ParsedOptions p = ParseOptions(std::vector<std::string_view>{"--port", "9"}, env);
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.port == 9);
  CHECK(p.options.region == "eu-west-1");
  CHECK(p.options.host == "0.0.0.0");
  CHECK(ParseOptions(std::vector<std::string_view>{"-port", "10"}, env).options.port == 10);
  CHECK(ParseOptions(std::vector<std::string_view>{}, env).options.port == 8100);

  // A data directory on the command line beats EDDY_IN_MEMORY, and the
  // other way round.
  p = ParseOptions(std::vector<std::string_view>{"-dbPath", "/d"}, Env({{"EDDY_IN_MEMORY", "1"}}));
  REQUIRE(p.action == Action::kRun);
  CHECK_FALSE(p.options.in_memory);
  CHECK(p.options.data_dir == "/d");
  p = ParseOptions(std::vector<std::string_view>{"-inMemory"}, Env({{"EDDY_DATA_DIR", "/d"}}));
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.in_memory);

  // An invalid variable is an error even if a flag overrides it, but not
  // for --help or --version; a bad argument is reported first.
  EnvironmentLookup bad = Env({{"EDDY_PORT", "x"}});
  p = ParseOptions(std::vector<std::string_view>{"--port", "1"}, bad);
  CHECK(p.action == Action::kError);
  CHECK(p.error.starts_with("EDDY_PORT must be"));
  CHECK(ParseOptions(std::vector<std::string_view>{"--help"}, bad).action == Action::kHelp);
  CHECK(ParseOptions(std::vector<std::string_view>{"--version"}, bad).action == Action::kVersion);
  CHECK(ParseOptions(std::vector<std::string_view>{"--bogus"}, bad).error == "unknown option: --bogus");

  // No lookup, no environment.
  CHECK(ParseOptions(std::vector<std::string_view>{}, EnvironmentLookup()).options.port == 8000);
}

TEST_CASE("ParseOptions: --health-check reads the server's own command line and environment") {
  // The image's HEALTHCHECK passes the server's arguments after the switch,
  // so the check finds the port that -port or EDDY_PORT chose.
  ParsedOptions p = ParseOptions(
      std::vector<std::string_view>{"--health-check", "-jar", "DynamoDBLocal.jar", "-sharedDb", "-port", "8001"},
      Env({{"EDDY_HOST", "0.0.0.0"}}));
  REQUIRE(p.action == Action::kHealthCheck);
  CHECK(p.options.port == 8001);
  CHECK(p.options.host == "0.0.0.0");
  CHECK(ParseOptions(std::vector<std::string_view>{"--health-check"}, Env({{"EDDY_PORT", "8100"}})).options.port ==
        8100);
  // Its place among the flags does not matter; a bad flag or variable is
  // still an error, and --help still wins.
  CHECK(Parse({"-inMemory", "--health-check"}).action == Action::kHealthCheck);
  CHECK(Parse({"--health-check", "--port", "x"}).action == Action::kError);
  CHECK(ParseOptions(std::vector<std::string_view>{"--health-check"}, Env({{"EDDY_PORT", "x"}})).action ==
        Action::kError);
  CHECK(Parse({"--health-check", "-help"}).action == Action::kHelp);
}

TEST_CASE("ParseOptions(argc, argv, env) reads the environment") {
  char prog[] = "eddy";
  char flag[] = "-sharedDb";
  char* argv[] = {prog, flag, nullptr};
  ParsedOptions p = ParseOptions(2, argv, Env({{"EDDY_PORT", "7"}}));
  REQUIRE(p.action == Action::kRun);
  CHECK(p.options.port == 7);
}

TEST_CASE("Usage mentions every option") {
  std::string usage = Usage("eddy");
  for (const char* flag :
       {"--host", "--port", "--data-dir", "--in-memory", "--region", "--threads", "--ttl-interval", "--functions",
        "--log-dir", "--log-echo", "--help", "--version", "--health-check", "--address-file", "-port", "-dbPath", "-inMemory", "-sharedDb", "-cors",
        "-delayTransientStatuses", "-optimizeDbBeforeStartup", "-disableTelemetry", "-help", "-jar", "EDDY_HOST",
        "EDDY_PORT", "EDDY_DATA_DIR", "EDDY_IN_MEMORY", "EDDY_REGION", "EDDY_THREADS", "EDDY_TTL_INTERVAL",
        "EDDY_FUNCTIONS", "EDDY_LOG_DIR", "EDDY_LOG_ECHO", "EDDY_ADDRESS_FILE", "-X", "--max-connections",
        "--memory-budget", "--allowed-hosts", "--transient-delay", "EDDY_MAX_CONNECTIONS", "EDDY_MEMORY_BUDGET",
        "EDDY_ALLOWED_HOSTS", "EDDY_TRANSIENT_DELAY"}) {
    CHECK(usage.find(flag) != std::string::npos);
  }
}

}  // namespace
}  // namespace eddy

namespace eddy {
namespace {

TEST_CASE("-cors and --allowed-hosts take comma lists") {
  CHECK(ParseOptions({}).options.cors_origins.empty());
  CHECK(ParseOptions({"-cors", "*"}).options.cors_origins == std::vector<std::string>{"*"});
  CHECK(ParseOptions({"-cors", "https://a.example, http://localhost:3000"}).options.cors_origins ==
        std::vector<std::string>{"https://a.example", "http://localhost:3000"});
  CHECK(ParseOptions({"--allowed-hosts=eddy.example,host.docker.internal"}).options.allowed_hosts ==
        std::vector<std::string>{"eddy.example", "host.docker.internal"});
}

}  // namespace
}  // namespace eddy

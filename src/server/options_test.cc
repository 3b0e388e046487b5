#include "server/options.h"

#include <doctest/doctest.h>

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

TEST_CASE("Usage mentions every option") {
  std::string usage = Usage("eddy");
  for (const char* flag : {"--host", "--port", "--data-dir", "--in-memory", "--region", "--threads", "--ttl-interval", "--functions",
                           "--log-dir", "--log-echo", "--help",
                           "--version"}) {
    CHECK(usage.find(flag) != std::string::npos);
  }
}

}  // namespace
}  // namespace eddy

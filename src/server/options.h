// Command-line options of the `eddy` binary, parsed by hand (Boost's
// program_options is not header-only). Parsing is a pure function of the
// arguments so it can be unit-tested; main() prints and exits.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace eddy {

inline constexpr std::string_view kEddyVersion = "0.1.0";

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8000;          // 0 = let the kernel pick a free port
  std::string data_dir = "./data";
  bool in_memory = false;        // throw-away data dir under $TMPDIR
  // Region used in ARNs; empty = the region of each request's SigV4
  // credential scope (us-east-1 when it has none).
  std::string region;
  int threads = 0;               // 0 = std::thread::hardware_concurrency()
  // How often the TTL sweeper deletes expired items; 0 = no background
  // sweeps (only POST /_eddy/ttl/sweep). DynamoDB takes hours or days; a
  // local user wants expiry visible at once.
  std::chrono::milliseconds ttl_interval{1000};
  // The functions file (functions/functions_file.h): functions run on
  // stream records. Empty = none.
  std::string functions_file;
  // Where function logs are kept; empty = <data dir>/logs.
  std::string log_dir;
  bool log_echo = false;         // also print every log event on stdout
};

struct ParsedOptions {
  enum class Action {
    kRun,      // start the server with `options`
    kHelp,     // print Usage() to stdout, exit 0
    kVersion,  // print the version to stdout, exit 0
    kError,    // print `error` and Usage() to stderr, exit 2
  };
  Action action = Action::kRun;
  ServerOptions options;
  std::string error;
};

// Parses the arguments after the program name. Flags may be written
// `--flag value` or `--flag=value`; the first --help or --version wins.
ParsedOptions ParseOptions(const std::vector<std::string_view>& args);
ParsedOptions ParseOptions(int argc, char** argv);

std::string Usage(std::string_view program);

}  // namespace eddy

// Command-line options of the `eddy` binary, parsed by hand (Boost's
// program_options is not header-only). Parsing is a pure function of the
// arguments (and of an environment lookup) so it can be unit-tested; main()
// prints and exits.
//
// eddy is a drop-in for the amazon/dynamodb-local image: besides its own
// --flags it accepts DynamoDB Local's (-port, -dbPath, -inMemory, -sharedDb,
// ...) and ignores the java arguments (-jar DynamoDBLocal.jar, -D...) that
// compose files pass, so switching only the image name keeps working.
// EDDY_* environment variables set defaults that flags override.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
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
  // Once listening, the server writes its URL ("http://0.0.0.0:8000") here,
  // and --health-check reads it: the container image's HEALTHCHECK then
  // finds the server whatever its flags and process tree. Empty = none.
  std::string address_file;
  // How long a table stays CREATING or DELETING, and an index being created
  // or deleted CREATING (before its backfill) or DELETING with its table
  // UPDATING; 0 = at once. For tests of code that waits, like DynamoDB
  // Local's -delayTransientStatuses.
  std::chrono::milliseconds transient_delay{0};
  // Origins answered CORS for the DynamoDB API (-cors; empty or "*": any).
  std::vector<std::string> cors_origins;
  // Host header names answered beyond IP addresses, localhost and names
  // without a dot (--allowed-hosts; "*": any). See server/request_guard.h.
  std::vector<std::string> allowed_hosts;
  // Connections served at once (0: from the open-files limit).
  int max_connections = 0;
  // Megabytes that request bodies and undrained responses may hold in
  // total (--memory-budget; server/memory_budget.h).
  int memory_budget_mb = 256;
};

// What -delayTransientStatuses sets --transient-delay to.
inline constexpr std::chrono::milliseconds kDelayTransientStatuses{1000};
inline constexpr double kMaxTransientDelaySeconds = 3600;

struct ParsedOptions {
  enum class Action {
    kRun,      // start the server with `options`
    kHelp,     // print Usage() to stdout, exit 0
    kVersion,  // print the version to stdout, exit 0
    // --health-check: ask the server that `options` describe for
    // /_eddy/health and exit 0 if it answers 200, 1 otherwise (the
    // container image's HEALTHCHECK; server/health_check.h).
    kHealthCheck,
    kError,    // print `error` and Usage() to stderr, exit 2
  };
  Action action = Action::kRun;
  ServerOptions options;
  std::string error;
};

// The value of an environment variable, nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process's environment (std::getenv).
EnvironmentLookup ProcessEnvironment();

// Sets `options` from EDDY_HOST, EDDY_PORT, EDDY_DATA_DIR, EDDY_IN_MEMORY,
// EDDY_REGION, EDDY_THREADS, EDDY_TTL_INTERVAL, EDDY_FUNCTIONS, EDDY_LOG_DIR,
// EDDY_LOG_ECHO and EDDY_ADDRESS_FILE, validated like the flags they stand
// for (booleans are 1, true, 0 or false); EDDY_IN_MEMORY=1 beats
// EDDY_DATA_DIR. An empty variable counts as unset (compose writes
// `EDDY_REGION=` for "not set"). Returns an error naming the first invalid
// variable, or "" on success (`options` may be partly set on error).
std::string ApplyEnvironment(ServerOptions& options, const EnvironmentLookup& env);

// Parses the arguments after the program name on top of `defaults`. Flags
// may be written `--flag value` or `--flag=value` (DynamoDB Local's
// `-flag value` only); the first --help, -help or --version wins.
ParsedOptions ParseOptions(const std::vector<std::string_view>& args, const ServerOptions& defaults = {});

// ApplyEnvironment, then ParseOptions on top of it. An invalid variable is
// an error unless the arguments are themselves wrong or ask for help or the
// version. An empty `env` reads no environment.
ParsedOptions ParseOptions(const std::vector<std::string_view>& args, const EnvironmentLookup& env);
ParsedOptions ParseOptions(int argc, char** argv, const EnvironmentLookup& env = {});

std::string Usage(std::string_view program);

}  // namespace eddy

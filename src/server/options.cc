#include "server/options.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace eddy {
namespace {

template <typename Int>
std::optional<Int> ParseInt(std::string_view text, Int min, Int max) {
  Int value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

// A non-negative number of seconds, fractions allowed ("0.1"), at most
// `max_seconds`, as whole milliseconds (a positive value never rounds to 0).
std::optional<std::chrono::milliseconds> ParseSeconds(std::string_view text, double max_seconds) {
  double seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(seconds) || seconds < 0 ||
      seconds > max_seconds) {
    return std::nullopt;
  }
  auto millis = static_cast<int64_t>(std::llround(seconds * 1000));
  if (seconds > 0 && millis == 0) millis = 1;
  return std::chrono::milliseconds(millis);
}

// Consumes the flag's value: the part after '=' or the next argument.
class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string_view>& args) : args_(args) {}

  bool Done() const { return next_ >= args_.size(); }

  // Splits the next argument into its name and, for `--flag=value`, value.
  void Advance() {
    std::string_view arg = args_[next_++];
    size_t eq = arg.find('=');
    has_inline_value_ = arg.starts_with("--") && eq != std::string_view::npos;
    name_ = has_inline_value_ ? arg.substr(0, eq) : arg;
    inline_value_ = has_inline_value_ ? arg.substr(eq + 1) : std::string_view();
  }

  std::string_view name() const { return name_; }
  bool has_inline_value() const { return has_inline_value_; }

  // False when the flag is last and has no inline value.
  bool TakeValue(std::string_view& value) {
    if (has_inline_value_) {
      value = inline_value_;
      return true;
    }
    if (Done()) return false;
    value = args_[next_++];
    return true;
  }

 private:
  const std::vector<std::string_view>& args_;
  size_t next_ = 0;
  std::string_view name_;
  bool has_inline_value_ = false;
  std::string_view inline_value_;
};

// A day: longer intervals are surely a mistake (0 turns sweeps off).
constexpr double kMaxTtlIntervalSeconds = 86400;

ParsedOptions Error(std::string message) {
  ParsedOptions parsed;
  parsed.action = ParsedOptions::Action::kError;
  parsed.error = std::move(message);
  return parsed;
}

// What a flag or environment variable sets. One validator per setting, so
// `--port`, `-port` and EDDY_PORT reject the same values with the same
// message, each naming itself.
enum class Setting {
  kHost, kPort, kDataDir, kInMemory, kRegion, kThreads, kTtlInterval, kFunctions, kLogDir, kLogEcho,
  kAddressFile, kTransientDelay,
  kCors,     // DynamoDB Local's -cors: "*" or a comma list of origins
  kAllowedHosts, kMaxConnections, kMemoryBudget,
  kIgnored,  // the java command line's `-jar FILE`
};

// "a, b,c" -> {"a", "b", "c"} ("*" stays "*": any).
std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view item = value.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    start = end + 1;
  }
  return items;
}

struct Named {
  std::string_view name;
  Setting setting;
};

// Flags that take a value.
constexpr Named kValueFlags[] = {
    {"--host", Setting::kHost},           {"--port", Setting::kPort},
    {"--data-dir", Setting::kDataDir},    {"--region", Setting::kRegion},
    {"--threads", Setting::kThreads},     {"--ttl-interval", Setting::kTtlInterval},
    {"--functions", Setting::kFunctions}, {"--log-dir", Setting::kLogDir},
    {"--address-file", Setting::kAddressFile},
    {"--transient-delay", Setting::kTransientDelay},
    {"--allowed-hosts", Setting::kAllowedHosts},
    {"--max-connections", Setting::kMaxConnections},
    {"--memory-budget", Setting::kMemoryBudget},
    // DynamoDB Local's (DynamoDBLocal.UsageNotes, "Command line options").
    {"-port", Setting::kPort},            {"-dbPath", Setting::kDataDir},
    {"-cors", Setting::kCors},
    // `java -jar DynamoDBLocal.jar ...` pasted after the image name.
    {"-jar", Setting::kIgnored},
};

constexpr Named kEnvironmentVariables[] = {
    {"EDDY_HOST", Setting::kHost},         {"EDDY_PORT", Setting::kPort},
    {"EDDY_DATA_DIR", Setting::kDataDir},  {"EDDY_IN_MEMORY", Setting::kInMemory},
    {"EDDY_REGION", Setting::kRegion},     {"EDDY_THREADS", Setting::kThreads},
    {"EDDY_TTL_INTERVAL", Setting::kTtlInterval}, {"EDDY_FUNCTIONS", Setting::kFunctions},
    {"EDDY_LOG_DIR", Setting::kLogDir},    {"EDDY_LOG_ECHO", Setting::kLogEcho},
    {"EDDY_ADDRESS_FILE", Setting::kAddressFile},
    {"EDDY_TRANSIENT_DELAY", Setting::kTransientDelay},
    {"EDDY_ALLOWED_HOSTS", Setting::kAllowedHosts},
    {"EDDY_MAX_CONNECTIONS", Setting::kMaxConnections},
    {"EDDY_MEMORY_BUDGET", Setting::kMemoryBudget},
};

enum class SwitchEffect { kHelp, kVersion, kHealthCheck, kInMemory, kLogEcho, kDelayTransient, kNone };

struct Switch {
  std::string_view name;
  SwitchEffect effect;
};

// Flags without a value.
constexpr Switch kSwitches[] = {
    {"--help", SwitchEffect::kHelp},
    {"-h", SwitchEffect::kHelp},
    {"--version", SwitchEffect::kVersion},
    {"--health-check", SwitchEffect::kHealthCheck},
    {"--in-memory", SwitchEffect::kInMemory},
    {"--log-echo", SwitchEffect::kLogEcho},
    // DynamoDB Local's.
    {"-help", SwitchEffect::kHelp},
    {"-inMemory", SwitchEffect::kInMemory},
    // eddy has one database shared by every access key and region.
    {"-sharedDb", SwitchEffect::kNone},
    // Asks DynamoDB Local to delay CREATING/DELETING/UPDATING like the real
    // service: eddy then holds index creation and deletion in their
    // transient statuses for kDelayTransientStatuses (or --transient-delay).
    {"-delayTransientStatuses", SwitchEffect::kDelayTransient},
    // RocksDB needs no optimizing pass before startup.
    {"-optimizeDbBeforeStartup", SwitchEffect::kNone},
    // eddy collects no telemetry.
    {"-disableTelemetry", SwitchEffect::kNone},
};

template <typename Entry, size_t N>
const Entry* Find(const Entry (&table)[N], std::string_view name) {
  for (const Entry& entry : table) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

std::string Quoted(std::string_view value) { return "'" + std::string(value) + "'"; }

// Stores `value` in `o`, or returns why it is invalid, naming it `name`.
std::string Apply(ServerOptions& o, Setting setting, std::string_view name, std::string_view value) {
  const std::string n(name);
  switch (setting) {
    case Setting::kPort:
      if (auto port = ParseInt<uint16_t>(value, 0, 65535)) {
        o.port = *port;
        return "";
      }
      return n + " must be an integer from 0 to 65535, got " + Quoted(value);
    case Setting::kMaxConnections:
      if (auto cap = ParseInt<int>(value, 1, 1'000'000)) {
        o.max_connections = *cap;
        return "";
      }
      return n + " must be an integer from 1 to 1000000, got " + Quoted(value);
    case Setting::kMemoryBudget:
      if (auto megabytes = ParseInt<int>(value, 16, 1'000'000)) {
        o.memory_budget_mb = *megabytes;
        return "";
      }
      return n + " must be a number of megabytes from 16 to 1000000, got " + Quoted(value);
    case Setting::kThreads:
      if (auto threads = ParseInt<int>(value, 1, 1024)) {
        o.threads = *threads;
        return "";
      }
      return n + " must be an integer from 1 to 1024, got " + Quoted(value);
    case Setting::kTtlInterval:
      if (auto interval = ParseSeconds(value, kMaxTtlIntervalSeconds)) {
        o.ttl_interval = *interval;
        return "";
      }
      return n + " must be a number of seconds from 0 to 86400, got " + Quoted(value);
    case Setting::kTransientDelay:
      if (auto delay = ParseSeconds(value, kMaxTransientDelaySeconds)) {
        o.transient_delay = *delay;
        return "";
      }
      return n + " must be a number of seconds from 0 to 3600, got " + Quoted(value);
    case Setting::kInMemory:
    case Setting::kLogEcho: {  // only from the environment: flags are switches
      bool& target = setting == Setting::kInMemory ? o.in_memory : o.log_echo;
      if (value == "1" || value == "true") {
        target = true;
      } else if (value == "0" || value == "false") {
        target = false;
      } else {
        return n + " must be 1, true, 0 or false, got " + Quoted(value);
      }
      return "";
    }
    case Setting::kIgnored:
      return "";
    default:
      break;
  }
  // The rest are strings that must not be empty.
  if (value.empty()) return n + " must not be empty";
  switch (setting) {
    case Setting::kHost: o.host = value; break;
    case Setting::kDataDir: o.data_dir = value; break;
    case Setting::kRegion: o.region = value; break;
    case Setting::kFunctions: o.functions_file = value; break;
    case Setting::kLogDir: o.log_dir = value; break;
    case Setting::kAddressFile: o.address_file = value; break;
    case Setting::kCors: o.cors_origins = SplitList(value); break;
    case Setting::kAllowedHosts: o.allowed_hosts = SplitList(value); break;
    default: break;
  }
  return "";
}

// DynamoDB Local refuses both at once ("you cannot specify both -dbPath and
// -inMemory at once", its -help); so does eddy, with the flags as spelled.
std::string Conflict(std::string_view in_memory, std::string_view data_dir) {
  if (in_memory == "-inMemory" && data_dir == "-dbPath") return "You cannot specify both -dbPath and -inMemory at once";
  return std::string(in_memory) + " and " + std::string(data_dir) + " cannot be used together";
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

// EDDY_IN_MEMORY=1 beats EDDY_DATA_DIR, as -inMemory does: an image that
// sets EDDY_DATA_DIR can still be run in memory with `-e EDDY_IN_MEMORY=1`.
std::string ApplyEnvironment(ServerOptions& options, const EnvironmentLookup& env) {
  for (const Named& variable : kEnvironmentVariables) {
    std::optional<std::string> value = env(std::string(variable.name));
    if (!value || value->empty()) continue;
    std::string error = Apply(options, variable.setting, variable.name, *value);
    if (!error.empty()) return error;
  }
  return "";
}

ParsedOptions ParseOptions(const std::vector<std::string_view>& args, const ServerOptions& defaults) {
  ParsedOptions parsed;
  parsed.options = defaults;
  ServerOptions& o = parsed.options;
  // As spelled on the command line, for the conflict message; empty = not given.
  std::string_view in_memory_flag;
  std::string_view data_dir_flag;
  bool health_check = false;
  bool delay_transient_statuses = false;  // -delayTransientStatuses
  bool transient_delay_flag = false;      // --transient-delay
  ArgReader reader(args);
  while (!reader.Done()) {
    reader.Advance();
    std::string_view flag = reader.name();
    // The JVM's options: a system property (-Djava.library.path=...) or a
    // heap setting (-Xmx512m, -XX:+UseG1GC).
    if (flag.starts_with("-D") || flag.starts_with("-X")) continue;
    if (const Switch* s = Find(kSwitches, flag)) {
      if (reader.has_inline_value()) return Error(std::string(flag) + " does not take a value");
      switch (s->effect) {
        case SwitchEffect::kHelp:
          parsed.action = ParsedOptions::Action::kHelp;
          return parsed;
        case SwitchEffect::kVersion:
          parsed.action = ParsedOptions::Action::kVersion;
          return parsed;
        case SwitchEffect::kHealthCheck:
          health_check = true;
          break;
        case SwitchEffect::kInMemory:
          o.in_memory = true;
          in_memory_flag = flag;
          break;
        case SwitchEffect::kLogEcho:
          o.log_echo = true;
          break;
        case SwitchEffect::kDelayTransient:
          delay_transient_statuses = true;
          break;
        case SwitchEffect::kNone:
          break;
      }
      continue;
    }
    const Named* f = Find(kValueFlags, flag);
    if (f == nullptr) return Error("unknown option: " + std::string(flag));
    std::string_view value;
    if (!reader.TakeValue(value)) return Error(std::string(flag) + " requires a value");
    std::string error = Apply(o, f->setting, flag, value);
    if (!error.empty()) return Error(std::move(error));
    if (f->setting == Setting::kDataDir) data_dir_flag = flag;
    if (f->setting == Setting::kTransientDelay) transient_delay_flag = true;
  }
  // An explicit --transient-delay (or EDDY_TRANSIENT_DELAY) beats
  // DynamoDB Local's switch, whatever their order.
  if (delay_transient_statuses && !transient_delay_flag && defaults.transient_delay.count() == 0) {
    o.transient_delay = kDelayTransientStatuses;
  }
  if (!in_memory_flag.empty() && !data_dir_flag.empty()) return Error(Conflict(in_memory_flag, data_dir_flag));
  // A data directory on the command line overrides EDDY_IN_MEMORY.
  if (!data_dir_flag.empty()) o.in_memory = false;
  if (health_check) parsed.action = ParsedOptions::Action::kHealthCheck;
  return parsed;
}

ParsedOptions ParseOptions(const std::vector<std::string_view>& args, const EnvironmentLookup& env) {
  ServerOptions defaults;
  std::string env_error = env ? ApplyEnvironment(defaults, env) : "";
  ParsedOptions parsed = ParseOptions(args, defaults);
  const bool uses_options =
      parsed.action == ParsedOptions::Action::kRun || parsed.action == ParsedOptions::Action::kHealthCheck;
  if (!env_error.empty() && uses_options) return Error(std::move(env_error));
  return parsed;
}

ParsedOptions ParseOptions(int argc, char** argv, const EnvironmentLookup& env) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return ParseOptions(args, env);
}

std::string Usage(std::string_view program) {
  std::string usage = "usage: ";
  usage += program;
  usage +=
      " [options]\n"
      "\n"
      "A local emulator of Amazon DynamoDB.\n"
      "\n"
      "options:\n"
      "  --host HOST       address to listen on (default 127.0.0.1)\n"
      "  --port PORT       port to listen on; 0 picks a free port (default 8000)\n"
      "  --data-dir DIR    directory for the data (default ./data)\n"
      "  --in-memory       keep data in a temporary directory removed at exit\n"
      "  --region REGION   region used in ARNs (default: the request's SigV4 region)\n"
      "  --threads N       server threads (default: number of cores)\n"
      "  --ttl-interval S  seconds between TTL sweeps of expired items; fractions\n"
      "                    allowed, 0 = only on POST /_eddy/ttl/sweep (default 1)\n"
      "  --functions FILE  functions to run on stream records, with their event\n"
      "                    source mappings (JSON; see README, \"Stream handlers\")\n"
      "  --log-dir DIR     where function logs are written (default DATA_DIR/logs)\n"
      "  --log-echo        also print every function log line on stdout\n"
      "  --address-file F  once listening, write the server's URL to F (replaced\n"
      "                    atomically); --health-check reads it from there\n"
      "  --transient-delay S\n"
      "                    seconds a table stays CREATING or DELETING, and an index\n"
      "                    CREATING (before its backfill) or DELETING with its\n"
      "                    table UPDATING (default 0)\n"
      "  --max-connections N\n"
      "                    connections served at once; more are closed at once\n"
      "                    (default: the open-files limit less 256, at most 10000)\n"
      "  --memory-budget MB\n"
      "                    megabytes that request bodies being read and responses\n"
      "                    not yet read by clients may hold in total; a request\n"
      "                    that finds no room for 5 s gets ThrottlingException\n"
      "                    (default 256)\n"
      "  --allowed-hosts NAMES\n"
      "                    comma list of Host names eddy answers besides IP\n"
      "                    addresses, localhost and names without a dot (\"*\": any);\n"
      "                    others are refused, against DNS rebinding\n"
      "  --help            print this help and exit\n"
      "  --version         print the version and exit\n"
      "  --health-check    exit 0 if the eddy that the other options (or the\n"
      "                    --address-file) describe answers GET /_eddy/health,\n"
      "                    1 if not (for a container's HEALTHCHECK)\n"
      "\n"
      "Values may also be given as --option=value.\n"
      "\n"
      "DynamoDB Local's options, so its command lines work unchanged:\n"
      "  -port PORT, -dbPath DIR, -inMemory, -help\n"
      "                    as --port, --data-dir, --in-memory, --help\n"
      "  -sharedDb         accepted: eddy always has one database for all keys and regions\n"
      "  -cors ORIGINS     \"*\" (the default) or a comma list: the origins whose\n"
      "                    browser pages may call the DynamoDB API (CORS)\n"
      "  -delayTransientStatuses\n"
      "                    as --transient-delay 1 (unless that is given)\n"
      "  -optimizeDbBeforeStartup, -disableTelemetry\n"
      "                    accepted, no effect\n"
      "  -jar FILE, -D..., -X...\n"
      "                    java's arguments (-jar DynamoDBLocal.jar), ignored\n"
      "\n"
      "Environment (defaults that options override; empty = unset):\n"
      "  EDDY_HOST, EDDY_PORT, EDDY_DATA_DIR, EDDY_IN_MEMORY (1/true/0/false),\n"
      "  EDDY_REGION, EDDY_THREADS, EDDY_TTL_INTERVAL, EDDY_FUNCTIONS,\n"
      "  EDDY_LOG_DIR, EDDY_LOG_ECHO (1/true/0/false), EDDY_ADDRESS_FILE,\n"
      "  EDDY_TRANSIENT_DELAY, EDDY_ALLOWED_HOSTS, EDDY_MAX_CONNECTIONS,\n"
      "  EDDY_MEMORY_BUDGET\n"
      "  (EDDY_IN_MEMORY=1 overrides EDDY_DATA_DIR)\n";
  return usage;
}

}  // namespace eddy

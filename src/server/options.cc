#include "server/options.h"

#include <charconv>
#include <cmath>
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

}  // namespace

ParsedOptions ParseOptions(const std::vector<std::string_view>& args) {
  ParsedOptions parsed;
  ServerOptions& o = parsed.options;
  bool data_dir_given = false;
  ArgReader reader(args);
  while (!reader.Done()) {
    reader.Advance();
    std::string_view flag = reader.name();
    bool is_switch = flag == "--help" || flag == "-h" || flag == "--version" || flag == "--in-memory" ||
                     flag == "--log-echo";
    if (is_switch) {
      if (reader.has_inline_value()) return Error(std::string(flag) + " does not take a value");
      if (flag == "--help" || flag == "-h") {
        parsed.action = ParsedOptions::Action::kHelp;
        return parsed;
      }
      if (flag == "--version") {
        parsed.action = ParsedOptions::Action::kVersion;
        return parsed;
      }
      (flag == "--log-echo" ? o.log_echo : o.in_memory) = true;
      continue;
    }
    if (flag != "--host" && flag != "--port" && flag != "--data-dir" && flag != "--region" &&
        flag != "--threads" && flag != "--ttl-interval" && flag != "--functions" && flag != "--log-dir") {
      return Error("unknown option: " + std::string(flag));
    }
    std::string_view value;
    if (!reader.TakeValue(value)) return Error(std::string(flag) + " requires a value");
    if (flag == "--host") {
      if (value.empty()) return Error("--host must not be empty");
      o.host = value;
    } else if (flag == "--port") {
      auto port = ParseInt<uint16_t>(value, 0, 65535);
      if (!port) return Error("--port must be an integer from 0 to 65535, got '" + std::string(value) + "'");
      o.port = *port;
    } else if (flag == "--data-dir") {
      if (value.empty()) return Error("--data-dir must not be empty");
      o.data_dir = value;
      data_dir_given = true;
    } else if (flag == "--functions" || flag == "--log-dir") {
      if (value.empty()) return Error(std::string(flag) + " must not be empty");
      (flag == "--functions" ? o.functions_file : o.log_dir) = value;
    } else if (flag == "--region") {
      if (value.empty()) return Error("--region must not be empty");
      o.region = value;
    } else if (flag == "--ttl-interval") {
      auto interval = ParseSeconds(value, kMaxTtlIntervalSeconds);
      if (!interval) {
        return Error("--ttl-interval must be a number of seconds from 0 to 86400, got '" + std::string(value) + "'");
      }
      o.ttl_interval = *interval;
    } else {  // --threads
      auto threads = ParseInt<int>(value, 1, 1024);
      if (!threads) return Error("--threads must be an integer from 1 to 1024, got '" + std::string(value) + "'");
      o.threads = *threads;
    }
  }
  // Like DynamoDB Local's -inMemory and -dbPath: one or the other.
  if (o.in_memory && data_dir_given) return Error("--in-memory and --data-dir cannot be used together");
  return parsed;
}

ParsedOptions ParseOptions(int argc, char** argv) {
  std::vector<std::string_view> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return ParseOptions(args);
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
      "  --help            print this help and exit\n"
      "  --version         print the version and exit\n"
      "\n"
      "Values may also be given as --option=value.\n";
  return usage;
}

}  // namespace eddy

// The `eddy` binary: parse options, open the engine and the log store, load
// the functions file, serve HTTP until SIGINT or SIGTERM, then shut down in
// order (stop accepting and stop the stream pollers and the functions they
// run, drain in-flight requests, stop the TTL sweeper, close the engine,
// remove an --in-memory directory).
//
// Test fixtures start it with --port 0 and read the one line it prints to
// stdout, "eddy listening on http://<host>:<port>", to learn the port.
#include <sys/resource.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "core/clock.h"
#include "core/region.h"
#include "engine/engine.h"
#include "functions/functions_file.h"
#include "iam/query_api.h"
#include "lambda/lambda_api.h"
#include "logs/log_store.h"
#include "registry/registry.h"
#include "server/admin_routes.h"
#include "server/api_router.h"
#include "server/dispatcher.h"
#include "server/health_check.h"
#include "server/http_server.h"
#include "server/mapping_routes.h"
#include "server/options.h"
#include "ttl/sweeper.h"

namespace eddy {
namespace {

// A fresh directory under $TMPDIR (or /tmp) for --in-memory, removed with
// everything in it when this object goes away.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string pattern = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/eddy-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;

  // Empty if the directory could not be created.
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --log-echo: each log event on eddy's stdout, prefixed by its log group.
void EchoLogEvent(std::string_view group, std::string_view, std::string_view message) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  // Lambda's log events end with a newline; the echo adds its own.
  if (message.ends_with('\n')) message.remove_suffix(1);
  std::cout << "[" << group << "] " << message << std::endl;
}

int Serve(const ServerOptions& options, const std::string& data_dir) {
  SystemClock clock;
  functions::FunctionsFile functions_file;
  std::string error;
  if (!options.functions_file.empty() && !functions::LoadFunctionsFile(options.functions_file, &functions_file, &error)) {
    std::cerr << "eddy: " << error << "\n";
    return 1;
  }
  EngineOptions engine_options;
  engine_options.data_dir = data_dir;
  engine_options.clock = &clock;
  engine_options.transient_delay_millis = options.transient_delay.count();
  std::unique_ptr<Engine> engine;
  try {
    engine = Engine::Open(engine_options);
  } catch (const std::exception& e) {
    std::cerr << "eddy: " << e.what() << "\n";  // names the directory
    return 1;
  }

  logs::LogStoreOptions log_options;
  log_options.directory = options.log_dir.empty() ? data_dir + "/logs" : options.log_dir;
  log_options.clock = &clock;
  if (options.log_echo) log_options.echo = EchoLogEvent;
  std::unique_ptr<logs::LogStore> log_store = logs::LogStore::Open(log_options, &error);
  if (!log_store) {
    std::cerr << "eddy: cannot open log directory " << log_options.directory << ": " << error << "\n";
    return 1;
  }

  {  // The sweeper, server and dispatcher go away before the engine they call.
    // Declared first so it is destroyed (stopped) after the server has
    // drained: admin requests may still be calling SweepNow() until then.
    TtlSweeper sweeper(*engine, options.ttl_interval);
    const std::string arn_region = options.region.empty() ? std::string(kDefaultRegion) : options.region;
    // Functions and their mappings: created by Lambda's API or the
    // functions file, run once the server's port (their endpoint) is known.
    registry::Registry registry(registry::RegistryOptions{
        .engine = engine.get(), .clock = &clock, .code_root = data_dir + "/functions", .region = arn_region});
    lambda::LambdaApi lambda_api(registry, arn_region, data_dir + "/on-failure");
    ConflictInjector conflicts;
    Dispatcher dispatcher(*engine, DispatcherOptions{.default_region = options.region,
                                                     .logs = log_store.get(),
                                                     .conflicts = &conflicts});
    HttpServerOptions http_options;
    http_options.host = options.host;
    http_options.port = options.port;
    http_options.threads = options.threads;
    http_options.allowed_hosts = options.allowed_hosts;
    http_options.cors_origins = options.cors_origins;
    http_options.max_connections = static_cast<size_t>(options.max_connections);
    http_options.memory_budget = static_cast<size_t>(options.memory_budget_mb) * 1024 * 1024;
    // Code uploads: 50 MB zipped, base64 in the JSON body.
    http_options.large_body_paths = {"/2015-03-31/functions"};
    http_options.large_body_limit = 72 * 1024 * 1024;
    http_options.runs_long = lambda::LambdaApi::RunsLong;
    http_options.named_origin_paths = lambda::LambdaApi::PathPrefixes();
    ApiRouter router([&dispatcher](const ApiRequest& request) { return dispatcher.Dispatch(request); }, arn_region);
    iam::QueryApi iam_api(*engine, arn_region);
    router.SetQueryApi([&iam_api](const ApiRequest& request) { return iam_api.Handle(request); });
    for (std::string prefix : lambda::LambdaApi::PathPrefixes()) {
      router.AddPathPrefix(prefix, [&lambda_api](const ApiRequest& request) { return lambda_api.Handle(request); });
    }
    HttpServer server(http_options, [&router](const ApiRequest& request) { return router.Route(request); });
    AddAdminRoutes(server, *engine, clock, sweeper, conflicts);
    AddMappingRoutes(server, registry.pollers());
    uint16_t port = 0;
    try {
      port = server.Start();
    } catch (const std::exception& e) {
      std::cerr << "eddy: " << e.what() << "\n";
      return 1;
    }
    // Handlers call back into eddy (boto3 reads AWS_ENDPOINT_URL_DYNAMODB):
    // through loopback when eddy listens on every address.
    functions::RunnerEnvironment env;
    env.logs = log_store.get();
    env.clock = &clock;
    env.region = arn_region;
    env.endpoint_url = ServerUrl(LocalAddressFor(options.host), port);
    if (!registry.Start(env, functions_file, &error)) {
      std::cerr << "eddy: " << options.functions_file << ": " << error << "\n";
      registry.BeginStop();
      return 1;
    }
    const std::string url = ServerUrl(options.host, port);
    // Serving matters more than the health check that reads the file (a
    // read-only container file system, say): warn and go on.
    if (!options.address_file.empty() && !WriteAddressFile(options.address_file, url, &error)) {
      std::cerr << "eddy: warning: --address-file: " << error << "\n";
    }

    // Signals are handled on their own small io_context and thread, armed
    // before the "listening" line so a fixture may signal right after it.
    boost::asio::io_context signal_context;
    boost::asio::signal_set signals(signal_context, SIGINT, SIGTERM);
    signals.async_wait([&server, &registry](const boost::system::error_code& ec, int) {
      if (ec) return;
      server.Stop();
      registry.BeginStop();  // also ends waits on /_eddy/event-source-mappings/wait
    });
    std::thread signal_thread([&signal_context] { signal_context.run(); });
    sweeper.Start();  // no thread with --ttl-interval 0

    std::printf("eddy listening on %s\n", url.c_str());
    std::fflush(stdout);

    server.Run();  // returns once Stop() has drained every connection
    signal_context.stop();
    signal_thread.join();
    registry.Stop();
    sweeper.Stop();
    // Stopped: a health check must no longer find an address.
    if (!options.address_file.empty()) std::remove(options.address_file.c_str());
  }
  engine.reset();  // flush and close the database before the data directory may go
  return 0;
}

// The soft open-files limit up to the hard one: many shells start processes
// at 1024, which a few hundred connections and RocksDB's files can exhaust.
void RaiseOpenFilesLimit() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0 || files.rlim_cur >= files.rlim_max) return;
  files.rlim_cur = files.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &files) != 0) std::perror("eddy: cannot raise the open-files limit");
}

int Main(int argc, char** argv) {
  ParsedOptions parsed = ParseOptions(argc, argv, ProcessEnvironment());  // EDDY_* variables, then flags
  switch (parsed.action) {
    case ParsedOptions::Action::kHelp:
      std::cout << Usage("eddy");
      return 0;
    case ParsedOptions::Action::kVersion:
      std::cout << "eddy " << kEddyVersion << "\n";
      return 0;
    case ParsedOptions::Action::kError: {
      std::cerr << "eddy: " << parsed.error << "\n\n" << Usage("eddy");
      // Docker reserves a health check's exit code 2; any failure there is 1.
      const bool health_check = std::find(argv + 1, argv + argc, std::string_view("--health-check")) != argv + argc;
      return health_check ? 1 : 2;
    }
    case ParsedOptions::Action::kHealthCheck: {
      std::string error;
      if (CheckServerHealth(parsed.options, std::chrono::seconds(2), &error)) return 0;
      std::cerr << "eddy: unhealthy: " << error << "\n";
      return 1;
    }
    case ParsedOptions::Action::kRun:
      break;
  }
  RaiseOpenFilesLimit();
  const ServerOptions& options = parsed.options;
  if (options.in_memory) {
    ScratchDirectory scratch;
    if (scratch.path().empty()) {
      std::cerr << "eddy: cannot create a temporary directory for --in-memory\n";
      return 1;
    }
    return Serve(options, scratch.path());
  }
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) {
    std::cerr << "eddy: cannot create data directory " << options.data_dir << ": " << ec.message() << "\n";
    return 1;
  }
  return Serve(options, options.data_dir);
}

}  // namespace
}  // namespace eddy

int main(int argc, char** argv) { return eddy::Main(argc, argv); }

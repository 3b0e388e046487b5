// The `eddy` binary: parse options, open the engine, serve HTTP until SIGINT
// or SIGTERM, then shut down in order (stop accepting, drain in-flight
// requests, stop the TTL sweeper, close the engine, remove an --in-memory
// directory).
//
// Test fixtures start it with --port 0 and read the one line it prints to
// stdout, "eddy listening on http://<host>:<port>", to learn the port.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <thread>

#include "core/clock.h"
#include "engine/engine.h"
#include "server/admin_routes.h"
#include "server/dispatcher.h"
#include "server/http_server.h"
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

// IPv6 literals need brackets in a URL.
std::string UrlHost(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

int Serve(const ServerOptions& options, const std::string& data_dir) {
  SystemClock clock;
  EngineOptions engine_options;
  engine_options.data_dir = data_dir;
  engine_options.clock = &clock;
  std::unique_ptr<Engine> engine;
  try {
    engine = Engine::Open(engine_options);
  } catch (const std::exception& e) {
    std::cerr << "eddy: cannot open data directory " << data_dir << ": " << e.what() << "\n";
    return 1;
  }

  {  // The sweeper, server and dispatcher go away before the engine they call.
    // Declared first so it is destroyed (stopped) after the server has
    // drained: admin requests may still be calling SweepNow() until then.
    TtlSweeper sweeper(*engine, options.ttl_interval);
    Dispatcher dispatcher(*engine, DispatcherOptions{.default_region = options.region});
    HttpServerOptions http_options;
    http_options.host = options.host;
    http_options.port = options.port;
    http_options.threads = options.threads;
    http_options.region = options.region.empty() ? "us-east-1" : options.region;
    HttpServer server(http_options, [&dispatcher](const ApiRequest& request) { return dispatcher.Dispatch(request); });
    AddAdminRoutes(server, clock, sweeper);
    uint16_t port = 0;
    try {
      port = server.Start();
    } catch (const std::exception& e) {
      std::cerr << "eddy: " << e.what() << "\n";
      return 1;
    }

    // Signals are handled on their own small io_context and thread, armed
    // before the "listening" line so a fixture may signal right after it.
    boost::asio::io_context signal_context;
    boost::asio::signal_set signals(signal_context, SIGINT, SIGTERM);
    signals.async_wait([&server](const boost::system::error_code& ec, int) {
      if (!ec) server.Stop();
    });
    std::thread signal_thread([&signal_context] { signal_context.run(); });
    sweeper.Start();  // no thread with --ttl-interval 0

    std::printf("eddy listening on http://%s:%u\n", UrlHost(options.host).c_str(), unsigned{port});
    std::fflush(stdout);

    server.Run();  // returns once Stop() has drained every connection
    signal_context.stop();
    signal_thread.join();
    sweeper.Stop();
  }
  engine.reset();  // flush and close the database before the data directory may go
  return 0;
}

int Main(int argc, char** argv) {
  ParsedOptions parsed = ParseOptions(argc, argv);
  switch (parsed.action) {
    case ParsedOptions::Action::kHelp:
      std::cout << Usage("eddy");
      return 0;
    case ParsedOptions::Action::kVersion:
      std::cout << "eddy " << kEddyVersion << "\n";
      return 0;
    case ParsedOptions::Action::kError:
      std::cerr << "eddy: " << parsed.error << "\n\n" << Usage("eddy");
      return 2;
    case ParsedOptions::Action::kRun:
      break;
  }
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

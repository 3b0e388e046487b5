#include "server/health_check.h"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server/http_server.h"

namespace eddy {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

TEST_CASE("LocalAddressFor: loopback for the wildcard addresses") {
  CHECK(LocalAddressFor("0.0.0.0") == "127.0.0.1");
  CHECK(LocalAddressFor("::") == "::1");
  CHECK(LocalAddressFor("127.0.0.1") == "127.0.0.1");
  CHECK(LocalAddressFor("localhost") == "localhost");
}

TEST_CASE("ServerUrl and ParseServerUrl: the URL eddy prints and writes to --address-file") {
  CHECK(ServerUrl("0.0.0.0", 8000) == "http://0.0.0.0:8000");
  CHECK(ServerUrl("::1", 80) == "http://[::1]:80");
  std::string host;
  uint16_t port = 0;
  REQUIRE(ParseServerUrl(ServerUrl("::1", 80), &host, &port));
  CHECK(host == "::1");
  CHECK(port == 80);
  REQUIRE(ParseServerUrl("http://0.0.0.0:8000", &host, &port));
  CHECK(host == "0.0.0.0");
  CHECK(port == 8000);
  REQUIRE(ParseServerUrl("http://[::]:18000", &host, &port));
  CHECK(host == "::");
  CHECK(port == 18000);
  for (const char* bad : {"", "0.0.0.0:8000", "http://0.0.0.0", "http://:80", "http://h:0", "http://h:8x",
                          "http://h:70000", "http://[::1:80"}) {
    CHECK_FALSE(ParseServerUrl(bad, &host, &port));
  }
}

// An HttpServer on a free loopback port, running until destroyed.
class RunningServer {
 public:
  RunningServer() : server_(Options(), [](const ApiRequest&) { return ApiResponse{}; }) {
    port_ = server_.Start();
    runner_ = std::thread([this] { server_.Run(); });
  }
  ~RunningServer() {
    server_.Stop();
    runner_.join();
  }
  uint16_t port() const { return port_; }

 private:
  static HttpServerOptions Options() {
    HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 1;
    return options;
  }
  HttpServer server_;
  uint16_t port_ = 0;
  std::thread runner_;
};

TEST_CASE("CheckHealth: a running server is healthy") {
  RunningServer server;
  std::string error;
  CHECK(CheckHealth("127.0.0.1", server.port(), 2s, &error));
  CHECK(error.empty());
}

TEST_CASE("CheckServerHealth: the address file wins over the port in the options") {
  RunningServer server;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("eddy-hc-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  ServerOptions options;
  options.port = 1;  // nothing there: only the file can lead to the server
  options.address_file = (dir / "address").string();
  std::string error;

  CHECK_FALSE(CheckServerHealth(options, 2s, &error));
  CHECK(error == "no address in " + options.address_file + " (not started yet?)");

  // As the server writes it: the wildcard address, reached through loopback.
  REQUIRE(WriteAddressFile(options.address_file, "http://0.0.0.0:" + std::to_string(server.port()), &error));
  CHECK_FALSE(std::filesystem::exists(options.address_file + ".tmp"));
  error.clear();
  CHECK(CheckServerHealth(options, 2s, &error));
  CHECK(error.empty());

  std::ofstream(options.address_file) << "garbage\n";
  CHECK_FALSE(CheckServerHealth(options, 2s, &error));
  CHECK(error.find("does not hold an http://host:port URL") != std::string::npos);

  options.address_file.clear();  // no file: the options' host and port
  options.port = server.port();
  CHECK(CheckServerHealth(options, 2s, &error));
  std::filesystem::remove_all(dir);
}

TEST_CASE("CheckHealth: nothing listening, or a listener that never answers, is unhealthy") {
  asio::io_context io;
  tcp::acceptor silent(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const uint16_t silent_port = silent.local_endpoint().port();
  std::string error;
  // The kernel completes the handshake from the backlog; nobody reads.
  CHECK_FALSE(CheckHealth("127.0.0.1", silent_port, 200ms, &error));
  CHECK(error.starts_with("read 127.0.0.1:" + std::to_string(silent_port) + ": "));
  CHECK(error.find("timeout") != std::string::npos);

  silent.close();  // the port is free again: the connection is refused
  error.clear();
  CHECK_FALSE(CheckHealth("127.0.0.1", silent_port, 2s, &error));
  CHECK(error.find("connect 127.0.0.1:") == 0);
}

}  // namespace
}  // namespace eddy

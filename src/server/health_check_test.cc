#include "server/health_check.h"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
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

TEST_CASE("CheckHealth: a running server is healthy") {
  HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  HttpServer server(options, [](const ApiRequest&) { return ApiResponse{}; });
  uint16_t port = server.Start();
  std::thread runner([&server] { server.Run(); });
  std::string error;
  CHECK(CheckHealth("127.0.0.1", port, 2s, &error));
  CHECK(error.empty());
  server.Stop();
  runner.join();
}

TEST_CASE("CheckHealth: nothing listening, or a listener that never answers, is unhealthy") {
  asio::io_context io;
  tcp::acceptor silent(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const uint16_t silent_port = silent.local_endpoint().port();
  std::string error;
  // The kernel completes the handshake from the backlog; nobody reads.
  CHECK_FALSE(CheckHealth("127.0.0.1", silent_port, 200ms, &error));
  CHECK(error.find("read 127.0.0.1:" + std::to_string(silent_port)) == 0);

  silent.close();  // the port is free again: the connection is refused
  error.clear();
  CHECK_FALSE(CheckHealth("127.0.0.1", silent_port, 2s, &error));
  CHECK(error.find("connect 127.0.0.1:") == 0);
}

}  // namespace
}  // namespace eddy

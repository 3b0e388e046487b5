#include "server/health_check.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace eddy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string LocalAddressFor(const std::string& listen_host) {
  if (listen_host == "0.0.0.0") return "127.0.0.1";
  if (listen_host == "::") return "::1";
  return listen_host;
}

bool CheckHealth(const std::string& host, uint16_t port, std::chrono::milliseconds timeout, std::string* error) {
  // Asynchronous operations only because tcp_stream's deadline covers them
  // (a server that accepts and never answers must not hang the check).
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  http::request<http::empty_body> request(http::verb::get, "/_eddy/health", 11);
  request.set(http::field::host, host);
  http::response<http::string_body> response;
  beast::error_code failure;
  std::string stage = "resolve";

  auto fail = [&failure](beast::error_code ec) { failure = ec; };
  stream.expires_after(timeout);
  resolver.async_resolve(host, std::to_string(port), [&](beast::error_code ec, auto endpoints) {
    if (ec) return fail(ec);
    stage = "connect";
    stream.async_connect(endpoints, [&](beast::error_code ec, const auto&) {
      if (ec) return fail(ec);
      stage = "send";
      http::async_write(stream, request, [&](beast::error_code ec, size_t) {
        if (ec) return fail(ec);
        stage = "read";
        http::async_read(stream, buffer, response, [&](beast::error_code ec, size_t) {
          if (ec) return fail(ec);
          stage = "done";
        });
      });
    });
  });
  io.run();

  const std::string where = host + ":" + std::to_string(port);
  if (failure) {
    *error = stage + " " + where + ": " + failure.message();
    return false;
  }
  if (response.result() != http::status::ok) {
    *error = "GET http://" + where + "/_eddy/health answered " + std::to_string(response.result_int());
    return false;
  }
  return true;
}

}  // namespace eddy

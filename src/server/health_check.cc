#include "server/health_check.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace eddy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string LocalAddressFor(const std::string& listen_host) {
  if (listen_host == "0.0.0.0") return "127.0.0.1";
  if (listen_host == "::") return "::1";
  return listen_host;
}

std::string ServerUrl(const std::string& host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool WriteAddressFile(const std::string& path, const std::string& url, std::string* error) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << url << "\n";
    if (!out.flush()) {
      *error = "cannot write " + temporary;
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    *error = "cannot rename " + temporary + " to " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool ParseServerUrl(std::string_view url, std::string* host, uint16_t* port) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return false;
  url.remove_prefix(kScheme.size());
  size_t colon = url.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view name = url.substr(0, colon);
  std::string_view digits = url.substr(colon + 1);
  if (name.starts_with('[') && name.ends_with(']')) name = name.substr(1, name.size() - 2);
  if (name.empty() || name.find_first_of("[]/") != std::string_view::npos) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *port);
  if (ec != std::errc() || end != digits.data() + digits.size() || *port == 0) return false;
  *host = name;
  return true;
}

bool CheckHealth(const std::string& host, uint16_t port, std::chrono::milliseconds timeout, std::string* error) {
  // Asynchronous operations, so that one deadline bounds them all (a server
  // that accepts and never answers must not hang the check).
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
  io.run_for(timeout);  // the stream's deadline does not cover resolving

  const std::string where = host + ":" + std::to_string(port);
  if (stage != "done" && !failure) failure = beast::error::timeout;
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

bool CheckServerHealth(const ServerOptions& options, std::chrono::milliseconds timeout, std::string* error) {
  std::string host = options.host;
  uint16_t port = options.port;
  if (!options.address_file.empty()) {
    std::ifstream in(options.address_file);
    std::string url;
    if (!std::getline(in, url)) {
      *error = "no address in " + options.address_file + " (not started yet?)";
      return false;
    }
    if (!ParseServerUrl(url, &host, &port)) {
      *error = options.address_file + " does not hold an http://host:port URL: " + url;
      return false;
    }
  }
  return CheckHealth(LocalAddressFor(host), port, timeout, error);
}

}  // namespace eddy

#include "server/request_guard.h"

#include <algorithm>
#include <cctype>

#include <boost/asio/ip/address.hpp>

namespace eddy {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "name:port" -> "name"; "[::1]:port" -> "::1".
std::string_view HostName(std::string_view host) {
  if (host.starts_with('[')) {
    const size_t end = host.find(']');
    return end == std::string_view::npos ? host : host.substr(1, end - 1);
  }
  const size_t colon = host.find(':');
  // More than one colon: an IPv6 address without brackets.
  if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos) {
    return host.substr(0, colon);
  }
  return host;
}

}  // namespace

bool HostAllowed(std::string_view host_header, const std::vector<std::string>& allowed) {
  if (host_header.empty()) return true;  // HTTP/1.0 without Host: not a browser
  const std::string name = Lower(HostName(host_header));
  boost::system::error_code ec;
  boost::asio::ip::make_address(name, ec);
  if (!ec) return true;  // an address cannot be rebound
  if (name == "localhost" || name.ends_with(".localhost")) return true;
  if (name.find('.') == std::string::npos) return true;  // a local name: docker-compose services
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return a == "*" || Lower(a) == name; });
}

bool AdminWriteAllowed(std::string_view content_type, bool has_admin_header) {
  if (has_admin_header) return true;
  // The media type without parameters ("text/plain; charset=utf-8").
  std::string type = Lower(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove_if(type.begin(), type.end(), [](unsigned char c) { return std::isspace(c); }), type.end());
  // The three types a cross-origin page may send without a preflight, and
  // none at all.
  return !type.empty() && type != "text/plain" && type != "application/x-www-form-urlencoded" &&
         type != "multipart/form-data";
}

std::string_view CorsAllowOrigin(std::string_view origin, const std::vector<std::string>& origins) {
  if (origins.empty()) return "*";
  for (const std::string& allowed : origins) {
    if (allowed == "*") return "*";
    if (allowed == origin) return origin;
  }
  return {};
}

}  // namespace eddy

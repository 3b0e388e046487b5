// The seam between the HTTP layer (server/http_server.h) and the wire APIs
// (DynamoDB's dispatcher, Lambda's REST routes, IAM's Query protocol): plain
// values, no Beast types, so every API can be called from unit tests and
// benchmarks without sockets. It lives in core so the API folders, which
// sit below server, can take and return it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace eddy {

struct ApiRequest {
  std::string_view method = "POST";  // "GET", "POST", "PUT", "DELETE", ...
  std::string_view path = "/";       // as sent (percent-encoded), without the query
  std::string_view query;            // after '?', as sent; empty when none
  std::string_view target;           // X-Amz-Target header, e.g. "DynamoDB_20120810.PutItem"
  std::string_view body;             // request body
  std::string_view authorization;    // Authorization header; empty when absent
  bool has_authorization = false;
  std::string_view content_type;     // Content-Type header; empty when absent
  // Any other header, by name (case-insensitive); empty when absent. Set by
  // the HTTP layer; tests may leave it null.
  std::string_view (*lookup_header)(const void* context, std::string_view name) = nullptr;
  const void* header_context = nullptr;

  std::string_view Header(std::string_view name) const {
    return lookup_header ? lookup_header(header_context, name) : std::string_view();
  }
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string_view content_type = "application/x-amz-json-1.0";  // a literal: never owned
  // Headers beyond the ones every response gets (request id, CRC-32, Date).
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace eddy

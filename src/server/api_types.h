// The seam between the HTTP layer (server/http_server.h) and the API
// dispatcher (server/dispatcher.h): plain values, no Beast types, so the
// dispatcher can be called from unit tests and benchmarks without sockets.
#pragma once

#include <string>
#include <string_view>

namespace eddy {

struct ApiRequest {
  std::string_view target;         // X-Amz-Target header, e.g. "DynamoDB_20120810.PutItem"
  std::string_view body;           // request body (JSON)
  std::string_view authorization;  // Authorization header; empty when absent
  bool has_authorization = false;
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string_view content_type = "application/x-amz-json-1.0";
};

}  // namespace eddy

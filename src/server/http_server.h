// The HTTP front door: Boost.Beast over one io_context run on N threads, one
// coroutine session per keep-alive connection (as in Beast's advanced server
// examples). It only speaks HTTP; what a request means is decided by the
// ApiHandler (the dispatcher) for the AWS JSON APIs and by admin routes for
// /_eddy/...
//
// Routing:
//   OPTIONS <any path>      CORS preflight (browsers, e.g. the NoSQL Workbench);
//                           none for /_eddy/ (browsers may not call it)
//   GET|POST /_eddy/<...>   admin routes; GET /_eddy/health is built in. A
//                           POST needs a JSON content type or X-Eddy-Admin
//   (any)                   403 when the Host header does not name eddy
//                           (server/request_guard.h)
//   (any other)             ApiHandler, with method, path, query and headers:
//                           server/api_router.h tells the APIs apart.
// Every response carries x-amzn-RequestId, x-amz-crc32 (CRC-32 of the body,
// verified by botocore), Date and the CORS headers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_message.h"

namespace eddy {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP address or a resolvable name
  uint16_t port = 8000;            // 0 = a free port chosen by the kernel
  int threads = 0;                 // 0 = std::thread::hardware_concurrency()
  // Larger bodies are answered with 413 and the connection is closed.
  // DynamoDB's documented maximum request size is 16 MB (BatchWriteItem).
  size_t body_limit = 16 * 1024 * 1024;
  // Paths (prefixes) whose requests may be up to large_body_limit: Lambda's
  // code uploads (50 MB zipped, base64 in JSON).
  std::vector<std::string> large_body_paths;
  size_t large_body_limit = 0;
  // A keep-alive connection with no request for this long is closed. Longer
  // than botocore's and the AWS SDKs' idle pool timeouts, so clients close
  // first and never send on a connection we are closing.
  std::chrono::seconds idle_timeout{120};
  // Limit for receiving the rest of a started request or sending a response
  // (a body must also arrive within 10 s plus 1 s per MB).
  std::chrono::seconds io_timeout{60};
  // Local safety (server/request_guard.h): Host names answered beyond
  // addresses, localhost and dotless names ("*": any); origins answered
  // CORS for the DynamoDB API (empty: any).
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> cors_origins;
  // Paths (prefixes) answered CORS only for origins named in cors_origins,
  // never for any origin by default: Lambda's API runs code.
  std::vector<std::string> named_origin_paths;
  // Connections served at once; one more is closed as soon as it is
  // accepted, so no number of clients can exhaust eddy's file descriptors
  // (RocksDB and the function workers need some). 0: the open-files limit
  // less 256, between 64 and 10000.
  size_t max_connections = 0;
  // Bytes that request bodies being read and responses not yet taken by
  // their clients may hold in total (server/memory_budget.h); a request
  // that finds no room for budget_wait is answered ThrottlingException.
  size_t memory_budget = 256 * 1024 * 1024;
  std::chrono::milliseconds budget_wait{5000};
  // Requests (by method and path) whose answer may take long, such as a
  // function's synchronous invocation: served on a thread pool, so the
  // server thread keeps serving other connections, including the
  // function's own calls back into eddy.
  std::function<bool(std::string_view method, std::string_view path)> runs_long;
};

using ApiHandler = std::function<ApiResponse(const ApiRequest&)>;
using AdminHandler = std::function<ApiResponse(std::string_view body)>;

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, ApiHandler api_handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Adds a handler for `method path`; `path` must start with "/_eddy/" and
  // is matched exactly, ignoring any query string. Call before Start().
  void AddAdminRoute(std::string method, std::string path, AdminHandler handler);
  // The same for a handler that may block for a long time (waiting for
  // stream handlers to catch up): it runs on a small thread pool, so the
  // server thread keeps serving other connections meanwhile, including a
  // handler's own calls back into eddy.
  void AddBlockingAdminRoute(std::string method, std::string path, AdminHandler handler);

  // Binds and listens; returns the bound port (useful with port 0). Throws
  // std::runtime_error with a readable message if the address cannot be
  // bound (the same startup-failure convention as Engine::Open).
  uint16_t Start();

  // Serves on `threads` threads (the caller's included) until Stop() has
  // taken effect and every connection has closed. Call once, after Start().
  void Run();

  // Thread-safe, idempotent, callable from any thread (e.g. a signal
  // handler's thread) or from a handler. Stops accepting, closes idle
  // keep-alive connections at once, lets in-flight requests finish (their
  // responses say `Connection: close`), then Run() returns.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace eddy

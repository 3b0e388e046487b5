#include "server/http_server.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <charconv>
#include <ctime>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <array>
#include <thread>
#include <unordered_set>
#include <vector>

#include "server/crc32.h"
#include "server/memory_budget.h"
#include "server/request_guard.h"
#include "server/request_id.h"

namespace eddy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;
// A response as it goes on the wire: the status line and headers, then the body.
struct Response {
  std::string head;
  std::string body;
  std::array<asio::const_buffer, 2> buffers() const {
    return {asio::buffer(head), asio::buffer(body)};
  }
};

// Errors come back as values (no exceptions on EOF, timeouts or resets).
constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

constexpr std::string_view kJson = "application/json";
// File descriptors left for RocksDB, function workers and logs when the
// connection cap comes from the open-files limit.
constexpr rlim_t kReservedFiles = 256;
constexpr rlim_t kMaxDefaultConnections = 10000;
constexpr size_t kHeaderLimit = 64 * 1024;  // SigV4 headers are ~1 KB; Beast's default is 8 KB
// How often a request waiting for room in the memory budget looks again.
constexpr auto kBudgetPoll = std::chrono::milliseconds(10);
// A body must arrive within kBodyGrace plus one second per
// kSlowestBodyBytesPerSecond (and io_timeout at most).
constexpr auto kBodyGrace = std::chrono::seconds(10);
constexpr size_t kSlowestBodyBytesPerSecond = 1024 * 1024;
// A connection's read buffer larger than this is shrunk between requests.
constexpr size_t kKeptReadBuffer = 64 * 1024;

// Headers a browser may send on a DynamoDB request (the AWS SDK for
// JavaScript's set), allowed when the preflight does not list its own.
constexpr std::string_view kCorsAllowHeaders =
    "content-type, x-amz-target, x-amz-date, authorization, x-amz-user-agent, "
    "x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request";
constexpr std::string_view kCorsExposeHeaders =
    "x-amzn-RequestId, x-amz-crc32, x-amzn-ErrorType, X-Amz-Function-Error, X-Amz-Log-Result, X-Amz-Executed-Version";

ApiResponse JsonMessage(int status, std::string_view message) {
  ApiResponse response;
  response.status = status;
  response.content_type = kJson;
  response.body = "{\"message\":\"";
  response.body += message;  // callers pass text without quotes or backslashes
  response.body += "\"}";
  return response;
}

// DynamoDB's answer when it cannot take a request now; the SDKs retry it
// with backoff.
ApiResponse Throttling() {
  ApiResponse response;
  response.status = 400;
  response.body =
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException",)"
      R"("message":"eddy is holding as many request and response bytes as its memory budget allows; retry"})";
  return response;
}

// The last-resort answer when a handler throws something other than what the
// dispatcher already converts; keeps the connection usable.
ApiResponse InternalError() {
  ApiResponse response;
  response.status = 500;
  response.body =
      R"({"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"})";
  return response;
}

// RFC 7231 IMF-fixdate, formatted at most once per second per thread.
std::string_view HttpDate() {
  thread_local std::time_t cached_second = -1;
  thread_local char text[40];
  thread_local size_t length = 0;
  std::time_t now = std::time(nullptr);  // vDSO, no syscall
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    length = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
    cached_second = now;
  }
  return {text, length};
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

bool IsAdminPath(std::string_view path) { return path.starts_with("/_eddy/"); }

bool StartsWithAny(std::string_view path, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return path.starts_with(p); });
}

std::string_view QueryOf(std::string_view target) {
  const size_t mark = target.find('?');
  return mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
}

// ApiRequest::Header for a Beast request.
std::string_view LookupHeader(const void* context, std::string_view name) {
  const auto& request = *static_cast<const Request*>(context);
  auto found = request.find(name);
  return found == request.end() ? std::string_view() : std::string_view(found->value());
}

// Per-connection state shared between the session coroutine and Stop(). All
// fields are touched only on the thread of the connection's io_context.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool busy = false;  // between receiving a request header and sending its response
};

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, ApiHandler handler)
      : options(std::move(o)),
        api_handler(std::move(handler)),
        contexts(MakeContexts(ThreadCount())),
        acceptor(*contexts[0]) {}

  ~Impl() {
    // Sessions that never finished (Run() not called or not completed) are
    // destroyed with io_context; drop the registry's references first.
    std::lock_guard lock(mutex);
    connections.clear();
  }

  int ThreadCount() const {
    if (options.threads > 0) return options.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }

  // One io_context per thread, each run by exactly one thread (concurrency
  // hint 1): a connection lives on one thread for its whole life, so it
  // needs no strand, and threads never wake each other to hand over work.
  // With one shared io_context the scheduler's cross-thread wake-ups cost
  // more than the requests themselves (bench/README.md).
  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int count) {
    std::vector<std::unique_ptr<asio::io_context>> made;
    for (int i = 0; i < count; ++i) made.push_back(std::make_unique<asio::io_context>(1));
    return made;
  }

  uint16_t Start();
  void Run();
  void Stop();

  asio::awaitable<void> AcceptLoop();
  bool Register(const std::shared_ptr<Connection>& connection);
  void Unregister(const std::shared_ptr<Connection>& connection);
  asio::awaitable<void> Session(std::shared_ptr<Connection> connection);
  asio::awaitable<void> LingeringClose(Connection& connection, beast::flat_buffer& buffer);
  // Waits up to budget_wait, looking every kBudgetPoll, until `ready()`;
  // false if it never was (or the server is stopping).
  asio::awaitable<bool> WaitForBudget(std::function<bool()> ready);

  ApiResponse Route(const Request& request);
  size_t BodyLimitFor(std::string_view path) const {
    return StartsWithAny(path, options.large_body_paths) ? std::max(options.body_limit, options.large_body_limit)
                                                         : options.body_limit;
  }
  // The answer to a request eddy refuses for local safety, if it does.
  std::optional<ApiResponse> Refuse(const Request& request) const;
  // The handler of a blocking admin route for `request`, or null.
  const AdminHandler* FindBlockingRoute(const Request& request) const;
  // Runs `work` on `pool`; the session waits without holding its
  // thread, which keeps serving its other connections.
  asio::awaitable<ApiResponse> RunBlocking(asio::thread_pool& pool, std::function<ApiResponse()> call);
  void BuildResponse(const Request& request, ApiResponse api, bool keep_alive, Response& response);

  const HttpServerOptions options;
  const ApiHandler api_handler;
  // path -> method -> handler; std::less<> allows lookups by string_view.
  std::map<std::string, std::map<std::string, AdminHandler, std::less<>>, std::less<>> admin_routes;
  // The same for routes whose handlers may block (AddBlockingAdminRoute).
  std::map<std::string, std::map<std::string, AdminHandler, std::less<>>, std::less<>> blocking_routes;

  // Declared before io_context, so they outlive the session coroutine frames
  // that io_context destroys if Run() never completed.
  std::mutex mutex;
  // Set under mutex; read without it by sessions, which cannot see their
  // strand-posted notification while a handler is still running.
  std::atomic<bool> stopping{false};
  std::unordered_set<std::shared_ptr<Connection>> connections;  // guarded by mutex
  size_t max_connections = 0;  // set by Start(), before the accept loop runs
  MemoryBudget budget{options.memory_budget};

  std::vector<std::unique_ptr<asio::io_context>> contexts;
  // Keeps each context's run() going while it has no connection; reset by Stop().
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work_guards;
  size_t next_context = 0;  // round-robin for new connections; accept loop only
  tcp::acceptor acceptor;   // on contexts[0]; closed there by Stop()
  // Threads for blocking admin handlers. Declared after `contexts`, so it is
  // joined before they go: its handlers post their completion to them.
  // Threads for the admin API's long waits, and apart from them for long
  // API requests (a synchronous invocation holds one while its function
  // runs, and may invoke another), so neither can starve the other.
  asio::thread_pool blocking_pool{4};
  asio::thread_pool long_request_pool{8};
};

uint16_t HttpServer::Impl::Start() {
  beast::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.host, ec);
  if (ec) {  // not a literal address: resolve a name such as "localhost"
    tcp::resolver resolver(*contexts[0]);
    auto results = resolver.resolve(options.host, "", ec);
    if (ec || results.empty()) {
      throw std::runtime_error("cannot resolve host '" + options.host + "': " + ec.message());
    }
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, options.port);
  auto fail = [&](std::string_view what) {
    throw std::runtime_error("cannot " + std::string(what) + " " + options.host + ":" +
                             std::to_string(options.port) + ": " + ec.message());
  };
  if (acceptor.open(endpoint.protocol(), ec)) fail("open a socket for");
  // Lets a restarted server bind while old connections sit in TIME_WAIT.
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec)) fail("set SO_REUSEADDR on");
  if (acceptor.bind(endpoint, ec)) fail("listen on");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) fail("listen on");
  uint16_t port = acceptor.local_endpoint(ec).port();
  if (ec) fail("get the bound port of");
  {
    std::lock_guard lock(mutex);
    for (auto& context : contexts) work_guards.push_back(asio::make_work_guard(*context));
  }
  max_connections = options.max_connections;
  if (max_connections == 0) {
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    const rlim_t budget = files.rlim_cur > kReservedFiles + 64 ? files.rlim_cur - kReservedFiles : 64;
    max_connections = static_cast<size_t>(std::min<rlim_t>(budget, kMaxDefaultConnections));
  }
  asio::co_spawn(acceptor.get_executor(), AcceptLoop(), asio::detached);
  return port;
}

void HttpServer::Impl::Run() {
  std::vector<std::thread> extra_threads;
  for (size_t i = 1; i < contexts.size(); ++i) {
    extra_threads.emplace_back([context = contexts[i].get()] { context->run(); });
  }
  contexts[0]->run();
  for (std::thread& thread : extra_threads) thread.join();
}

void HttpServer::Impl::Stop() {
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ignored;
    acceptor.close(ignored);  // the pending accept completes with operation_aborted
  });
  std::lock_guard lock(mutex);
  stopping = true;
  work_guards.clear();  // each context's run() returns once its connections close
  for (const std::shared_ptr<Connection>& connection : connections) {
    asio::post(connection->stream.get_executor(), [connection] {
      // An idle connection is waiting for a request that may never come;
      // a busy one finishes its response and then closes (Session checks).
      if (!connection->busy) connection->stream.cancel();
    });
  }
}

asio::awaitable<void> HttpServer::Impl::AcceptLoop() {
  for (;;) {
    asio::io_context& context = *contexts[next_context++ % contexts.size()];
    auto [ec, socket] = co_await acceptor.async_accept(context, kAsTuple);
    if (!acceptor.is_open()) co_return;
    if (ec) {
      // E.g. EMFILE: back off instead of spinning on the error.
      asio::steady_timer timer(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await timer.async_wait(kAsTuple);
      continue;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // responses are one small write
    auto connection = std::make_shared<Connection>(std::move(socket));
    if (!Register(connection)) continue;  // stopping or full: the socket closes here
    asio::co_spawn(connection->stream.get_executor(), Session(connection), asio::detached);
  }
}

bool HttpServer::Impl::Register(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex);
  if (stopping) return false;
  if (connections.size() >= max_connections) return false;  // over the cap: closed at once
  connections.insert(connection);
  return true;
}

void HttpServer::Impl::Unregister(const std::shared_ptr<Connection>& connection) {
  std::lock_guard lock(mutex);
  connections.erase(connection);
}

asio::awaitable<void> HttpServer::Impl::Session(std::shared_ptr<Connection> connection) {
  beast::tcp_stream& stream = connection->stream;
  beast::flat_buffer buffer;  // reused across the connection's requests
  Response response;          // likewise
  for (;;) {
    if (stopping.load(std::memory_order_relaxed)) break;
    if (buffer.capacity() > kKeptReadBuffer) buffer.shrink_to_fit();
    BudgetHold body_hold;  // outlives the parser, which holds the body
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    // The larger limit while reading the header; the path's own limit is
    // applied as soon as the path is known.
    parser.body_limit(std::max(options.body_limit, options.large_body_limit));

    stream.expires_after(options.idle_timeout);
    auto [header_ec, header_bytes] = co_await http::async_read_header(stream, buffer, parser, kAsTuple);
    size_t body_limit = options.body_limit;
    if (!header_ec) {
      body_limit = BodyLimitFor(PathOf(parser.get().target()));
      parser.body_limit(body_limit);
      if (parser.content_length().value_or(0) > body_limit) header_ec = http::error::body_limit;
    }
    connection->busy = !header_ec || header_ec == http::error::body_limit;
    if (!header_ec && !parser.is_done()) {
      // A chunked body may grow to the limit.
      const size_t body_bytes = parser.content_length().value_or(body_limit);
      if (co_await WaitForBudget([&] { return budget.TryReserve(body_bytes); })) {
        body_hold.Hold(budget, body_bytes);
      } else {
        BuildResponse(parser.get(), Throttling(), false, response);
        stream.expires_after(options.io_timeout);
        auto [ec, n] = co_await asio::async_write(stream, response.buffers(), kAsTuple);
        if (!ec) co_await LingeringClose(*connection, buffer);
        break;
      }
      // curl and some SDKs wait (about a second) for "100 Continue" before
      // sending a body they consider large.
      if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        stream.expires_after(options.io_timeout);
        auto [ec, n] = co_await asio::async_write(stream, asio::buffer(kContinue), kAsTuple);
        if (ec) break;
      }
      // A body that holds part of the memory budget must arrive at a
      // reasonable pace, so clients that announce bodies and send nothing
      // cannot keep others throttled for long.
      stream.expires_after(std::min<std::chrono::steady_clock::duration>(
          options.io_timeout, kBodyGrace + std::chrono::seconds(body_bytes / kSlowestBodyBytesPerSecond)));
      auto [body_ec, body_bytes_read] = co_await http::async_read(stream, buffer, parser, kAsTuple);
      header_ec = body_ec;
    }
    if (header_ec == http::error::body_limit) {
      // Content-Length over the limit, or a chunked body that grew past it.
      // The rest of the body is not read, so the connection cannot be reused.
      Request& request = parser.get();
      BuildResponse(request, JsonMessage(413, "Request Entity Too Large"), false, response);
      stream.expires_after(options.io_timeout);
      auto [ec, n] = co_await asio::async_write(stream, response.buffers(), kAsTuple);
      if (!ec) co_await LingeringClose(*connection, buffer);
      break;
    }
    // EOF, timeout, cancellation by Stop(), or a malformed request: DynamoDB
    // owes nothing to a peer that does not speak HTTP, so just close.
    if (header_ec) break;

    Request& request = parser.get();
    // A POST is served only while unread responses and bodies leave room
    // in the budget (beside its own body), so they cannot pile up; health
    // checks and other GETs always are.
    const size_t own_bytes = body_hold.bytes();
    bool room = true;
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
      room = co_await WaitForBudget([&] { return budget.HasRoomBeside(own_bytes); });
    }
    // Not a conditional expression: GCC 12 miscompiles a co_await inside
    // one (a double free of the temporaries).
    ApiResponse api_response;
    if (!room) {
      api_response = Throttling();
    } else if (std::optional<ApiResponse> refusal = Refuse(request)) {
      api_response = std::move(*refusal);
    } else if (const AdminHandler* blocking = FindBlockingRoute(request)) {
      // Named, not a temporary in the co_await: GCC 12 destroys such
      // temporaries twice.
      std::function<ApiResponse()> work = [blocking, &request] { return (*blocking)(request.body()); };
      api_response = co_await RunBlocking(blocking_pool, std::move(work));
    } else if (options.runs_long && options.runs_long(request.method_string(), PathOf(request.target()))) {
      // The session is suspended meanwhile, so `request` outlives the call.
      std::function<ApiResponse()> work = [this, &request] { return Route(request); };
      api_response = co_await RunBlocking(long_request_pool, std::move(work));
    } else {
      api_response = Route(request);
    }
    std::string().swap(request.body());  // served: its bytes leave the budget
    body_hold.Reset();
    bool keep_alive = request.keep_alive() && !stopping.load(std::memory_order_relaxed);
    BuildResponse(request, std::move(api_response), keep_alive, response);
    // Counted until the client has taken it (or io_timeout).
    BudgetHold response_hold;
    budget.Add(response.body.size());
    response_hold.Hold(budget, response.body.size());
    stream.expires_after(options.io_timeout);
    auto [write_ec, write_bytes] = co_await asio::async_write(stream, response.buffers(), kAsTuple);
    std::string().swap(response.body);  // an idle connection keeps no answer
    connection->busy = false;
    if (write_ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
  Unregister(connection);
}

// Closing a socket with unread input makes the kernel send RST, which can
// destroy the 413 response before the client reads it. Half-close and
// discard the rest of the upload for a bounded time first.
asio::awaitable<void> HttpServer::Impl::LingeringClose(Connection& connection, beast::flat_buffer& buffer) {
  beast::error_code ignored;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  connection.stream.expires_after(std::chrono::seconds(5));
  for (;;) {
    buffer.clear();
    auto [ec, n] = co_await connection.stream.async_read_some(buffer.prepare(64 * 1024), kAsTuple);
    if (ec) co_return;
  }
}

asio::awaitable<bool> HttpServer::Impl::WaitForBudget(std::function<bool()> ready) {
  const auto deadline = std::chrono::steady_clock::now() + options.budget_wait;
  while (!ready()) {
    if (stopping.load(std::memory_order_relaxed) || std::chrono::steady_clock::now() >= deadline) co_return false;
    asio::steady_timer timer(co_await asio::this_coro::executor, kBudgetPoll);
    co_await timer.async_wait(kAsTuple);
  }
  co_return true;
}

const AdminHandler* HttpServer::Impl::FindBlockingRoute(const Request& request) const {
  if (blocking_routes.empty()) return nullptr;
  auto by_path = blocking_routes.find(PathOf(request.target()));
  if (by_path == blocking_routes.end()) return nullptr;
  auto handler = by_path->second.find(std::string_view(request.method_string()));
  return handler == by_path->second.end() ? nullptr : &handler->second;
}

asio::awaitable<ApiResponse> HttpServer::Impl::RunBlocking(asio::thread_pool& pool, std::function<ApiResponse()> work) {
  struct Call {
    explicit Call(asio::any_io_executor executor) : done(std::move(executor)) {}
    asio::steady_timer done;  // cancelled when the response is ready
    ApiResponse response;
  };
  auto call = std::make_shared<Call>(co_await asio::this_coro::executor);
  call->done.expires_at(asio::steady_timer::time_point::max());
  asio::post(pool, [call, work = std::move(work)] {
    try {
      call->response = work();
    } catch (const std::exception&) {
      call->response = InternalError();
    }
    // The cancel runs on the session's own thread, after the session has
    // started waiting: it is that thread that runs this coroutine now.
    asio::post(call->done.get_executor(), [call] { call->done.cancel(); });
  });
  co_await call->done.async_wait(kAsTuple);
  co_return std::move(call->response);
}

std::optional<ApiResponse> HttpServer::Impl::Refuse(const Request& request) const {
  // A client sends the same Host on every request: remember the last one
  // this server allowed on this thread, and skip the check for it.
  thread_local const Impl* cached_for = nullptr;
  thread_local std::string last_allowed_host;
  const std::string_view host = request[http::field::host];
  if (cached_for == this && host == last_allowed_host) {
    // allowed before
  } else if (HostAllowed(host, options.allowed_hosts)) {
    cached_for = this;
    last_allowed_host.assign(host);
  } else {
    return JsonMessage(403, "eddy answers only requests whose Host header names it: an IP address, localhost, a "
                            "name without a dot, or one given with --allowed-hosts");
  }
  const bool changes_state = request.method() != http::verb::get && request.method() != http::verb::options &&
                             request.method() != http::verb::head;
  if (changes_state && IsAdminPath(PathOf(request.target())) &&
      !AdminWriteAllowed(request[http::field::content_type], request.find("X-Eddy-Admin") != request.end())) {
    return JsonMessage(403, "eddy's admin API takes a JSON body (Content-Type: application/json) or the "
                            "X-Eddy-Admin header, which a web page cannot send to it");
  }
  return std::nullopt;
}

ApiResponse HttpServer::Impl::Route(const Request& request) {
  if (request.method() == http::verb::options) {
    ApiResponse preflight;  // BuildResponse adds the Access-Control-Allow-* headers
    preflight.content_type = "text/plain";
    return preflight;
  }
  std::string_view path = PathOf(request.target());
  try {
    if (IsAdminPath(path)) {
      auto by_path = admin_routes.find(path);
      if (by_path == admin_routes.end()) return JsonMessage(404, "Not Found");
      auto handler = by_path->second.find(std::string_view(request.method_string()));
      if (handler == by_path->second.end()) return JsonMessage(405, "Method Not Allowed");
      return handler->second(request.body());
    }
    // Everything else is an AWS API's: the router (server/api_router.h)
    // tells which by method, path and headers.
    ApiRequest api;
    api.method = request.method_string();
    api.path = path;
    api.query = QueryOf(request.target());
    api.target = request["X-Amz-Target"];
    api.body = request.body();
    auto authorization = request.find(http::field::authorization);
    api.has_authorization = authorization != request.end();
    if (api.has_authorization) api.authorization = authorization->value();
    api.content_type = request[http::field::content_type];
    api.lookup_header = LookupHeader;
    api.header_context = &request;
    return api_handler(api);
  } catch (const std::exception&) {
    return InternalError();
  }
}

void HttpServer::Impl::BuildResponse(const Request& request, ApiResponse api, bool keep_alive,
                                     Response& response) {
  // Written by hand into a buffer the connection reuses: Beast's field list
  // allocates per header and its serializer costs more than the request
  // (measured with bench/run.sh).
  std::string& h = response.head;
  h.clear();
  h.append("HTTP/1.1 ").append(std::to_string(api.status)).append(" ");
  const std::string_view reason = http::obsolete_reason(static_cast<http::status>(api.status));
  h.append(reason.empty() ? "Unknown" : reason).append("\r\n");
  auto field = [&h](std::string_view name, std::string_view value) {
    h.append(name).append(": ").append(value).append("\r\n");
  };
  // CORS only for browsers, which always send Origin (other clients see
  // exactly DynamoDB's headers), never for the admin API, and only for the
  // origins allowed.
  auto origin = request.find(http::field::origin);
  std::string_view allow_origin;
  if (origin != request.end()) {  // only browsers pay for the path checks
    const std::string_view path = PathOf(request.target());
    const bool refused = IsAdminPath(path) ||
                         (options.cors_origins.empty() && StartsWithAny(path, options.named_origin_paths));
    if (!refused) allow_origin = CorsAllowOrigin(origin->value(), options.cors_origins);
  }
  if (request.method() == http::verb::options && !allow_origin.empty()) {
    // CORS preflight: the headers the browser asks for.
    field("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
    auto requested = request.find(http::field::access_control_request_headers);
    field("Access-Control-Allow-Headers",
          requested != request.end() ? std::string_view(requested->value()) : kCorsAllowHeaders);
    field("Access-Control-Max-Age", "86400");
  }
  field("Content-Type", api.content_type);
  for (const auto& [name, value] : api.headers) field(name, value);
  field("x-amzn-RequestId", RequestId::Generate().view());
  char number[24];
  field("x-amz-crc32", std::string_view(number, std::to_chars(number, number + sizeof(number),
                                                                Crc32(api.body)).ptr - number));
  field("Date", HttpDate());
  if (!allow_origin.empty()) {
    field("Access-Control-Allow-Origin", allow_origin);
    if (allow_origin != "*") field("Vary", "Origin");
    field("Access-Control-Expose-Headers", kCorsExposeHeaders);
  }
  field("Content-Length", std::string_view(number, std::to_chars(number, number + sizeof(number),
                                                                   api.body.size()).ptr - number));
  if (!keep_alive) {
    field("Connection", "close");
  } else if (request.version() < 11) {
    field("Connection", "keep-alive");
  }
  h.append("\r\n");
  response.body = std::move(api.body);
}

HttpServer::HttpServer(HttpServerOptions options, ApiHandler api_handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(api_handler))) {
  AddAdminRoute("GET", "/_eddy/health", [](std::string_view) {
    ApiResponse response;
    response.body = R"({"status":"ok"})";
    response.content_type = kJson;
    return response;
  });
}

HttpServer::~HttpServer() = default;

void HttpServer::AddAdminRoute(std::string method, std::string path, AdminHandler handler) {
  assert(IsAdminPath(path));
  impl_->admin_routes[std::move(path)][std::move(method)] = std::move(handler);
}

void HttpServer::AddBlockingAdminRoute(std::string method, std::string path, AdminHandler handler) {
  assert(IsAdminPath(path));
  impl_->blocking_routes[std::move(path)][std::move(method)] = std::move(handler);
}

uint16_t HttpServer::Start() { return impl_->Start(); }
void HttpServer::Run() { impl_->Run(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace eddy

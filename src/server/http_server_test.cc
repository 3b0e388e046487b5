#include "server/http_server.h"

#include <doctest/doctest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <memory>
#include <thread>

#include "server/crc32.h"

namespace eddy {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Response = http::response<http::string_body>;

// Echoes what the HTTP layer extracted, so tests can see the ApiRequest.
ApiResponse EchoHandler(const ApiRequest& request) {
  if (request.target == "Test.Throw") throw std::runtime_error("boom");
  ApiResponse response;
  response.body = "{\"method\":\"" + std::string(request.method) + "\",\"path\":\"" + std::string(request.path) +
                  "\",\"query\":\"" + std::string(request.query) + "\",\"x\":\"" +
                  std::string(request.Header("X-Test")) + "\",\"target\":\"" + std::string(request.target) +
                  "\",\"body\":\"" + std::string(request.body) +
                  "\",\"auth\":\"" + std::string(request.authorization) +
                  "\",\"has_auth\":" + (request.has_authorization ? "true" : "false") + "}";
  return response;
}

// A server on 127.0.0.1:<free port>, Run() on a background thread.
class TestServer {
 public:
  explicit TestServer(HttpServerOptions options = {}, ApiHandler handler = EchoHandler)
      : server_(WithFreePort(std::move(options)), std::move(handler)) {}
  ~TestServer() {
    server_.Stop();
    if (runner_.joinable()) runner_.join();
  }
  HttpServer& server() { return server_; }
  uint16_t Start() {
    port_ = server_.Start();
    runner_ = std::thread([this] {
      server_.Run();
      run_returned_.set_value();
    });
    return port_;
  }
  uint16_t port() const { return port_; }
  // Waits for Run() to return; false on timeout.
  bool WaitForRunToReturn(std::chrono::seconds timeout) {
    return run_returned_future_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  static HttpServerOptions WithFreePort(HttpServerOptions options) {
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    return options;
  }
  HttpServer server_;
  uint16_t port_ = 0;
  std::promise<void> run_returned_;
  std::future<void> run_returned_future_ = run_returned_.get_future();
  std::thread runner_;
};

// A blocking keep-alive HTTP client on one TCP connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(io_context_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  Response Send(http::verb method, std::string target, std::string body = "",
                std::initializer_list<std::pair<std::string, std::string>> headers = {}) {
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = std::move(body);
    request.prepare_payload();
    http::write(socket_, request);
    return Read();
  }

  Response Read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  void WriteRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

  std::string ReadUntil(std::string_view delimiter) {
    std::string data;
    size_t n = asio::read_until(socket_, asio::dynamic_buffer(data), delimiter);
    return data.substr(0, n);
  }

  // True when the server has closed the connection (the next read hits EOF
  // or a reset rather than blocking).
  // Sends `request` and reads a response; false when the server closed
  // the connection instead.
  bool TrySend(http::request<http::string_body>& request) {
    beast::error_code ec;
    request.prepare_payload();
    http::write(socket_, request, ec);
    if (ec) return false;
    http::response<http::string_body> response;
    http::read(socket_, buffer_, response, ec);
    return !ec;
  }

  bool ServerClosed() {
    char byte;
    beast::error_code ec;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context io_context_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

std::string Header(const Response& response, std::string_view name) {
  return std::string(response[name]);
}

TEST_CASE("POST goes to the ApiHandler with target, body and authorization") {
  TestServer server;
  Client client(server.Start());
  Response response = client.Send(http::verb::post, "/", "{\"TableName\":\"t\"}",
                                  {{"X-Amz-Target", "DynamoDB_20120810.GetItem"},
                                   {"Authorization", "AWS4-HMAC-SHA256 Credential=x"},
                                   {"Content-Type", "application/x-amz-json-1.0"}});
  CHECK(response.result_int() == 200);
  CHECK(response.body() ==
        R"({"method":"POST","path":"/","query":"","x":"","target":"DynamoDB_20120810.GetItem",)"
        R"("body":"{"TableName":"t"}","auth":"AWS4-HMAC-SHA256 Credential=x","has_auth":true})");
  CHECK(Header(response, "Content-Type") == "application/x-amz-json-1.0");

  // DynamoDB ignores the path; no Authorization header means has_authorization=false.
  response = client.Send(http::verb::post, "/some/path?x=1", "{}", {{"X-Amz-Target", "T.Op"}});
  CHECK(response.body() ==
        R"({"method":"POST","path":"/some/path","query":"x=1","x":"","target":"T.Op","body":"{}","auth":"","has_auth":false})");
}

TEST_CASE("every response carries x-amz-crc32, x-amzn-RequestId, Date, Content-Length; CORS headers when asked") {
  TestServer server;
  Client client(server.Start());
  Response plain = client.Send(http::verb::post, "/", "{}", {{"X-Amz-Target", "T.Op"}});
  CHECK(Header(plain, "Access-Control-Allow-Origin").empty());
  Response response = client.Send(http::verb::post, "/", "{}",
                                  {{"X-Amz-Target", "T.Op"}, {"Origin", "http://localhost:3000"}});
  CHECK(Header(response, "x-amz-crc32") == std::to_string(Crc32(response.body())));
  CHECK(Header(response, "Content-Length") == std::to_string(response.body().size()));
  std::string id = Header(response, "x-amzn-RequestId");
  CHECK(id.size() == 52);
  CHECK(Header(response, "Date").ends_with(" GMT"));
  CHECK(Header(response, "Access-Control-Allow-Origin") == "*");
  CHECK(Header(response, "Access-Control-Expose-Headers").starts_with("x-amzn-RequestId, x-amz-crc32, x-amzn-ErrorType"));

  Response health = client.Send(http::verb::get, "/_eddy/health");
  CHECK(Header(health, "x-amz-crc32") == std::to_string(Crc32(health.body())));
  CHECK(Header(health, "x-amzn-RequestId").size() == 52);
  CHECK(Header(health, "x-amzn-RequestId") != id);
}

TEST_CASE("keep-alive: many requests on one connection") {
  TestServer server;
  Client client(server.Start());
  for (int i = 0; i < 50; ++i) {
    std::string body = "{\"n\":" + std::to_string(i) + "}";
    Response response = client.Send(http::verb::post, "/", body, {{"X-Amz-Target", "T.Op"}});
    REQUIRE(response.result_int() == 200);
    CHECK(response.keep_alive());
    CHECK(response.body().find(body) != std::string::npos);
  }
}

TEST_CASE("pipelined requests are answered in order") {
  TestServer server;
  Client client(server.Start());
  std::string one = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: A\r\nContent-Length: 2\r\n\r\n{}";
  std::string two = "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: B\r\nContent-Length: 2\r\n\r\n{}";
  client.WriteRaw(one + two);
  CHECK(client.Read().body().find("\"target\":\"A\"") != std::string::npos);
  CHECK(client.Read().body().find("\"target\":\"B\"") != std::string::npos);
}

TEST_CASE("GET /_eddy/health, GET / and admin routes") {
  TestServer server;
  server.server().AddAdminRoute("POST", "/_eddy/echo", [](std::string_view body) {
    ApiResponse response;
    response.status = 201;
    response.body = std::string(body);
    response.content_type = "application/json";
    return response;
  });
  Client client(server.Start());

  Response health = client.Send(http::verb::get, "/_eddy/health");
  CHECK(health.result_int() == 200);
  CHECK(health.body() == R"({"status":"ok"})");
  CHECK(Header(health, "Content-Type") == "application/json");

  Response echo = client.Send(http::verb::post, "/_eddy/echo?ignored=1", R"({"a":1})",
                              {{"Content-Type", "application/json"}});
  CHECK(echo.result_int() == 201);
  CHECK(echo.body() == R"({"a":1})");

  CHECK(client.Send(http::verb::get, "/_eddy/echo").result_int() == 405);
  CHECK(client.Send(http::verb::get, "/_eddy/nope").result_int() == 404);
  CHECK(client.Send(http::verb::post, "/_eddy/nope", "", {{"X-Eddy-Admin", "1"}}).result_int() == 404);

  // Any other method and path is the API handler's, with its parts.
  Response rest = client.Send(http::verb::put, "/2015-03-31/functions/f%3A1/code?Qualifier=x", "b", {{"X-Test", "t"}});
  CHECK(rest.result_int() == 200);
  CHECK(rest.body() == R"({"method":"PUT","path":"/2015-03-31/functions/f%3A1/code","query":"Qualifier=x","x":"t",)"
                       R"("target":"","body":"b","auth":"","has_auth":false})");
}

TEST_CASE("CORS preflight") {
  TestServer server;
  Client client(server.Start());
  Response echoed = client.Send(http::verb::options, "/", "",
                                {{"Origin", "http://localhost:3000"},
                                 {"Access-Control-Request-Method", "POST"},
                                 {"Access-Control-Request-Headers", "content-type,x-amz-target,x-amz-date"}});
  CHECK(echoed.result_int() == 200);
  CHECK(echoed.body().empty());
  CHECK(Header(echoed, "Access-Control-Allow-Origin") == "*");
  CHECK(Header(echoed, "Access-Control-Allow-Headers") == "content-type,x-amz-target,x-amz-date");
  CHECK(Header(echoed, "Access-Control-Allow-Methods").find("POST") != std::string::npos);
  CHECK_FALSE(Header(echoed, "Access-Control-Max-Age").empty());
  CHECK(Header(echoed, "x-amz-crc32") == "0");

  Response defaults = client.Send(http::verb::options, "/", "", {{"Origin", "http://localhost:3000"}});
  std::string allowed = Header(defaults, "Access-Control-Allow-Headers");
  for (const char* header : {"content-type", "x-amz-target", "x-amz-date", "authorization", "x-amz-user-agent",
                             "x-amz-security-token", "amz-sdk-invocation-id", "amz-sdk-request"}) {
    CHECK(allowed.find(header) != std::string::npos);
  }
}

TEST_CASE("named-origin paths get CORS only for origins given by name") {
  HttpServerOptions options;
  options.named_origin_paths = {"/2015-03-31/"};
  TestServer open_server(options);
  Client open_client(open_server.Start());
  // By default any origin gets CORS for the DynamoDB API, none for these.
  CHECK(Header(open_client.Send(http::verb::options, "/", "",
                                {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}}),
               "Access-Control-Allow-Origin") == "*");
  CHECK(Header(open_client.Send(http::verb::options, "/2015-03-31/functions", "",
                                {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}}),
               "Access-Control-Allow-Origin")
            .empty());

  options.cors_origins = {"http://localhost:3000"};
  TestServer named_server(options);
  Client named_client(named_server.Start());
  CHECK(Header(named_client.Send(http::verb::options, "/2015-03-31/functions", "",
                                 {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}}),
               "Access-Control-Allow-Origin") == "http://localhost:3000");
}

TEST_CASE("local safety: admin writes need a JSON body or X-Eddy-Admin, Host must name eddy") {
  HttpServerOptions options;
  options.cors_origins = {"http://localhost:3000"};
  TestServer server(options);
  int calls = 0;
  server.server().AddAdminRoute("POST", "/_eddy/poke", [&calls](std::string_view) {
    ++calls;
    return ApiResponse{};
  });
  Client client(server.Start());
  // What a page's form or fetch() may send cross-origin without a preflight.
  CHECK(client.Send(http::verb::post, "/_eddy/poke").result_int() == 403);
  CHECK(client.Send(http::verb::post, "/_eddy/poke", "{}", {{"Content-Type", "text/plain"}}).result_int() == 403);
  CHECK(client.Send(http::verb::post, "/_eddy/poke", "a=1", {{"Content-Type", "application/x-www-form-urlencoded"}})
            .result_int() == 403);
  CHECK(calls == 0);
  CHECK(client.Send(http::verb::post, "/_eddy/poke", "{}", {{"Content-Type", "application/json"}}).result_int() == 200);
  CHECK(client.Send(http::verb::post, "/_eddy/poke", "", {{"X-Eddy-Admin", "1"}}).result_int() == 200);
  CHECK(calls == 2);
  // No preflight passes for the admin API, so a page cannot send those.
  Response preflight = client.Send(http::verb::options, "/_eddy/poke", "",
                                   {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
  CHECK(Header(preflight, "Access-Control-Allow-Origin").empty());
  CHECK(Header(preflight, "Access-Control-Allow-Headers").empty());
  // The DynamoDB API: CORS for the listed origins only.
  CHECK(Header(client.Send(http::verb::options, "/", "", {{"Origin", "http://localhost:3000"}}),
               "Access-Control-Allow-Origin") == "http://localhost:3000");
  CHECK(Header(client.Send(http::verb::options, "/", "", {{"Origin", "https://evil.example"}}),
               "Access-Control-Allow-Origin").empty());
  // DNS rebinding: a page's own name resolved to 127.0.0.1.
  CHECK(client.Send(http::verb::post, "/", "{}", {{"Host", "evil.example:8000"}, {"X-Amz-Target", "T.Op"}})
            .result_int() == 403);
  CHECK(client.Send(http::verb::post, "/", "{}", {{"Host", "localhost:8000"}, {"X-Amz-Target", "T.Op"}})
            .result_int() == 200);
}

TEST_CASE("connections past max_connections are closed at once; a freed slot serves again") {
  HttpServerOptions options;
  options.max_connections = 2;
  TestServer server(options);
  const uint16_t port = server.Start();
  auto first = std::make_unique<Client>(port);
  Client second(port);
  // A request on each makes sure both are registered before the third.
  CHECK(first->Send(http::verb::get, "/").result_int() == 200);
  CHECK(second.Send(http::verb::get, "/").result_int() == 200);
  Client third(port);
  CHECK(third.ServerClosed());
  first.reset();  // closes: its slot frees once the server sees it
  for (int attempt = 0; attempt < 200; ++attempt) {
    Client again(port);
    http::request<http::string_body> request(http::verb::get, "/", 11);
    request.set(http::field::host, "127.0.0.1");
    if (again.TrySend(request)) return;  // served
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("no connection was served after one closed");
}

TEST_CASE("a body over body_limit gets 413 and the connection is closed") {
  HttpServerOptions options;
  options.body_limit = 1024;
  TestServer server(options);
  uint16_t port = server.Start();

  Client at_limit(port);
  CHECK(at_limit.Send(http::verb::post, "/", std::string(1024, 'x'), {{"X-Amz-Target", "T.Op"}}).result_int() == 200);

  Client over(port);
  Response response = over.Send(http::verb::post, "/", std::string(100 * 1024, 'x'), {{"X-Amz-Target", "T.Op"}});
  CHECK(response.result_int() == 413);
  CHECK_FALSE(response.keep_alive());
  CHECK(Header(response, "x-amz-crc32") == std::to_string(Crc32(response.body())));
  CHECK(over.ServerClosed());

  // A chunked body that grows past the limit is refused as well.
  Client chunked(port);
  chunked.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" +
                   std::string(0x800, 'y') + "\r\n0\r\n\r\n");
  CHECK(chunked.Read().result_int() == 413);
}

TEST_CASE("paths given as large-body paths take bodies up to large_body_limit") {
  HttpServerOptions options;
  options.body_limit = 1024;
  options.large_body_paths = {"/2015-03-31/functions"};
  options.large_body_limit = 8 * 1024;
  TestServer server(options);
  uint16_t port = server.Start();
  Client large(port);
  CHECK(large.Send(http::verb::post, "/2015-03-31/functions", std::string(8 * 1024, 'x')).result_int() == 200);
  Client elsewhere(port);
  CHECK(elsewhere.Send(http::verb::post, "/", std::string(2048, 'x'), {{"X-Amz-Target", "T.Op"}}).result_int() == 413);
  Client over(port);
  CHECK(over.Send(http::verb::post, "/2015-03-31/functions", std::string(9 * 1024, 'x')).result_int() == 413);
}

TEST_CASE("request bodies wait for room in the memory budget, and are throttled when none comes") {
  HttpServerOptions options;
  options.memory_budget = 1000;
  options.budget_wait = std::chrono::milliseconds(1000);
  TestServer server(options);
  const uint16_t port = server.Start();

  // Larger than the whole budget, but nothing else holds any: served.
  Client large(port);
  CHECK(large.Send(http::verb::post, "/", std::string(1500, 'x'), {{"X-Amz-Target", "T.Op"}}).result_int() == 200);

  // A slow upload holds 800 bytes of the budget while it lasts.
  Client slow(port);
  slow.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: T.Op\r\nContent-Length: 800\r\n\r\n" +
                std::string(10, 'a'));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // its header is read

  Client throttled(port);
  Response refused = throttled.Send(http::verb::post, "/", std::string(500, 'b'), {{"X-Amz-Target", "T.Op"}});
  CHECK(refused.result_int() == 400);
  CHECK(refused.body().find("ThrottlingException") != std::string::npos);
  CHECK_FALSE(refused.keep_alive());

  // A request that finds room before budget_wait is over is served.
  auto waiting = std::async(std::launch::async, [port] {
    Client client(port);
    return client.Send(http::verb::post, "/", std::string(500, 'c'), {{"X-Amz-Target", "T.Op"}}).result_int();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  slow.WriteRaw(std::string(790, 'a'));
  CHECK(slow.Read().result_int() == 200);
  CHECK(waiting.get() == 200);
}

TEST_CASE("requests wait while unread responses fill the memory budget, and are throttled when none is read") {
  HttpServerOptions options;
  options.memory_budget = 1000;
  options.budget_wait = std::chrono::milliseconds(500);
  // Each answer is far larger than the budget, and than what the kernel's
  // socket buffers take for a client that does not read.
  TestServer server(options, [](const ApiRequest&) {
    ApiResponse response;
    response.body = std::string(32 * 1024 * 1024, 'r');
    return response;
  });
  const uint16_t port = server.Start();
  Client hoarder(port);
  hoarder.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\n{}");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // its answer is being written

  {
    // Its body found no room: throttled, and closed (the body is unread).
    Client other(port);
    Response refused = other.Send(http::verb::post, "/", "{}", {{"X-Amz-Target", "T.Op"}});
    CHECK(refused.result_int() == 400);
    CHECK(refused.body().find("ThrottlingException") != std::string::npos);
  }
  {
    // A request whose body was admitted earlier waits before it is served.
    Client early(port);
    early.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: T.Op\r\nContent-Length: 0\r\n\r\n");
    Response refused = early.Read();
    CHECK(refused.result_int() == 400);
    CHECK(refused.body().find("ThrottlingException") != std::string::npos);
    CHECK(early.Send(http::verb::get, "/_eddy/health").result_int() == 200);  // GETs always pass
  }
  CHECK(hoarder.Read().result_int() == 200);  // taken: the budget is free again
  Client later(port);
  CHECK(later.Send(http::verb::post, "/", "{}", {{"X-Amz-Target", "T.Op"}}).result_int() == 200);
}

TEST_CASE("Expect: 100-continue gets an interim response before the body is sent") {
  TestServer server;
  Client client(server.Start());
  client.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
  CHECK(client.ReadUntil("\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n");
  client.WriteRaw("{}");
  CHECK(client.Read().result_int() == 200);
}

TEST_CASE("a throwing handler yields 500 and the connection stays usable") {
  TestServer server;
  Client client(server.Start());
  Response response = client.Send(http::verb::post, "/", "{}", {{"X-Amz-Target", "Test.Throw"}});
  CHECK(response.result_int() == 500);
  CHECK(response.body().find("InternalServerError") != std::string::npos);
  CHECK(client.Send(http::verb::post, "/", "{}", {{"X-Amz-Target", "T.Op"}}).result_int() == 200);
}

TEST_CASE("malformed HTTP closes the connection; HTTP/1.0 without keep-alive closes after the response") {
  TestServer server;
  uint16_t port = server.Start();
  Client garbage(port);
  garbage.WriteRaw("NOT HTTP AT ALL\r\n\r\n");
  CHECK(garbage.ServerClosed());

  Client old(port);
  old.WriteRaw("POST / HTTP/1.0\r\nX-Amz-Target: T.Op\r\nContent-Length: 2\r\n\r\n{}");
  Response response = old.Read();
  CHECK(response.result_int() == 200);
  CHECK(old.ServerClosed());
}

TEST_CASE("Start() reports a port that cannot be bound") {
  TestServer first;
  uint16_t port = first.Start();
  HttpServerOptions options;
  options.port = port;
  HttpServer second(options, EchoHandler);
  CHECK_THROWS_AS(second.Start(), std::runtime_error);
}

TEST_CASE("Stop(): idle keep-alive connections close at once and Run() returns") {
  TestServer server;
  Client idle(server.Start());
  CHECK(idle.Send(http::verb::get, "/_eddy/health").result_int() == 200);
  server.server().Stop();
  CHECK(server.WaitForRunToReturn(std::chrono::seconds(10)));
  CHECK(idle.ServerClosed());
}

TEST_CASE("Stop(): an in-flight request finishes, with Connection: close") {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  TestServer server({}, [&](const ApiRequest& request) {
    entered.set_value();
    released.wait();
    return EchoHandler(request);
  });
  Client client(server.Start());
  client.WriteRaw("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Slow\r\nContent-Length: 2\r\n\r\n{}");
  entered.get_future().wait();
  server.server().Stop();
  CHECK_FALSE(server.WaitForRunToReturn(std::chrono::seconds(0)));
  release.set_value();
  Response response = client.Read();
  CHECK(response.result_int() == 200);
  CHECK_FALSE(response.keep_alive());
  CHECK(server.WaitForRunToReturn(std::chrono::seconds(10)));
}

}  // namespace
}  // namespace eddy

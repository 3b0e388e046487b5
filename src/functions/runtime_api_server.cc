#include "functions/runtime_api_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "core/json.h"

namespace eddy::functions {
namespace {

namespace http = boost::beast::http;

constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kNextPath = "/2018-06-01/runtime/invocation/next";
constexpr std::string_view kInitErrorPath = "/2018-06-01/runtime/init/error";
// Lambda's limit on a synchronous response, as the emulator counts it
// (6 MB plus 100 bytes of slack).
constexpr uint64_t kMaxPayloadBytes = 6 * 1024 * 1024 + 100;

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void Signal(int event_fd) {
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(event_fd, &one, sizeof one);
}

void Drain(int event_fd) {
  uint64_t value;
  [[maybe_unused]] ssize_t n = ::read(event_fd, &value, sizeof value);
}

// Writes all of `data` to the non-blocking `fd`, waiting in poll() for room;
// gives up when `stop_fd` fires or the peer is gone.
bool WriteAll(int fd, std::string_view data, int stop_fd) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) n = ::write(fd, data.data(), data.size());  // the message pipe
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return false;
    pollfd fds[2] = {{fd, POLLOUT, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return false;
    if (fds[1].revents != 0) return false;
  }
  return true;
}

std::string Hex(uint64_t value, int digits) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%0*llx", digits, static_cast<unsigned long long>(value));
  return std::string(buffer).substr(0, static_cast<size_t>(digits));
}

// An X-Ray trace header of the shape Lambda passes ("Root=1-<epoch hex>-<24 hex>;Parent=<16 hex>;Sampled=0").
std::string NewTraceId(std::chrono::system_clock::time_point now) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return "Root=1-" + Hex(static_cast<uint64_t>(seconds), 8) + "-" + Hex(random(), 8) + Hex(random(), 16) +
         ";Parent=" + Hex(random(), 16) + ";Sampled=0";
}

std::string StringMember(const JsonDocument& doc, const char* name) {
  if (!doc.IsObject()) return "";
  auto it = doc.FindMember(name);
  if (it == doc.MemberEnd() || !it->value.IsString()) return "";
  return {it->value.GetString(), it->value.GetStringLength()};
}

// The protocol message for an error the runtime posted: the type from the
// header (else the body's errorType), the body as Lambda returns it.
std::string ErrorMessage(std::string_view kind, std::string error_type, const std::string& body) {
  JsonDocument doc;
  doc.Parse(body.data(), body.size());
  if (error_type.empty()) error_type = StringMember(doc, "errorType");
  if (error_type.empty()) error_type = "Unhandled";
  return "{\"t\":\"" + std::string(kind) + "\",\"type\":" + JsonQuoted(error_type) +
         ",\"message\":" + JsonQuoted(StringMember(doc, "errorMessage")) + ",\"payload\":" + JsonQuoted(body) + "}\n";
}

}  // namespace

struct RuntimeApiServer::Reply {
  int status = 202;
  std::string reason = "Accepted";
  std::string body = "{\"status\":\"OK\"}";
  std::string headers;  // extra "Name: value\r\n" lines

  static Reply Error(int status, std::string reason, std::string_view type, std::string_view message) {
    return {status, std::move(reason),
            "{\"errorMessage\":" + JsonQuoted(message) + ",\"errorType\":" + JsonQuoted(type) + "}", ""};
  }
  std::string Serialize(bool keep_alive) const {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + headers +
           (keep_alive ? "" : "Connection: close\r\n") + "\r\n" + body;
  }
};

// One connection of the runtime: bytes read, the request being parsed, and
// whether it is a GET next waiting for an invocation.
class RuntimeApiServer::Connection {
 public:
  explicit Connection(int fd) : fd_(fd) { Reset(); }
  ~Connection() { CloseFd(fd_); }
  int fd() const { return fd_; }
  bool waiting = false;      // a GET next with no invocation yet
  bool keep_alive = true;    // of the request being answered

  // Reads what is available; false at EOF or error.
  bool Read() {
    char chunk[65536];
    for (;;) {
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n > 0) {
        input_.append(chunk, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      return n < 0 && errno == EAGAIN;
    }
  }
  // Parses buffered bytes. Returns true with the request's parts once one is
  // complete; false when more bytes are needed or on *error.
  bool Parse(http::request<http::string_body>* request, boost::beast::error_code* error) {
    if (input_.empty()) return false;
    boost::beast::error_code ec;
    size_t used = parser_->put(boost::asio::buffer(input_.data(), input_.size()), ec);
    input_.erase(0, used);
    while (!ec && !parser_->is_done() && used > 0 && !input_.empty()) {
      used = parser_->put(boost::asio::buffer(input_.data(), input_.size()), ec);
      input_.erase(0, used);
    }
    if (ec == http::error::need_more) return false;
    if (ec) {
      *error = ec;
      return false;
    }
    if (!parser_->is_done()) return false;
    *request = parser_->release();
    Reset();
    return true;
  }

 private:
  void Reset() {
    parser_.emplace();
    parser_->eager(true);
    parser_->body_limit(kMaxPayloadBytes);
  }
  int fd_;
  std::string input_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

std::unique_ptr<RuntimeApiServer> RuntimeApiServer::Start(std::string function_arn, std::string* error) {
  std::unique_ptr<RuntimeApiServer> server(new RuntimeApiServer());
  server->function_arn_ = std::move(function_arn);
  auto fail = [&](const char* what) {
    *error = std::string("Runtime API: ") + what + ": " + std::strerror(errno);
    return nullptr;
  };
  server->listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (server->listen_fd_ < 0) return fail("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  if (::bind(server->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return fail("bind");
  if (::listen(server->listen_fd_, 16) != 0) return fail("listen");
  if (::getsockname(server->listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0) return fail("getsockname");
  server->address_ = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  server->stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  server->deliver_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (server->stop_fd_ < 0 || server->deliver_fd_ < 0) return fail("eventfd");
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return fail("pipe");
  server->message_read_fd_ = fds[0];
  server->message_write_fd_ = fds[1];
  ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
  server->thread_ = std::thread([s = server.get()] { s->Run(); });
  return server;
}

RuntimeApiServer::~RuntimeApiServer() {
  if (stop_fd_ >= 0) Signal(stop_fd_);
  if (thread_.joinable()) thread_.join();
  CloseFd(listen_fd_);
  CloseFd(stop_fd_);
  CloseFd(deliver_fd_);
  CloseFd(message_read_fd_);
  CloseFd(message_write_fd_);
}

int RuntimeApiServer::TakeMessageFd() { return std::exchange(message_read_fd_, -1); }

void RuntimeApiServer::Deliver(std::string request_id, std::string event,
                               std::chrono::system_clock::time_point deadline) {
  {
    std::lock_guard lock(mutex_);
    pending_ = Invocation{std::move(request_id), std::move(event), deadline};
  }
  Signal(deliver_fd_);
}

bool RuntimeApiServer::SendMessage(const std::string& message) {
  return WriteAll(message_write_fd_, message, stop_fd_);
}

RuntimeApiServer::Reply RuntimeApiServer::NextReply(const Invocation& invocation) {
  current_id_ = invocation.request_id;
  auto deadline_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(invocation.deadline.time_since_epoch()).count();
  Reply reply{200, "OK", invocation.event.empty() ? "null" : invocation.event, ""};
  reply.headers = "Lambda-Runtime-Aws-Request-Id: " + invocation.request_id +
                  "\r\nLambda-Runtime-Deadline-Ms: " + std::to_string(deadline_ms) +
                  "\r\nLambda-Runtime-Invoked-Function-Arn: " + function_arn_ +
                  "\r\nLambda-Runtime-Trace-Id: " + NewTraceId(std::chrono::system_clock::now()) + "\r\n";
  return reply;
}

std::optional<RuntimeApiServer::Reply> RuntimeApiServer::Handle(const std::string& method, const std::string& target,
                                                                const std::string& error_type, std::string body) {
  std::string_view path = target;
  path = path.substr(0, path.find('?'));
  if (path == kNextPath) {
    if (method != "GET") return Reply::Error(405, "Method Not Allowed", "MethodNotAllowed", "Method Not Allowed");
    if (!current_id_.empty()) {
      return Reply::Error(403, "Forbidden", "InvalidStateTransition",
                          "State transition from Running to Ready failed for runtime: invocation " + current_id_ +
                              " has no response yet");
    }
    // The runtime's init ends when it first asks for work; each later ask
    // ends the invocation before it, as Lambda's invoke phase ends there.
    SendMessage(ready_sent_ ? "{\"t\":\"next\"}\n" : "{\"t\":\"ready\"}\n");
    ready_sent_ = true;
    std::optional<Invocation> invocation;
    {
      std::lock_guard lock(mutex_);
      invocation.swap(pending_);
    }
    if (!invocation) return std::nullopt;  // waits for Deliver()
    return NextReply(*invocation);
  }
  if (method != "POST") return Reply::Error(404, "Not Found", "NotFound", "404 page not found");
  if (path == kInitErrorPath) {
    if (ready_sent_) {
      return Reply::Error(403, "Forbidden", "InvalidStateTransition",
                          "State transition from Ready to InitError failed for runtime: init is over");
    }
    SendMessage(ErrorMessage("init_error", error_type, body));
    return Reply{};
  }
  if (path.substr(0, kInvocationPrefix.size()) != kInvocationPrefix) {
    return Reply::Error(404, "Not Found", "NotFound", "404 page not found");
  }
  path.remove_prefix(kInvocationPrefix.size());
  const size_t slash = path.find('/');
  std::string_view id = path.substr(0, slash);
  std::string_view action = slash == std::string_view::npos ? "" : path.substr(slash + 1);
  if (action != "response" && action != "error") return Reply::Error(404, "Not Found", "NotFound", "404 page not found");
  if (current_id_.empty() || id != current_id_) {
    return Reply::Error(400, "Bad Request", "InvalidRequestID", "Invalid request ID");
  }
  current_id_.clear();
  if (action == "response") {
    SendMessage("{\"t\":\"result\",\"payload\":" + JsonQuoted(body) + "}\n");
  } else {
    SendMessage(ErrorMessage("error", error_type, body));
  }
  return Reply{};
}

void RuntimeApiServer::Run() {
  std::vector<std::unique_ptr<Connection>> connections;
  auto answer = [&](Connection& connection, const Reply& reply) {
    return WriteAll(connection.fd(), reply.Serialize(connection.keep_alive), stop_fd_) && connection.keep_alive;
  };
  for (;;) {
    std::vector<pollfd> fds = {{stop_fd_, POLLIN, 0}, {listen_fd_, POLLIN, 0}, {deliver_fd_, POLLIN, 0}};
    for (const auto& connection : connections) fds.push_back({connection->fd(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[0].revents != 0) return;
    if (fds[1].revents != 0) {
      int fd;
      while ((fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK)) >= 0) {
        connections.push_back(std::make_unique<Connection>(fd));
      }
    }
    if (fds[2].revents != 0) Drain(deliver_fd_);
    std::vector<bool> closed(connections.size(), false);
    for (size_t i = 0; i < connections.size(); ++i) {
      Connection& connection = *connections[i];
      if (connection.waiting) {
        std::optional<Invocation> invocation;
        {
          std::lock_guard lock(mutex_);
          invocation.swap(pending_);
        }
        if (invocation) {
          connection.waiting = false;
          if (!answer(connection, NextReply(*invocation))) closed[i] = true;
        }
      }
      const short revents = i + 3 < fds.size() ? fds[i + 3].revents : 0;
      if (revents == 0 || closed[i]) continue;
      if (!connection.Read()) closed[i] = true;  // what was read is still served below
      http::request<http::string_body> request;
      boost::beast::error_code error;
      while (!connection.waiting && connection.Parse(&request, &error)) {
        connection.keep_alive = request.keep_alive();
        std::optional<Reply> reply =
            Handle(std::string(request.method_string()), std::string(request.target()),
                   std::string(request["Lambda-Runtime-Function-Error-Type"]), std::move(request.body()));
        if (!reply) {
          connection.waiting = true;
        } else if (!answer(connection, *reply)) {
          closed[i] = true;
          break;
        }
      }
      if (error == http::error::body_limit) {
        // Too large a response: the invocation fails as Lambda fails it.
        if (!current_id_.empty()) {
          current_id_.clear();
          SendMessage(
              "{\"t\":\"error\",\"type\":\"Function.ResponseSizeTooLarge\",\"message\":\"Response payload size "
              "exceeded maximum allowed payload size (6291556 bytes).\"}\n");
        }
        connection.keep_alive = false;
        answer(connection, Reply::Error(413, "Request Entity Too Large", "RequestEntityTooLarge",
                                        "Exceeded maximum allowed payload size (6291556 bytes)."));
        closed[i] = true;
      } else if (error) {
        connection.keep_alive = false;
        answer(connection, Reply::Error(400, "Bad Request", "BadRequest", error.message()));
        closed[i] = true;
      }
    }
    for (size_t i = connections.size(); i-- > 0;) {
      if (closed[i]) connections.erase(connections.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

}  // namespace eddy::functions

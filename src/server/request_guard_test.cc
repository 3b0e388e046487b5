#include "server/request_guard.h"

#include <doctest/doctest.h>

namespace eddy {
namespace {

TEST_CASE("Host headers that name eddy, and rebinding names that do not") {
  const std::vector<std::string> none;
  for (std::string_view host : {"localhost:8000", "LOCALHOST", "127.0.0.1:8000", "[::1]:8000", "::1",
                                "10.1.2.3", "eddy:8000", "dynamodb-local", "app.localhost:8000", ""}) {
    CHECK_MESSAGE(HostAllowed(host, none), host);
  }
  for (std::string_view host : {"evil.example", "evil.example:8000", "127.0.0.1.nip.io", "localhost.evil.example"}) {
    CHECK_FALSE_MESSAGE(HostAllowed(host, none), host);
  }
  CHECK(HostAllowed("host.docker.internal:8000", {"host.docker.internal"}));
  CHECK(HostAllowed("Eddy.Example.Com", {"eddy.example.com"}));
  CHECK(HostAllowed("anything.example", {"*"}));
}

TEST_CASE("state-changing admin requests need what a simple cross-origin request cannot send") {
  CHECK(AdminWriteAllowed("application/json", false));
  CHECK(AdminWriteAllowed("application/x-amz-json-1.0", false));
  CHECK(AdminWriteAllowed("Application/JSON; charset=utf-8", false));
  CHECK_FALSE(AdminWriteAllowed("", false));
  CHECK_FALSE(AdminWriteAllowed("text/plain", false));
  CHECK_FALSE(AdminWriteAllowed("text/plain;charset=UTF-8", false));
  CHECK_FALSE(AdminWriteAllowed("application/x-www-form-urlencoded", false));
  CHECK_FALSE(AdminWriteAllowed("multipart/form-data; boundary=x", false));
  CHECK(AdminWriteAllowed("", true));
}

TEST_CASE("CORS origins: any by default, else only those listed") {
  CHECK(CorsAllowOrigin("https://a.example", {}) == "*");
  CHECK(CorsAllowOrigin("https://a.example", {"*"}) == "*");
  CHECK(CorsAllowOrigin("https://a.example", {"https://a.example", "http://localhost:3000"}) == "https://a.example");
  CHECK(CorsAllowOrigin("https://b.example", {"https://a.example"}).empty());
}

}  // namespace
}  // namespace eddy

#include "server/mapping_routes.h"

#include <chrono>
#include <cmath>

#include "core/json.h"

namespace eddy {
namespace {

constexpr double kDefaultWaitSeconds = 30;
constexpr double kMaxWaitSeconds = 300;

ApiResponse Json(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = "application/json";
  return response;
}

// The timeout from {"timeoutSeconds": N}; an empty body takes the default.
bool WaitSeconds(std::string_view body, double* seconds) {
  *seconds = kDefaultWaitSeconds;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;
  JsonDocument doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  auto it = doc.FindMember("timeoutSeconds");
  if (it == doc.MemberEnd()) return true;
  if (!it->value.IsNumber()) return false;
  *seconds = it->value.GetDouble();
  return std::isfinite(*seconds) && *seconds >= 0 && *seconds <= kMaxWaitSeconds;
}

}  // namespace

void AddMappingRoutes(HttpServer& server, streams::Pollers& pollers) {
  server.AddAdminRoute("GET", "/_eddy/event-source-mappings",
                       [&pollers](std::string_view) { return Json(200, pollers.StatusJson()); });
  server.AddBlockingAdminRoute("POST", "/_eddy/event-source-mappings/wait", [&pollers](std::string_view body) {
    double seconds = 0;
    if (!WaitSeconds(body, &seconds)) {
      return Json(400, R"({"message":"expected {\"timeoutSeconds\": N} with 0 <= N <= 300"})");
    }
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
    const bool caught_up = pollers.WaitCaughtUp(deadline);
    // {"caughtUp": ..., "EventSourceMappings": [...]}: the states tell a
    // test which mapping is behind and why.
    std::string states = pollers.StatusJson();
    std::string body_out = std::string("{\"caughtUp\":") + (caught_up ? "true," : "false,") + states.substr(1);
    return Json(caught_up ? 200 : 504, std::move(body_out));
  });
}

}  // namespace eddy

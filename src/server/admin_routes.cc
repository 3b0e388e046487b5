#include "server/admin_routes.h"

#include <cmath>
#include <optional>
#include <string>

#include "core/json.h"

namespace eddy {
namespace {

constexpr std::string_view kJson = "application/json";
// Far enough for any test (a century); keeps the millisecond offset in range.
constexpr double kMaxAdvanceSeconds = 100.0 * 365 * 24 * 3600;

ApiResponse Json(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = kJson;
  return response;
}

ApiResponse BadRequest(std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("message");
  w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  w.EndObject();
  return Json(400, buffer.GetString());
}

ApiResponse ClockNow(const Clock& clock) {
  const int64_t millis = clock.NowMillis();
  return Json(200, "{\"now\":" + std::to_string(millis / 1000) + ",\"now_millis\":" + std::to_string(millis) + "}");
}

// {"seconds": N} with 0 <= N <= a century; null with the reason otherwise.
std::optional<double> AdvanceSeconds(std::string_view body, std::string* error) {
  JsonDocument doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    *error = "expected a JSON object like {\"seconds\": 60}";
    return std::nullopt;
  }
  auto it = doc.FindMember("seconds");
  if (it == doc.MemberEnd() || !it->value.IsNumber()) {
    *error = "\"seconds\" must be a number";
    return std::nullopt;
  }
  const double seconds = it->value.GetDouble();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxAdvanceSeconds) {
    // The clock only moves forward: stream records and TTL assume time
    // never runs backwards.
    *error = "\"seconds\" must be from 0 to 3153600000";
    return std::nullopt;
  }
  return seconds;
}

}  // namespace

void AddAdminRoutes(HttpServer& server, SystemClock& clock, TtlSweeper& sweeper) {
  server.AddAdminRoute("POST", "/_eddy/ttl/sweep", [&sweeper](std::string_view) {
    return Json(200, "{\"deleted\":" + std::to_string(sweeper.SweepNow()) + "}");
  });
  server.AddAdminRoute("POST", "/_eddy/clock/advance", [&clock](std::string_view body) {
    std::string error;
    std::optional<double> seconds = AdvanceSeconds(body, &error);
    if (!seconds) return BadRequest(error);
    clock.Advance(static_cast<int64_t>(std::llround(*seconds * 1000)));
    return ClockNow(clock);
  });
  server.AddAdminRoute("GET", "/_eddy/clock", [&clock](std::string_view) { return ClockNow(clock); });
}

}  // namespace eddy

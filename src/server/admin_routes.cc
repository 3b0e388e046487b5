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

// {"transactions": N, "writes": M}, each a count from 0 to a million (absent: 0).
std::optional<std::pair<int64_t, int64_t>> ConflictCounts(std::string_view body, std::string* error) {
  JsonDocument doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    *error = "expected a JSON object like {\"transactions\": 1, \"writes\": 0}";
    return std::nullopt;
  }
  int64_t counts[2] = {0, 0};
  const char* names[2] = {"transactions", "writes"};
  for (int i = 0; i < 2; ++i) {
    auto it = doc.FindMember(names[i]);
    if (it == doc.MemberEnd()) continue;
    if (!it->value.IsInt64() || it->value.GetInt64() < 0 || it->value.GetInt64() > 1'000'000) {
      *error = std::string("\"") + names[i] + "\" must be a whole number from 0 to 1000000";
      return std::nullopt;
    }
    counts[i] = it->value.GetInt64();
  }
  return std::make_pair(counts[0], counts[1]);
}

ApiResponse ArmedConflicts(const ConflictInjector& conflicts) {
  return Json(200, "{\"transactions\":" + std::to_string(conflicts.transactions()) +
                       ",\"writes\":" + std::to_string(conflicts.writes()) + "}");
}

}  // namespace

void AddAdminRoutes(HttpServer& server, const Engine& engine, SystemClock& clock, TtlSweeper& sweeper,
                    ConflictInjector& conflicts) {
  server.AddAdminRoute("GET", "/_eddy/health", [&engine](std::string_view) {
    std::optional<std::string> problem = engine.StorageProblem();
    if (!problem) return Json(200, R"({"status":"ok"})");
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("status");
    w.String("degraded");
    w.Key("storage");
    w.String(*problem);
    w.EndObject();
    return Json(503, buffer.GetString());
  });
  server.AddAdminRoute("POST", "/_eddy/faults/transaction-conflicts", [&conflicts](std::string_view body) {
    std::string error;
    auto counts = ConflictCounts(body, &error);
    if (!counts) return BadRequest(error);
    conflicts.Arm(counts->first, counts->second);
    return ArmedConflicts(conflicts);
  });
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

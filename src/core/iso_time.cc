#include "core/iso_time.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace eddy {
namespace {

// 0000-01-01T00:00:00.000Z .. 9999-12-31T23:59:59.999Z
constexpr int64_t kMinMillis = -62167219200000;
constexpr int64_t kMaxMillis = 253402300799999;

std::string Format(int64_t millis, bool with_millis) {
  millis = std::clamp(millis, kMinMillis, kMaxMillis);
  int64_t seconds = millis / 1000;
  int64_t ms = millis % 1000;
  if (ms < 0) {  // times before 1970 round down
    ms += 1000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[96];  // room for any int, to keep -Wformat-truncation quiet
  int n = std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d", utc.tm_year + 1900, utc.tm_mon + 1,
                        utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
  if (with_millis) n += std::snprintf(text + n, sizeof(text) - n, ".%03d", static_cast<int>(ms));
  text[n++] = 'Z';
  return std::string(text, static_cast<size_t>(n));
}

}  // namespace

std::string FormatIsoMillis(int64_t millis) { return Format(millis, true); }
std::string FormatIsoSeconds(int64_t millis) { return Format(millis, false); }

}  // namespace eddy

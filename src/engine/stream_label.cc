#include "engine/stream_label.h"

#include <cstdio>
#include <ctime>

namespace eddy {

std::string StreamLabel(int64_t creation_millis) {
  std::time_t seconds = static_cast<std::time_t>(creation_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03d", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(creation_millis % 1000));
  return buffer;
}

}  // namespace eddy

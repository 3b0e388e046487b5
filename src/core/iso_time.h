// ISO 8601 UTC timestamps, the one formatter for every place AWS writes
// them: stream labels, log lines and log files, Lambda's on-failure records.
#pragma once

#include <cstdint>
#include <string>

namespace eddy {

// "2026-11-25T10:00:00.123Z" for milliseconds since the epoch (years
// 0000-9999; other times are clamped, so the width is fixed).
std::string FormatIsoMillis(int64_t millis);
// The same without the milliseconds: "2026-11-25T10:00:00Z".
std::string FormatIsoSeconds(int64_t millis);

}  // namespace eddy

#include <doctest/doctest.h>

#include "core/iso_time.h"

namespace eddy {

TEST_CASE("ISO 8601 timestamps, with and without milliseconds") {
  CHECK(FormatIsoMillis(1764064800123) == "2025-11-25T10:00:00.123Z");
  CHECK(FormatIsoSeconds(1764064800123) == "2025-11-25T10:00:00Z");
  CHECK(FormatIsoSeconds(-1) == "1969-12-31T23:59:59Z");
  CHECK(FormatIsoMillis(253402300799999 + 5000) == "9999-12-31T23:59:59.999Z");  // clamped
}

}  // namespace eddy

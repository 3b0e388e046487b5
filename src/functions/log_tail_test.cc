#include "functions/log_tail.h"

#include <doctest/doctest.h>

#include <string>

namespace eddy::functions {

TEST_CASE("log tail: events joined by newlines, only the last bytes kept") {
  LogTail tail(16);
  tail.Append("START\n");
  tail.Append("out");
  tail.Append("");
  CHECK(tail.Take() == "START\nout\n");
  CHECK(tail.Take().empty());

  for (int i = 0; i < 1000; ++i) tail.Append("line " + std::to_string(i) + "\n");
  CHECK(tail.Take() == "ne 998\nline 999\n");  // the last 16 bytes

  tail.Append(std::string(100, 'x') + "END");  // one event longer than the limit
  CHECK(tail.Take() == std::string(12, 'x') + "END\n");
}

}  // namespace eddy::functions

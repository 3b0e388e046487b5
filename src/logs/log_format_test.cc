#include "logs/log_format.h"

#include <doctest/doctest.h>

#include <set>
#include <vector>

namespace eddy::logs {

TEST_CASE("messages stay on one line and round-trip exactly") {
  const std::vector<std::string> messages = {
      "plain",
      "two\nlines",
      "trailing newline\n",
      "\n",
      "crlf\r\nend",
      "a literal backslash-n: \\n",
      "backslash before newline \\\nx",
      "double \\\\ and \\\\n",
      "ends with backslash \\",
      "{\"json\":\"quote \\\" and unicode \\u00e9\"}",
      "tab\there",
      "",
  };
  for (const std::string& message : messages) {
    const std::string escaped = EscapeMessage(message);
    CHECK(escaped.find('\n') == std::string::npos);
    CHECK(escaped.find('\r') == std::string::npos);
    CHECK(UnescapeMessage(escaped) == message);
  }
  // JSON escapes other than \n and \r are written unchanged.
  CHECK(EscapeMessage("{\"a\":\"x\\\"y\"}") == "{\"a\":\"x\\\"y\"}");
  CHECK(EscapeMessage("a\nb") == "a\\nb");
}

TEST_CASE("ISO 8601 timestamps with milliseconds") {
  CHECK(FormatIsoMillis(0) == "1970-01-01T00:00:00.000Z");
  CHECK(FormatIsoMillis(1764064800123) == "2025-11-25T10:00:00.123Z");
  CHECK(FormatIsoMillis(-1) == "1969-12-31T23:59:59.999Z");
  for (int64_t t : {int64_t{0}, int64_t{1764064800123}, int64_t{-1}, int64_t{951782400000}, int64_t{4102444799999}}) {
    CHECK(ParseIsoMillis(FormatIsoMillis(t)) == t);
  }
  CHECK_FALSE(ParseIsoMillis("2025-11-25 10:00:00.123Z"));
  CHECK_FALSE(ParseIsoMillis("2025-13-25T10:00:00.123Z"));
}

TEST_CASE("event lines") {
  const std::string line = FormatEventLine(1764064800123, "hello\nworld");
  CHECK(line == "2025-11-25T10:00:00.123Z\thello\\nworld");
  auto parsed = ParseEventLine(line);
  REQUIRE(parsed);
  CHECK(parsed->timestamp == 1764064800123);
  CHECK(parsed->message == "hello\nworld");
  CHECK_FALSE(ParseEventLine("2025-11-25T10:00"));  // torn
  CHECK_FALSE(ParseEventLine("garbage"));
}

TEST_CASE("file names are safe and distinct") {
  CHECK(EncodeFileName("/aws/lambda/Music-handler") == "%2Faws%2Flambda%2FMusic-handler");
  CHECK(EncodeFileName("2026/11/25/[$LATEST]0123456789abcdef") == "2026%2F11%2F25%2F%5B%24LATEST%5D0123456789abcdef");
  CHECK(EncodeFileName(".") == "%2E");
  CHECK(EncodeFileName("..") == "%2E.");
  CHECK(EncodeFileName("a.b") == "a.b");
  const std::string long_a(512, '/');
  std::string long_b = long_a;
  long_b.back() = '#';
  const std::string a = EncodeFileName(long_a);
  const std::string b = EncodeFileName(long_b);
  CHECK(a.size() <= 200);
  CHECK(a != b);
  std::set<std::string> seen;
  for (std::string name : {"a/b", "a%2Fb", "a_b", "A_b", "a b", "a\xc3\xa9", "~x", "%7Ex"}) {
    const std::string encoded = EncodeFileName(name);
    CHECK(encoded.find('/') == std::string::npos);
    CHECK(seen.insert(encoded).second);
  }
}

}  // namespace eddy::logs

#include "logs/event_tokens.h"

#include <doctest/doctest.h>

namespace eddy::logs {

TEST_CASE("GetLogEvents tokens have CloudWatch's shape and round-trip") {
  for (StreamToken token : {StreamToken{true, {1764064800123, 7}}, StreamToken{false, {INT64_MAX, UINT64_MAX}},
                            StreamToken{true, {INT64_MIN, 0}}, StreamToken{false, {-5, 3}}}) {
    const std::string text = FormatStreamToken(token);
    CHECK(text.size() == 60);
    CHECK(text.substr(0, 2) == (token.forward ? "f/" : "b/"));
    CHECK(text.substr(58) == "/s");
    auto parsed = ParseStreamToken(text);
    REQUIRE(parsed);
    CHECK(parsed->forward == token.forward);
    CHECK(parsed->key == token.key);
  }
  CHECK_FALSE(ParseStreamToken("f/123/s"));
  CHECK_FALSE(ParseStreamToken("x/00000000000000000000000000000000000000000000000000000000/s"));
  CHECK_FALSE(ParseStreamToken(""));
}

TEST_CASE("event ids are 56 digits, stable, and differ by stream and sequence") {
  const std::string id = EventId(1764064800123, LogStore::StreamHash("s"), 4);
  CHECK(id.size() == 56);
  CHECK(id.find_first_not_of("0123456789") == std::string::npos);
  CHECK(id == EventId(1764064800123, LogStore::StreamHash("s"), 4));
  CHECK(id != EventId(1764064800123, LogStore::StreamHash("t"), 4));
  CHECK(id != EventId(1764064800123, LogStore::StreamHash("s"), 5));
  CHECK(EventId(1, 0, 0) < EventId(2, 0, 0));  // ids sort by time
}

TEST_CASE("filter and name tokens round-trip") {
  LogStore::MergedPosition position{1764064800123, "2026/11/25/[$LATEST]abc", 42};
  auto parsed = ParseFilterToken(FormatFilterToken(position));
  REQUIRE(parsed);
  CHECK(parsed->timestamp == position.timestamp);
  CHECK(parsed->stream == position.stream);
  CHECK(parsed->sequence == position.sequence);
  CHECK_FALSE(ParseFilterToken("nonsense"));
  CHECK(ParseNameToken(FormatNameToken("/aws/lambda/x")) == std::optional<std::string>("/aws/lambda/x"));
  CHECK_FALSE(ParseNameToken("zz"));
  CHECK_FALSE(ParseNameToken("n1/0g"));
}

}  // namespace eddy::logs

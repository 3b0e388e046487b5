#include <doctest/doctest.h>

#include "streams/stream_arn.h"

namespace eddy::streams {

TEST_CASE("a stream ARN splits into region, account, table and label") {
  auto parts = ParseStreamArn(
      "arn:aws:dynamodb:us-west-2:000000000000:table/Music/stream/2026-01-02T03:04:05.678");
  REQUIRE(parts);
  CHECK(parts->region == "us-west-2");
  CHECK(parts->account == "000000000000");
  CHECK(parts->table_name == "Music");
  CHECK(parts->label == "2026-01-02T03:04:05.678");
  CHECK(StreamArnOf("arn:aws:dynamodb:us-west-2:000000000000:table/Music", parts->label) ==
        "arn:aws:dynamodb:us-west-2:000000000000:table/Music/stream/2026-01-02T03:04:05.678");
}

TEST_CASE("anything else is not a stream ARN") {
  for (const char* arn : {
           "",
           "sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf",
           "arn:aws:dynamodb:us-west-2:000000000000:table/Music",
           "arn:aws:dynamodb:us-west-2:000000000000:table/Music/stream/",
           "arn:aws:dynamodb:us-west-2:000000000000:table/Music/stream/a/b",
           "arn:aws:dynamodb:us-west-2:000000000000:table/Mu/stream/2026-01-02T03:04:05.678",
           "arn:aws:dynamodb:us-west-2:000000000000:table/Mu sic/stream/2026",
           "arn:aws:kinesis:us-west-2:000000000000:table/Music/stream/2026",
           "arn:aws:dynamodb::000000000000:table/Music/stream/2026",
           "arn:aws:dynamodb:us-west-2::table/Music/stream/2026",
           "arn:aws:dynamodb:us-west-2:000000000000:index/Music/stream/2026",
       }) {
    CAPTURE(arn);
    CHECK_FALSE(ParseStreamArn(arn));
  }
}

}  // namespace eddy::streams

#include <doctest/doctest.h>

#include "streams/shard_iterator.h"

namespace eddy::streams {

TEST_CASE("shard iterators round-trip; edited or foreign text does not decode") {
  ShardIterator iterator{"arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream/2026-01-02T03:04:05.678",
                         "shardId-00000001767323045678-0a1b2c3d", {12345678901234ull, true},
                         1767323045678};
  const std::string text = EncodeShardIterator(iterator);
  CHECK(text.size() < 2048);  // GetRecords' ShardIterator length limit
  auto decoded = DecodeShardIterator(text);
  REQUIRE(decoded);
  CHECK(*decoded == iterator);

  iterator.position = {7, false};
  decoded = DecodeShardIterator(EncodeShardIterator(iterator));
  REQUIRE(decoded);
  CHECK(decoded->position == ShardPosition{7, false});

  CHECK_FALSE(DecodeShardIterator(""));
  CHECK_FALSE(DecodeShardIterator("sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg"));
  CHECK_FALSE(DecodeShardIterator(text.substr(0, text.size() - 4)));
  std::string edited = text;
  edited[10] = edited[10] == 'A' ? 'B' : 'A';
  CHECK_FALSE(DecodeShardIterator(edited));
}

TEST_CASE("iterators expire 15 minutes after they are issued") {
  ShardIterator iterator;
  iterator.created_millis = 1'000'000;
  CHECK_FALSE(IsExpired(iterator, 1'000'000));
  CHECK_FALSE(IsExpired(iterator, 1'000'000 + 15 * 60 * 1000));
  CHECK(IsExpired(iterator, 1'000'000 + 15 * 60 * 1000 + 1));
}

}  // namespace eddy::streams

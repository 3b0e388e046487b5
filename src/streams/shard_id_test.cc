#include <doctest/doctest.h>

#include "streams/shard_id.h"

namespace eddy::streams {

TEST_CASE("shard ids look like AWS's and differ per stream") {
  TableInfo table;
  table.table_id = "6f1e9a40-1d2c-4b7a-9d1e-123456789abc";
  StreamDescriptor stream{"2014-10-29T02:47:25.508", "KEYS_ONLY", 1414562045508, 0};
  const std::string id = ShardIdOf(table, stream);
  CHECK(id.rfind("shardId-00000001414562045508-", 0) == 0);
  CHECK(id.size() == 37);  // the API allows 28..65
  CHECK(id.find_first_not_of("0123456789abcdef", 29) == std::string::npos);
  CHECK(ShardIdOf(table, stream) == id);  // stable

  StreamDescriptor later = stream;
  later.label = "2014-10-29T02:47:25.509";
  later.created_millis += 1;
  CHECK(ShardIdOf(table, later) != id);
  TableInfo other = table;
  other.table_id = "00000000-0000-0000-0000-000000000000";
  CHECK(ShardIdOf(other, stream) != id);
}

}  // namespace eddy::streams

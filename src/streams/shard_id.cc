#include "streams/shard_id.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "core/fnv.h"

namespace eddy::streams {

std::string ShardIdOf(const TableInfo& table, const StreamDescriptor& stream) {
  const uint32_t suffix = Fnv1a32(stream.label, Fnv1a32("/", Fnv1a32(table.table_id)));
  char text[64];
  std::snprintf(text, sizeof(text), "shardId-%020lld-%08x",
                static_cast<long long>(stream.created_millis), static_cast<unsigned>(suffix));
  return text;
}

}  // namespace eddy::streams

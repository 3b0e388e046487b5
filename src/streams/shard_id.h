// Shard ids. eddy's shard model: a stream has exactly one shard for its whole
// life (DynamoDB splits and rolls shards every few hours; a local emulator
// has no partitions to split, and one shard makes "every record once, in
// commit order" trivially true for any reader, including one that follows
// parent/child lineage as the KCL does: there is no parent). The shard is
// open while the stream is enabled and closed (EndingSequenceNumber set) once
// the stream is disabled.
//
// The id looks like AWS's ("shardId-00000001414562045508-2bac9cd2"): the
// stream's creation time in milliseconds, zero-padded to 20 digits, and 8 hex
// digits derived from the table id and the stream label, so two streams of
// one table, or of two tables created in the same millisecond, differ.
#pragma once

#include <string>

#include "engine/table_info.h"

namespace eddy::streams {

std::string ShardIdOf(const TableInfo& table, const StreamDescriptor& stream);

}  // namespace eddy::streams

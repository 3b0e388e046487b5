// Reading a stream's one shard (see shard_id.h) through the engine's stream
// log: where each ShardIteratorType starts, what DescribeStream reports as
// the shard's sequence-number range, and one GetRecords page with the
// position after it.
//
// Trimming: the engine deletes records older than 24 hours. A position taken
// at an existing record detects it exactly (ShardPosition::at_record). An
// AT/AFTER_SEQUENCE_NUMBER below the oldest remaining record is reported as
// trimmed only when the stream is older than the retention period, since only
// then can records have been trimmed; below that a sequence number that no
// record has simply starts at the next record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "streams/shard_iterator.h"

namespace eddy::streams {

enum class IteratorType { kTrimHorizon, kLatest, kAtSequenceNumber, kAfterSequenceNumber };

// "TRIM_HORIZON" etc., or nullopt.
std::optional<IteratorType> ParseIteratorType(std::string_view name);
// A SequenceNumber as GetRecords shows it (decimal digits), or nullopt.
std::optional<uint64_t> ParseSequenceNumber(std::string_view text);

// The position a new iterator of `type` starts at (`sequence_number` is used
// by the AT/AFTER types only). Throws ApiError::TrimmedDataAccess.
ShardPosition StartPosition(const Engine& engine, const TableInfo& table,
                            const StreamDescriptor& stream, IteratorType type,
                            uint64_t sequence_number);

// DescribeStream's SequenceNumberRange. Starting: the oldest record, or for
// an empty shard the sequence the next commit will get. Ending: only once the
// shard is closed, the last record (for an empty closed shard, Starting).
struct SequenceRange {
  uint64_t starting = 0;
  std::optional<uint64_t> ending;
};
SequenceRange ShardSequenceRange(const Engine& engine, const TableInfo& table,
                                 const StreamDescriptor& stream);

struct ShardPage {
  std::vector<StreamRecord> records;
  // Where the next read starts; nullopt once a closed shard is read to the
  // end (GetRecords then omits NextShardIterator).
  std::optional<ShardPosition> next;
};
// Up to `limit` records from `from`, stopping at `max_bytes` of JSON (always
// at least one record when there is one). Throws ApiError::TrimmedDataAccess
// when the record `from` stands at has been trimmed.
ShardPage ReadShard(const Engine& engine, const TableInfo& table, const StreamDescriptor& stream,
                    const ShardPosition& from, size_t limit, size_t max_bytes);

}  // namespace eddy::streams

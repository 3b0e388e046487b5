// Keys of the "streams" column family (storage/layout.h): one record per
// committed change, ordered by table, stream and sequence number, so reading
// a shard is one bounded iterator.
//   key   = table id (8, big-endian) | stream creation millis (8) | sequence (8)
//   value = record creation millis (8, big-endian) | the record
//           (engine/stream_record.h)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::storage {

std::string StreamPrefix(uint64_t table_id, int64_t stream_created_millis);
std::string StreamRecordKey(uint64_t table_id, int64_t stream_created_millis, uint64_t sequence);
// The sequence number of a StreamRecordKey (its last 8 bytes).
uint64_t SequenceOfStreamKey(std::string_view key);

// The start of a record's value: its creation time. The record follows.
std::string StreamRecordHeader(int64_t created_millis);
// Splits a record's value into its creation time and the record; false when
// it is too short.
bool ParseStreamRecordValue(std::string_view value, int64_t* created_millis,
                            std::string_view* record);

}  // namespace eddy::storage

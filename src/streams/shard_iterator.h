// Shard iterators: opaque to clients, self-contained for eddy. An iterator
// names a stream and shard, the position to read from, and when it was
// issued; DynamoDB Streams iterators expire 15 minutes after they are
// returned (GetShardIterator API reference), measured on eddy's clock so the
// admin API can age them.
//
// Wire form: base64url (no padding) of "<version>\n<stream arn>\n<shard id>\n
// <position>\n<at_record>\n<created millis>\n<checksum>", where the checksum
// (FNV-1a 64, hex) catches truncated or hand-edited text. It is not a
// signature: eddy has no secrets to protect, only typos to reject.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::streams {

inline constexpr int64_t kShardIteratorLifetimeMillis = 15 * 60 * 1000;

// Where a reader stands in a shard. `sequence` is the next record to read
// (records have sequence >= it). `at_record` says that, when the position was
// taken, a record with exactly that sequence existed: if it is gone when the
// position is read, it was trimmed (TrimmedDataAccessException). Otherwise no
// record >= sequence existed then, so any later one is younger than the
// iterator and cannot be trimmed before the iterator expires.
struct ShardPosition {
  uint64_t sequence = 0;
  bool at_record = false;
  bool operator==(const ShardPosition&) const = default;
};

struct ShardIterator {
  std::string stream_arn;
  std::string shard_id;
  ShardPosition position;
  int64_t created_millis = 0;
  bool operator==(const ShardIterator&) const = default;
};

std::string EncodeShardIterator(const ShardIterator& iterator);
// Nullopt for anything EncodeShardIterator did not produce.
std::optional<ShardIterator> DecodeShardIterator(std::string_view text);

inline bool IsExpired(const ShardIterator& iterator, int64_t now_millis) {
  return now_millis - iterator.created_millis > kShardIteratorLifetimeMillis;
}

}  // namespace eddy::streams

#include "streams/shard_reader.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include "core/api_error.h"

namespace eddy::streams {
namespace {

bool IsClosed(const StreamDescriptor& stream) { return stream.closed_millis != 0; }

// The first record at or after `sequence`, as an exact position; otherwise
// the sequence the next commit gets (nothing at or after `sequence` exists,
// so no record can be skipped). `latest` must be read before the lookup:
// every record committed after that read has a greater sequence.
ShardPosition FirstAtOrAfter(const Engine& engine, const TableInfo& table,
                             const StreamDescriptor& stream, uint64_t sequence, uint64_t latest) {
  std::vector<StreamRecord> next = engine.ReadStream(table, stream, sequence, 1,
                                                     std::numeric_limits<size_t>::max());
  if (!next.empty()) return {next.front().sequence, true};
  return {std::max(sequence, latest + 1), false};
}

}  // namespace

std::optional<IteratorType> ParseIteratorType(std::string_view name) {
  if (name == "TRIM_HORIZON") return IteratorType::kTrimHorizon;
  if (name == "LATEST") return IteratorType::kLatest;
  if (name == "AT_SEQUENCE_NUMBER") return IteratorType::kAtSequenceNumber;
  if (name == "AFTER_SEQUENCE_NUMBER") return IteratorType::kAfterSequenceNumber;
  return std::nullopt;
}

std::optional<uint64_t> ParseSequenceNumber(std::string_view text) {
  uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

ShardPosition StartPosition(const Engine& engine, const TableInfo& table,
                            const StreamDescriptor& stream, IteratorType type,
                            uint64_t sequence_number) {
  const uint64_t latest = engine.LatestSequence();
  switch (type) {
    case IteratorType::kTrimHorizon:
      return FirstAtOrAfter(engine, table, stream, 0, latest);
    case IteratorType::kLatest:
      return {latest + 1, false};
    case IteratorType::kAtSequenceNumber:
    case IteratorType::kAfterSequenceNumber:
      break;
  }
  uint64_t target = sequence_number;
  if (type == IteratorType::kAfterSequenceNumber) {
    if (target == std::numeric_limits<uint64_t>::max()) return {target, false};
    ++target;
  }
  const auto range = engine.StreamRange(table, stream);
  const bool may_be_trimmed =
      engine.clock().NowMillis() - stream.created_millis > kStreamRetentionMillis;
  if (range && target < range->first && may_be_trimmed) throw ApiError::TrimmedDataAccess();
  return FirstAtOrAfter(engine, table, stream, target, latest);
}

SequenceRange ShardSequenceRange(const Engine& engine, const TableInfo& table,
                                 const StreamDescriptor& stream) {
  const uint64_t latest = engine.LatestSequence();
  const auto range = engine.StreamRange(table, stream);
  SequenceRange result;
  // Fixed at the stream's creation, so it does not move with other tables'
  // writes or with trimming. (A descriptor without it falls back to the
  // first record.)
  result.starting = stream.start_sequence != 0 ? stream.start_sequence : (range ? range->first : latest + 1);
  if (IsClosed(stream)) result.ending = range ? range->second : result.starting;
  return result;
}

ShardPage ReadShard(const Engine& engine, const TableInfo& table, const StreamDescriptor& stream,
                    const ShardPosition& from, size_t limit, size_t max_bytes) {
  const uint64_t latest = engine.LatestSequence();
  ShardPage page;
  page.records = engine.ReadStream(table, stream, from.sequence, limit, max_bytes);
  if (from.at_record && (page.records.empty() || page.records.front().sequence != from.sequence)) {
    throw ApiError::TrimmedDataAccess();
  }
  ShardPosition next = from;
  if (!page.records.empty()) {
    next = FirstAtOrAfter(engine, table, stream, page.records.back().sequence + 1, latest);
  }
  // A closed shard takes no more records: past its last one there is nothing
  // more to read, ever.
  if (IsClosed(stream) && !next.at_record) return page;
  page.next = next;
  return page;
}

}  // namespace eddy::streams

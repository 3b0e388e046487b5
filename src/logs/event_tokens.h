// The Logs API's opaque strings: GetLogEvents' forward/backward tokens,
// event ids, and the nextToken of the other paged calls. All are stable (the
// same position always gives the same string) so a client can poll with
// them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "logs/log_store.h"

namespace eddy::logs {

// GetLogEvents: "f/<56 digits>/s" or "b/<56 digits>/s", CloudWatch's shape.
// The digits name a position in the stream's (timestamp, sequence) order: a
// forward token reads events at or after it, a backward token events before
// it. Positions, not indexes, so an older event inserted later does not
// shift them.
struct StreamToken {
  bool forward = true;
  EventKey key;
};
std::string FormatStreamToken(const StreamToken& token);
std::optional<StreamToken> ParseStreamToken(std::string_view text);

// A 56-digit event id, unique within a log group: timestamp, a hash of the
// stream name and the event's sequence in its stream.
std::string EventId(int64_t timestamp, uint64_t stream_hash, uint64_t sequence);

// FilterLogEvents' nextToken: the last returned event's merged position.
std::string FormatFilterToken(const LogStore::MergedPosition& position);
std::optional<LogStore::MergedPosition> ParseFilterToken(std::string_view text);

// DescribeLogGroups/DescribeLogStreams' nextToken: the sort key of the last
// returned entry, hex-encoded behind a fixed prefix.
std::string FormatNameToken(std::string_view key);
std::optional<std::string> ParseNameToken(std::string_view text);

}  // namespace eddy::logs

// The DynamoDB Streams API (DynamoDBStreams_20120810.*): ListStreams,
// DescribeStream, GetShardIterator, GetRecords. Stream semantics (ARNs, the
// one-shard-per-stream model, iterators, trimming) live in src/streams/; here
// is request validation and the response JSON.
//
// Error choices follow real DynamoDB Streams where known: a malformed stream
// ARN is ValidationException "Invalid StreamArn" (the AWS SDK for
// JavaScript's integration test against the real service matches that text;
// Alternator's test_streams.py expects ValidationException); a well-formed
// ARN of no stream is ResourceNotFoundException "Requested resource not
// found: Stream: <arn> not found"; an unknown shard id is
// ResourceNotFoundException; an unreadable iterator is ValidationException.
#include <algorithm>
#include <ctime>
#include <tuple>

#include "core/api_error.h"
#include "engine/stream_record.h"
#include "server/handlers.h"
#include "server/request_fields.h"
#include "streams/record_json.h"
#include "streams/shard_id.h"
#include "streams/shard_iterator.h"
#include "streams/shard_reader.h"
#include "streams/stream_arn.h"

namespace eddy {
namespace {

using streams::ShardIterator;
using streams::ShardPosition;

// GetRecords returns at most 1 MB of data (GetRecords API reference).
constexpr size_t kMaxRecordBytes = 1 << 20;

// Length limits from the DynamoDB Streams API reference.
void StreamArnLength(ConstraintErrors& errors, std::optional<std::string_view> arn,
                     std::string_view field) {
  errors.Length(arn, field, 37, 1024);
}

streams::StreamArnParts ParseArnOrThrow(std::string_view arn) {
  auto parts = streams::ParseStreamArn(arn);
  if (!parts) throw ApiError::Validation("Invalid StreamArn");
  return *parts;
}

// A stream that still exists, with the table snapshot it belongs to.
struct ResolvedStream {
  TableInfoPtr table;
  const StreamDescriptor* stream = nullptr;
  std::string arn;
};

ResolvedStream ResolveStream(HandlerContext& ctx, std::string_view arn) {
  const streams::StreamArnParts parts = ParseArnOrThrow(arn);
  ResolvedStream resolved;
  resolved.table = ctx.engine.FindTable(parts.table_name);
  if (resolved.table) {
    for (const StreamDescriptor& stream : resolved.table->streams) {
      if (stream.label != parts.label) continue;
      // The ARN must be this server's, in this request's region.
      std::string expected = streams::StreamArnOf(ctx.TableArn(parts.table_name), stream.label);
      if (expected == arn) {
        resolved.stream = &stream;
        resolved.arn = std::move(expected);
      }
    }
  }
  if (!resolved.stream) {
    throw ApiError::ResourceNotFound("Requested resource not found: Stream: " + std::string(arn) +
                                     " not found");
  }
  return resolved;
}

void WriteString(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void WriteKeySchema(JsonWriter& w, const KeySchema& schema) {
  w.Key("KeySchema");
  w.StartArray();
  auto element = [&](const std::string& name, std::string_view type) {
    w.StartObject();
    WriteString(w, "AttributeName", name);
    WriteString(w, "KeyType", type);
    w.EndObject();
  };
  element(schema.hash.name, "HASH");
  if (schema.range) element(schema.range->name, "RANGE");
  w.EndArray();
}

// "Thu Jul 02 12:57:57 UTC 2015", as Java's Date prints in AWS messages.
std::string JavaDate(int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::strftime(text, sizeof(text), "%a %b %d %H:%M:%S UTC %Y", &utc);
  return text;
}

}  // namespace

void HandleListStreams(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto table_name = StringMember(ctx.request, "TableName");
  auto limit = IntegerMember(ctx.request, "Limit");
  auto start = StringMember(ctx.request, "ExclusiveStartStreamArn");
  if (table_name) errors.TableName(table_name);
  errors.Range(limit, "limit", 1, 100);
  StreamArnLength(errors, start, "exclusiveStartStreamArn");
  errors.ThrowIfAny();
  std::optional<streams::StreamArnParts> start_parts;
  if (start) start_parts = ParseArnOrThrow(*start);
  if (table_name) {
    ctx.engine.GetTable(*table_name, "Requested resource not found: Table: " +
                                         std::string(*table_name) + " not found");
  }

  // Every stream of every table (open, or closed and still readable), in
  // (table name, label) order, which is also creation order within a table.
  struct Entry {
    std::string table_name;
    std::string label;
  };
  std::vector<Entry> entries;
  for (const std::string& name : ctx.engine.TableNames()) {
    if (table_name && name != *table_name) continue;
    TableInfoPtr table = ctx.engine.FindTable(name);
    if (!table) continue;
    for (const StreamDescriptor& stream : table->streams) entries.push_back({name, stream.label});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.table_name, a.label) < std::tie(b.table_name, b.label);
  });
  auto it = entries.begin();
  if (start_parts) {
    it = std::upper_bound(entries.begin(), entries.end(), *start_parts,
                          [](const streams::StreamArnParts& s, const Entry& e) {
                            return std::tie(s.table_name, s.label) < std::tie(e.table_name, e.label);
                          });
  }
  const size_t max = static_cast<size_t>(limit.value_or(100));
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Streams");
  w.StartArray();
  std::string last_arn;
  size_t written = 0;
  for (; it != entries.end() && written < max; ++it, ++written) {
    last_arn = streams::StreamArnOf(ctx.TableArn(it->table_name), it->label);
    w.StartObject();
    WriteString(w, "StreamArn", last_arn);
    WriteString(w, "TableName", it->table_name);
    WriteString(w, "StreamLabel", it->label);
    w.EndObject();
  }
  w.EndArray();
  if (it != entries.end() && written > 0) WriteString(w, "LastEvaluatedStreamArn", last_arn);
  w.EndObject();
}

void HandleDescribeStream(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto arn = StringMember(ctx.request, "StreamArn");
  auto limit = IntegerMember(ctx.request, "Limit");
  auto start_shard = StringMember(ctx.request, "ExclusiveStartShardId");
  if (!arn) errors.NotNull("streamArn");
  StreamArnLength(errors, arn, "streamArn");
  errors.Range(limit, "limit", 1, 100);
  errors.Length(start_shard, "exclusiveStartShardId", 28, 65);
  // ShardFilter {Type: CHILD_SHARDS, ShardId}: how newer lineage readers
  // (KCL 3) find a closed shard's children. eddy's shards have none.
  bool children_only = false;
  if (const JsonValue* filter = ObjectMember(ctx.request, "ShardFilter")) {
    auto type = StringMember(*filter, "Type");
    if (!type) errors.NotNull("shardFilter.type");
    errors.Enum(type, "shardFilter.type", {"CHILD_SHARDS"});
    if (!StringMember(*filter, "ShardId")) {
      errors.Add("Value null at 'shardFilter.shardId' failed to satisfy constraint: Member must not be null");
    }
    children_only = true;
  }
  errors.ThrowIfAny();
  const ResolvedStream resolved = ResolveStream(ctx, *arn);
  const TableInfo& table = *resolved.table;
  const StreamDescriptor& stream = *resolved.stream;

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("StreamDescription");
  w.StartObject();
  WriteString(w, "StreamArn", resolved.arn);
  WriteString(w, "StreamLabel", stream.label);
  WriteString(w, "StreamStatus", stream.closed_millis == 0 ? "ENABLED" : "DISABLED");
  WriteString(w, "StreamViewType", stream.view_type);
  w.Key("CreationRequestDateTime");
  w.Double(static_cast<double>(stream.created_millis) / 1000.0);
  WriteString(w, "TableName", table.name);
  WriteKeySchema(w, table.key_space.schema);
  w.Key("Shards");
  w.StartArray();
  // The one shard (streams/shard_id.h); shards are listed in id order, so a
  // start id at or after it leaves nothing (DynamoDB does not reject an
  // unknown ExclusiveStartShardId).
  const std::string shard_id = streams::ShardIdOf(table, stream);
  if (!children_only && (!start_shard || shard_id > *start_shard)) {
    const streams::SequenceRange range = streams::ShardSequenceRange(ctx.engine, table, stream);
    w.StartObject();
    WriteString(w, "ShardId", shard_id);
    w.Key("SequenceNumberRange");
    w.StartObject();
    WriteString(w, "StartingSequenceNumber", SequenceNumberText(range.starting));
    if (range.ending) WriteString(w, "EndingSequenceNumber", SequenceNumberText(*range.ending));
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

void HandleGetShardIterator(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto arn = StringMember(ctx.request, "StreamArn");
  auto shard_id = StringMember(ctx.request, "ShardId");
  auto type_name = StringMember(ctx.request, "ShardIteratorType");
  auto sequence_text = StringMember(ctx.request, "SequenceNumber");
  if (!arn) errors.NotNull("streamArn");
  StreamArnLength(errors, arn, "streamArn");
  if (!shard_id) errors.NotNull("shardId");
  errors.Length(shard_id, "shardId", 28, 65);
  if (!type_name) errors.NotNull("shardIteratorType");
  errors.Enum(type_name, "shardIteratorType",
              {"TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"});
  errors.Length(sequence_text, "sequenceNumber", 21, 40);
  errors.ThrowIfAny();
  const streams::IteratorType type = *streams::ParseIteratorType(*type_name);
  const bool needs_sequence = type == streams::IteratorType::kAtSequenceNumber ||
                              type == streams::IteratorType::kAfterSequenceNumber;
  if (needs_sequence && !sequence_text) {
    throw ApiError::Validation("Must specify a SequenceNumber with ShardIteratorType " +
                               std::string(*type_name));
  }
  if (!needs_sequence && sequence_text) {
    throw ApiError::Validation("Cannot specify a SequenceNumber with ShardIteratorType " +
                               std::string(*type_name));
  }
  uint64_t sequence = 0;
  if (sequence_text) {
    auto parsed = streams::ParseSequenceNumber(*sequence_text);
    if (!parsed) throw ApiError::Validation("Invalid SequenceNumber: " + std::string(*sequence_text));
    sequence = *parsed;
  }
  const ResolvedStream resolved = ResolveStream(ctx, *arn);
  if (streams::ShardIdOf(*resolved.table, *resolved.stream) != *shard_id) {
    throw ApiError::ResourceNotFound("Requested resource not found: Shard does not exist");
  }
  ShardIterator iterator;
  iterator.stream_arn = resolved.arn;
  iterator.shard_id = std::string(*shard_id);
  iterator.position = streams::StartPosition(ctx.engine, *resolved.table, *resolved.stream, type, sequence);
  iterator.created_millis = ctx.engine.clock().NowMillis();
  JsonWriter& w = ctx.out;
  w.StartObject();
  WriteString(w, "ShardIterator", streams::EncodeShardIterator(iterator));
  w.EndObject();
}

void HandleGetRecords(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto text = StringMember(ctx.request, "ShardIterator");
  auto limit = IntegerMember(ctx.request, "Limit");
  if (!text) errors.NotNull("shardIterator");
  errors.Length(text, "shardIterator", 1, 2048);
  errors.Range(limit, "limit", 1, 1000);
  errors.ThrowIfAny();
  std::optional<ShardIterator> iterator = streams::DecodeShardIterator(*text);
  if (!iterator) throw ApiError::Validation("Invalid ShardIterator");
  const int64_t now = ctx.engine.clock().NowMillis();
  if (streams::IsExpired(*iterator, now)) {
    // Kinesis' wording (DynamoDB Streams shares its iterator model), with
    // DynamoDB Streams' 15-minute lifetime.
    throw ApiError::ExpiredIterator(
        "Iterator expired. The iterator was created at time " + JavaDate(iterator->created_millis) +
        " while right now it is " + JavaDate(now) +
        " which is further in the future than the tolerated delay of " +
        std::to_string(streams::kShardIteratorLifetimeMillis) + " milliseconds.");
  }
  const ResolvedStream resolved = ResolveStream(ctx, iterator->stream_arn);
  if (streams::ShardIdOf(*resolved.table, *resolved.stream) != iterator->shard_id) {
    throw ApiError::ResourceNotFound("Requested resource not found: Shard does not exist");
  }
  const streams::ShardPage page =
      streams::ReadShard(ctx.engine, *resolved.table, *resolved.stream, iterator->position,
                         static_cast<size_t>(limit.value_or(1000)), kMaxRecordBytes);

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Records");
  w.StartArray();
  // The engine stores records without awsRegion, which is the reader's.
  const std::string region = JsonQuoted(ctx.region);
  std::string record;
  for (const StreamRecord& r : page.records) {
    record.clear();
    streams::AppendApiRecord(region, r.json_members, &record);
    w.RawValue(record.data(), record.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  if (page.next) {
    ShardIterator next = *iterator;
    next.position = *page.next;
    next.created_millis = now;
    WriteString(w, "NextShardIterator", streams::EncodeShardIterator(next));
  }
  w.EndObject();
}

}  // namespace eddy

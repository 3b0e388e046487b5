// The CloudWatch Logs API (Logs_20140328.*, JSON 1.1) over logs::LogStore:
// log groups and streams, PutLogEvents, GetLogEvents and FilterLogEvents.
//
// Errors are CloudWatch Logs' own (plain __type names, HTTP 400), with the
// messages the real service gives: ResourceNotFoundException "The specified
// log group does not exist." / "The specified log stream does not exist.",
// ResourceAlreadyExistsException "The specified log group already exists" /
// "The specified log stream already exists", and InvalidParameterException
// for everything a request gets wrong, including the "N validation errors
// detected: ..." constraint messages (CloudWatch Logs reports those as
// InvalidParameterException, not ValidationException).
#include <algorithm>
#include <cctype>

#include "core/api_error.h"
#include "logs/event_tokens.h"
#include "logs/filter_pattern.h"
#include "logs/log_store.h"
#include "server/handlers.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

using logs::LogStatus;
using logs::LogStore;

// GetLogEvents and FilterLogEvents return at most 10,000 events or 1 MB.
constexpr int64_t kMaxEvents = 10000;
constexpr size_t kMaxResponseBytes = 1 << 20;
constexpr int64_t kDescribeLimit = 50;
// PutLogEvents: events older than 14 days or more than 2 hours in the
// future are rejected (PutLogEvents API reference), and a batch may not
// span more than 24 hours.
constexpr int64_t kDayMillis = 24 * 3600 * 1000LL;
constexpr int64_t kTooOldMillis = 14 * kDayMillis;
constexpr int64_t kTooNewMillis = 2 * 3600 * 1000LL;

ApiError InvalidParameter(std::string message) {
  return ApiError("InvalidParameterException", std::move(message), 400);
}
ApiError GroupNotFound() { return ApiError("ResourceNotFoundException", "The specified log group does not exist.", 400); }
ApiError StreamNotFound() {
  return ApiError("ResourceNotFoundException", "The specified log stream does not exist.", 400);
}
ApiError InvalidToken() { return InvalidParameter("The specified nextToken is invalid."); }

void ThrowIfStatus(LogStatus status, const char* already_exists = "") {
  switch (status) {
    case LogStatus::kOk: return;
    case LogStatus::kGroupNotFound: throw GroupNotFound();
    case LogStatus::kStreamNotFound: throw StreamNotFound();
    case LogStatus::kAlreadyExists: throw ApiError("ResourceAlreadyExistsException", already_exists, 400);
  }
}

// ConstraintErrors speaks DynamoDB (ValidationException); CloudWatch Logs
// says the same thing as InvalidParameterException.
void ThrowIfInvalid(const ConstraintErrors& errors) {
  if (errors.empty()) return;
  try {
    errors.ThrowIfAny();
  } catch (const ApiError& error) {
    throw InvalidParameter(error.message());
  }
}

LogStore& Store(HandlerContext& ctx) {
  if (!ctx.logs) throw ApiError::UnknownOperation();
  return *ctx.logs;
}

void PatternError(ConstraintErrors& errors, std::string_view value, std::string_view field,
                  std::string_view pattern) {
  errors.Add("Value '" + std::string(value) + "' at '" + std::string(field) +
             "' failed to satisfy constraint: Member must satisfy regular expression pattern: " + std::string(pattern));
}

bool IsGroupNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
}

// LogGroupName: 1-512 of [\.\-_/#A-Za-z0-9] (the API's shape).
void CheckGroupName(ConstraintErrors& errors, std::optional<std::string_view> name,
                    std::string_view field = "logGroupName", bool required = true) {
  if (!name) {
    if (required) errors.NotNull(field);
    return;
  }
  errors.Length(name, field, 1, 512);
  if (!std::all_of(name->begin(), name->end(), IsGroupNameChar)) {
    PatternError(errors, *name, field, "[\\.\\-_/#A-Za-z0-9]+");
  }
}

// LogStreamName: 1-512 characters, none of ':' and '*'.
void CheckStreamName(ConstraintErrors& errors, std::optional<std::string_view> name,
                     std::string_view field = "logStreamName") {
  if (!name) {
    errors.NotNull(field);
    return;
  }
  errors.Length(name, field, 1, 512);
  if (name->find_first_of(":*") != std::string_view::npos) PatternError(errors, *name, field, "[^:*]*");
}

// The group a read names by logGroupName or logGroupIdentifier (a name or
// either form of its ARN: ...:log-group:<name> or ...:log-group:<name>:*).
std::string GroupOf(HandlerContext& ctx, ConstraintErrors& errors) {
  auto name = StringMember(ctx.request, "logGroupName");
  auto identifier = StringMember(ctx.request, "logGroupIdentifier");
  if (name && identifier) {
    throw InvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (!name && !identifier) {
    throw InvalidParameter("Should provide either name or ARN of the LogGroup.");
  }
  if (name) {
    CheckGroupName(errors, name);
    return std::string(*name);
  }
  errors.Length(identifier, "logGroupIdentifier", 1, 2048);
  std::string_view id = *identifier;
  const size_t marker = id.find(":log-group:");
  if (id.substr(0, 4) == "arn:" && marker != std::string_view::npos) {
    id.remove_prefix(marker + 11);
    if (id.size() >= 2 && id.substr(id.size() - 2) == ":*") id.remove_suffix(2);
  }
  return std::string(id);
}

void WriteString(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void WriteInt(JsonWriter& w, std::string_view key, int64_t value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.Int64(value);
}

std::string GroupArn(HandlerContext& ctx, std::string_view group) {
  std::string arn = "arn:aws:logs:";
  arn.append(ctx.region).append(":").append(kAccountId).append(":log-group:").append(group);
  return arn;
}

std::string SequenceToken(uint64_t sequence) {
  std::string digits = std::to_string(sequence);
  return std::string(56 - std::min<size_t>(56, digits.size()), '0') + digits;
}

}  // namespace

void HandleCreateLogGroup(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto name = StringMember(ctx.request, "logGroupName");
  CheckGroupName(errors, name);
  ThrowIfInvalid(errors);
  ThrowIfStatus(Store(ctx).CreateGroup(*name), "The specified log group already exists");
}

void HandleCreateLogStream(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto group = StringMember(ctx.request, "logGroupName");
  auto stream = StringMember(ctx.request, "logStreamName");
  CheckGroupName(errors, group);
  CheckStreamName(errors, stream);
  ThrowIfInvalid(errors);
  ThrowIfStatus(Store(ctx).CreateStream(*group, *stream), "The specified log stream already exists");
}

void HandleDeleteLogGroup(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto name = StringMember(ctx.request, "logGroupName");
  CheckGroupName(errors, name);
  ThrowIfInvalid(errors);
  ThrowIfStatus(Store(ctx).DeleteGroup(*name));
}

void HandleDeleteLogStream(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto group = StringMember(ctx.request, "logGroupName");
  auto stream = StringMember(ctx.request, "logStreamName");
  CheckGroupName(errors, group);
  CheckStreamName(errors, stream);
  ThrowIfInvalid(errors);
  ThrowIfStatus(Store(ctx).DeleteStream(*group, *stream));
}

void HandlePutRetentionPolicy(HandlerContext& ctx) {
  // The retention is recorded and reported; events are not expired by it.
  static const std::vector<std::string_view> kAllowed = {"1",   "3",   "5",   "7",    "14",   "30",   "60",   "90",
                                                         "120", "150", "180", "365",  "400",  "545",  "731",  "1096",
                                                         "1827", "2192", "2557", "2922", "3288", "3653"};
  ConstraintErrors errors;
  auto name = StringMember(ctx.request, "logGroupName");
  auto days = IntegerMember(ctx.request, "retentionInDays");
  CheckGroupName(errors, name);
  if (!days) {
    errors.NotNull("retentionInDays");
  } else {
    const std::string text = std::to_string(*days);
    errors.Enum(std::string_view(text), "retentionInDays", kAllowed);
  }
  ThrowIfInvalid(errors);
  ThrowIfStatus(Store(ctx).SetRetention(*name, static_cast<int>(*days)));
}

void HandleDeleteRetentionPolicy(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto name = StringMember(ctx.request, "logGroupName");
  CheckGroupName(errors, name);
  ThrowIfInvalid(errors);
  ThrowIfStatus(Store(ctx).SetRetention(*name, std::nullopt));
}

void HandleDescribeLogGroups(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto prefix = StringMember(ctx.request, "logGroupNamePrefix");
  auto pattern = StringMember(ctx.request, "logGroupNamePattern");
  auto limit = IntegerMember(ctx.request, "limit");
  auto token = StringMember(ctx.request, "nextToken");
  CheckGroupName(errors, prefix, "logGroupNamePrefix", false);
  if (pattern) {
    errors.Length(pattern, "logGroupNamePattern", 0, 512);
    if (!std::all_of(pattern->begin(), pattern->end(), IsGroupNameChar)) {
      PatternError(errors, *pattern, "logGroupNamePattern", "[\\.\\-_/#A-Za-z0-9]*");
    }
  }
  errors.Range(limit, "limit", 1, kDescribeLimit);
  errors.Length(token, "nextToken", 1, SIZE_MAX);
  ThrowIfInvalid(errors);
  if (prefix && pattern) {
    throw InvalidParameter("LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.");
  }
  std::optional<std::string> after;
  if (token && !(after = logs::ParseNameToken(*token))) throw InvalidToken();

  // logGroupNamePattern: a case-insensitive substring of the name.
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  const std::string needle = pattern ? lower(*pattern) : std::string();
  const size_t max = static_cast<size_t>(limit.value_or(kDescribeLimit));
  size_t written = 0;
  std::optional<std::string> next;
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("logGroups");
  w.StartArray();
  for (const logs::LogGroupInfo& group : Store(ctx).Groups()) {
    if (after && group.name <= *after) continue;
    if (prefix && group.name.compare(0, prefix->size(), *prefix) != 0) continue;
    if (pattern && lower(group.name).find(needle) == std::string::npos) continue;
    if (written == max) {
      next = logs::FormatNameToken(*after);
      break;
    }
    const std::string arn = GroupArn(ctx, group.name);
    w.StartObject();
    WriteString(w, "logGroupName", group.name);
    WriteInt(w, "creationTime", group.creation_time);
    if (group.retention_in_days) WriteInt(w, "retentionInDays", *group.retention_in_days);
    WriteInt(w, "metricFilterCount", 0);
    WriteString(w, "arn", arn + ":*");
    WriteInt(w, "storedBytes", static_cast<int64_t>(group.stored_bytes));
    WriteString(w, "logGroupClass", "STANDARD");
    WriteString(w, "logGroupArn", arn);
    w.EndObject();
    after = group.name;
    ++written;
  }
  w.EndArray();
  if (next) WriteString(w, "nextToken", *next);
  w.EndObject();
}

void HandleDescribeLogStreams(HandlerContext& ctx) {
  ConstraintErrors errors;
  const std::string group = GroupOf(ctx, errors);
  auto prefix = StringMember(ctx.request, "logStreamNamePrefix");
  auto order_by = StringMember(ctx.request, "orderBy");
  auto descending = BoolMember(ctx.request, "descending").value_or(false);
  auto limit = IntegerMember(ctx.request, "limit");
  auto token = StringMember(ctx.request, "nextToken");
  if (prefix) CheckStreamName(errors, prefix, "logStreamNamePrefix");
  errors.Enum(order_by, "orderBy", {"LogStreamName", "LastEventTime"});
  errors.Range(limit, "limit", 1, kDescribeLimit);
  errors.Length(token, "nextToken", 1, SIZE_MAX);
  ThrowIfInvalid(errors);
  const bool by_time = order_by == "LastEventTime";
  if (by_time && prefix) throw InvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  std::optional<std::string> after;
  if (token && !(after = logs::ParseNameToken(*token))) throw InvalidToken();

  auto streams = Store(ctx).Streams(group);
  if (!streams) throw GroupNotFound();
  // Each stream's sort key: its name, or its last event time (biased to
  // sort as text) then its name. The page token is the last key returned.
  std::vector<std::pair<std::string, const logs::LogStreamInfo*>> keyed;
  for (const logs::LogStreamInfo& stream : *streams) {
    if (prefix && stream.name.compare(0, prefix->size(), *prefix) != 0) continue;
    std::string key;
    if (by_time) {
      const uint64_t time = static_cast<uint64_t>(stream.last_event_timestamp.value_or(0)) ^ (1ULL << 63);
      std::string digits = std::to_string(time);
      key = std::string(20 - digits.size(), '0') + digits + "/";
    }
    key += stream.name;
    keyed.emplace_back(std::move(key), &stream);
  }
  std::sort(keyed.begin(), keyed.end());
  if (descending) std::reverse(keyed.begin(), keyed.end());
  const size_t max = static_cast<size_t>(limit.value_or(kDescribeLimit));
  size_t written = 0;
  std::optional<std::string> next;
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("logStreams");
  w.StartArray();
  for (const auto& [key, stream] : keyed) {
    if (after && (descending ? key >= *after : key <= *after)) continue;
    if (written == max) {
      next = logs::FormatNameToken(*after);
      break;
    }
    w.StartObject();
    WriteString(w, "logStreamName", stream->name);
    WriteInt(w, "creationTime", stream->creation_time);
    if (stream->first_event_timestamp) WriteInt(w, "firstEventTimestamp", *stream->first_event_timestamp);
    if (stream->last_event_timestamp) WriteInt(w, "lastEventTimestamp", *stream->last_event_timestamp);
    if (stream->last_ingestion_time) WriteInt(w, "lastIngestionTime", *stream->last_ingestion_time);
    if (stream->upload_sequence) WriteString(w, "uploadSequenceToken", SequenceToken(stream->upload_sequence));
    WriteString(w, "arn", GroupArn(ctx, group) + ":log-stream:" + stream->name);
    // Always 0 for log streams since June 2019 (LogStream.storedBytes).
    WriteInt(w, "storedBytes", 0);
    w.EndObject();
    after = key;
    ++written;
  }
  w.EndArray();
  if (next) WriteString(w, "nextToken", *next);
  w.EndObject();
}

void HandlePutLogEvents(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto group = StringMember(ctx.request, "logGroupName");
  auto stream = StringMember(ctx.request, "logStreamName");
  const JsonValue* events = ArrayMember(ctx.request, "logEvents");
  CheckGroupName(errors, group);
  CheckStreamName(errors, stream);
  if (!events) {
    errors.NotNull("logEvents");
  } else if (events->Empty() || events->Size() > kMaxEvents) {
    errors.Add("Value '" + std::to_string(events->Size()) +
               "' at 'logEvents' failed to satisfy constraint: Member must have length " +
               (events->Empty() ? "greater than or equal to 1" : "less than or equal to 10000"));
  }
  std::vector<LogStore::NewEvent> batch;
  if (events) {
    for (rapidjson::SizeType i = 0; i < events->Size(); ++i) {
      const JsonValue& event = AsObject((*events)[i]);
      const std::string field = "logEvents." + std::to_string(i + 1) + ".member.";
      auto timestamp = IntegerMember(event, "timestamp");
      auto message = StringMember(event, "message");
      if (!timestamp) errors.NotNull(field + "timestamp");
      if (!message) errors.NotNull(field + "message");
      errors.Length(message, field + "message", 1, SIZE_MAX);
      if (timestamp && message) batch.push_back({*timestamp, *message});
    }
  }
  ThrowIfInvalid(errors);
  for (size_t i = 1; i < batch.size(); ++i) {
    if (batch[i].timestamp < batch[i - 1].timestamp) {
      throw InvalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  if (batch.back().timestamp - batch.front().timestamp > kDayMillis) {
    throw InvalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
  LogStore& store = Store(ctx);
  auto info = store.Group(*group);
  if (!info) throw GroupNotFound();

  // Too old (older than 14 days, or than the retention), too new (more than
  // 2 hours ahead): not stored, reported by index. The batch is in time
  // order, so these are a prefix and a suffix.
  const int64_t now = store.clock().NowMillis();
  const int64_t expired_before =
      info->retention_in_days ? now - *info->retention_in_days * kDayMillis : INT64_MIN;
  size_t first = 0;
  size_t expired_end = 0;
  while (first < batch.size() && (batch[first].timestamp < now - kTooOldMillis ||
                                  batch[first].timestamp < expired_before)) {
    if (batch[first].timestamp < expired_before) expired_end = first + 1;
    ++first;
  }
  size_t last = batch.size();
  while (last > first && batch[last - 1].timestamp > now + kTooNewMillis) --last;
  const std::vector<LogStore::NewEvent> accepted(batch.begin() + static_cast<std::ptrdiff_t>(first),
                                                 batch.begin() + static_cast<std::ptrdiff_t>(last));
  uint64_t sequence = 0;
  ThrowIfStatus(store.PutEvents(*group, *stream, accepted, &sequence));

  JsonWriter& w = ctx.out;
  w.StartObject();
  WriteString(w, "nextSequenceToken", SequenceToken(sequence));
  if (first > 0 || last < batch.size()) {
    w.Key("rejectedLogEventsInfo");
    w.StartObject();
    if (last < batch.size()) WriteInt(w, "tooNewLogEventStartIndex", static_cast<int64_t>(last));
    if (first > expired_end) WriteInt(w, "tooOldLogEventEndIndex", static_cast<int64_t>(first));
    if (expired_end > 0) WriteInt(w, "expiredLogEventEndIndex", static_cast<int64_t>(expired_end));
    w.EndObject();
  }
  w.EndObject();
}

void HandleGetLogEvents(HandlerContext& ctx) {
  ConstraintErrors errors;
  const std::string group = GroupOf(ctx, errors);
  auto stream = StringMember(ctx.request, "logStreamName");
  auto start_time = IntegerMember(ctx.request, "startTime");
  auto end_time = IntegerMember(ctx.request, "endTime");
  auto limit = IntegerMember(ctx.request, "limit");
  auto token = StringMember(ctx.request, "nextToken");
  const bool from_head = BoolMember(ctx.request, "startFromHead").value_or(false);
  CheckStreamName(errors, stream);
  errors.Range(limit, "limit", 1, kMaxEvents);
  errors.Range(start_time, "startTime", 0, INT64_MAX);
  errors.Range(end_time, "endTime", 0, INT64_MAX);
  errors.Length(token, "nextToken", 1, SIZE_MAX);
  ThrowIfInvalid(errors);

  // Without a token: the oldest events (startFromHead) or the newest.
  logs::StreamToken position{from_head, from_head ? logs::EventKey{INT64_MIN, 0}
                                                  : logs::EventKey{INT64_MAX, UINT64_MAX}};
  if (token) {
    auto parsed = logs::ParseStreamToken(*token);
    if (!parsed) throw InvalidToken();
    position = *parsed;
  }
  LogStore::Range range;
  if (position.forward) {
    range.from = position.key;
  } else {
    range.to = position.key;
    range.backward = true;
  }
  range.start_time = start_time.value_or(INT64_MIN);
  range.end_time = end_time.value_or(INT64_MAX);
  range.limit = static_cast<size_t>(limit.value_or(kMaxEvents));
  range.max_bytes = kMaxResponseBytes;
  LogStore& store = Store(ctx);
  auto events = store.ReadStream(group, *stream, range);
  if (!events) {
    if (!store.Group(group)) throw GroupNotFound();
    throw StreamNotFound();
  }

  // Tokens: forward reads on after the last event returned, backward reads
  // before the first. With nothing returned, a token given comes back
  // unchanged (so a caller paging forward sees the same token at the end).
  logs::StreamToken forward{true, position.key};
  logs::StreamToken backward{false, position.key};
  if (!events->empty()) {
    forward.key = {events->back().timestamp, events->back().sequence + 1};
    backward.key = {events->front().timestamp, events->front().sequence};
  } else if (!position.forward && !token) {
    forward.key = {INT64_MIN, 0};  // an empty stream: read from its start
  }
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("events");
  w.StartArray();
  for (const logs::LogEvent& event : *events) {
    w.StartObject();
    WriteInt(w, "timestamp", event.timestamp);
    WriteString(w, "message", event.message);
    WriteInt(w, "ingestionTime", event.ingestion_time);
    w.EndObject();
  }
  w.EndArray();
  WriteString(w, "nextForwardToken", logs::FormatStreamToken(forward));
  WriteString(w, "nextBackwardToken", logs::FormatStreamToken(backward));
  w.EndObject();
}

void HandleFilterLogEvents(HandlerContext& ctx) {
  ConstraintErrors errors;
  const std::string group = GroupOf(ctx, errors);
  const JsonValue* names = ArrayMember(ctx.request, "logStreamNames");
  auto prefix = StringMember(ctx.request, "logStreamNamePrefix");
  auto start_time = IntegerMember(ctx.request, "startTime");
  auto end_time = IntegerMember(ctx.request, "endTime");
  auto pattern_text = StringMember(ctx.request, "filterPattern");
  auto limit = IntegerMember(ctx.request, "limit");
  auto token = StringMember(ctx.request, "nextToken");
  std::vector<std::string_view> stream_names;
  if (names) {
    if (names->Empty() || names->Size() > 100) {
      errors.Add("Value '[]' at 'logStreamNames' failed to satisfy constraint: Member must have length " +
                 std::string(names->Empty() ? "greater than or equal to 1" : "less than or equal to 100"));
    }
    for (const JsonValue& name : names->GetArray()) stream_names.push_back(AsString(name));
  }
  if (prefix) CheckStreamName(errors, prefix, "logStreamNamePrefix");
  errors.Range(start_time, "startTime", 0, INT64_MAX);
  errors.Range(end_time, "endTime", 0, INT64_MAX);
  errors.Length(pattern_text, "filterPattern", 0, 1024);
  errors.Range(limit, "limit", 1, kMaxEvents);
  errors.Length(token, "nextToken", 1, SIZE_MAX);
  ThrowIfInvalid(errors);
  if (names && prefix) {
    throw InvalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  }
  std::string pattern_error;
  auto pattern = logs::FilterPattern::Parse(pattern_text.value_or(""), &pattern_error);
  if (!pattern) throw InvalidParameter(pattern_error);
  std::optional<LogStore::MergedPosition> after;
  if (token && !(after = logs::ParseFilterToken(*token))) throw InvalidToken();

  std::vector<std::string> searched;
  auto select = [&](std::string_view stream) {
    bool chosen = names ? std::find(stream_names.begin(), stream_names.end(), stream) != stream_names.end()
                        : !prefix || stream.substr(0, prefix->size()) == *prefix;
    if (chosen) searched.emplace_back(stream);
    return chosen;
  };
  const size_t max = static_cast<size_t>(limit.value_or(kMaxEvents));
  size_t count = 0;
  size_t bytes = 0;
  std::optional<LogStore::MergedPosition> last;
  bool more = false;
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("events");
  w.StartArray();
  const bool found = Store(ctx).ScanGroup(
      group, select, start_time.value_or(INT64_MIN), end_time.value_or(INT64_MAX), after,
      [&](std::string_view stream, uint64_t stream_hash, const logs::LogEvent& event) {
        if (!pattern->Matches(event.message)) return true;
        if (count == max || (count > 0 && bytes + event.message.size() > kMaxResponseBytes)) {
          more = true;
          return false;
        }
        w.StartObject();
        WriteString(w, "logStreamName", stream);
        WriteInt(w, "timestamp", event.timestamp);
        WriteString(w, "message", event.message);
        WriteInt(w, "ingestionTime", event.ingestion_time);
        WriteString(w, "eventId", logs::EventId(event.timestamp, stream_hash, event.sequence));
        w.EndObject();
        ++count;
        bytes += event.message.size();
        last = LogStore::MergedPosition{event.timestamp, std::string(stream), event.sequence};
        return true;
      });
  if (!found) throw GroupNotFound();
  w.EndArray();
  w.Key("searchedLogStreams");
  w.StartArray();
  for (const std::string& stream : searched) {
    w.StartObject();
    WriteString(w, "logStreamName", stream);
    w.Key("searchedCompletely");
    w.Bool(!more);
    w.EndObject();
  }
  w.EndArray();
  if (more && last) WriteString(w, "nextToken", logs::FormatFilterToken(*last));
  w.EndObject();
}

}  // namespace eddy

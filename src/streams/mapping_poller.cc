#include "streams/mapping_poller.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "core/arn.h"
#include "core/fnv.h"
#include "engine/stream_record.h"
#include "streams/on_failure_record.h"
#include "streams/record_json.h"
#include "streams/shard_id.h"
#include "streams/stream_arn.h"

namespace eddy::streams {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Lambda's invocation payload limit is 6 MB; leave room for the envelope.
constexpr size_t kMaxEventBytes = 5 * 1024 * 1024;
// With nothing to do, a poller still looks again this often: a table or a
// stream created since (which commits no record) is noticed without a
// write. Records themselves wake it at once.
constexpr auto kIdleRecheck = std::chrono::seconds(1);
// Retries back off exponentially from 10 ms to at most 5 s: fast enough for
// tests with a few retries, slow enough that a handler failing forever does
// not flood its log.
constexpr int64_t kFirstBackoffMillis = 10;
constexpr int64_t kMaxBackoffMillis = 5000;
// RecordsBehind counts at most this many records.
constexpr size_t kRecordsBehindCap = 100000;

// A stable UUID-shaped id from the checkpoint key: two FNV-1a hashes with
// different seeds.
std::string UuidOf(std::string_view key) {
  const uint64_t a = Fnv1a64(key);
  const uint64_t b = Fnv1a64(key, 0x9e3779b97f4a7c15ULL);
  char text[40];
  std::snprintf(text, sizeof(text), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return text;
}

// What a ReportBatchItemFailures response says about a batch ("Configuring
// partial batch response with DynamoDB and Lambda"): an empty or null
// response or list is a success; an itemIdentifier that is null, empty or
// not a sequence number of the batch fails the whole batch; otherwise the
// lowest reported sequence number is where processing resumes.
struct BatchResponse {
  bool whole_batch_failed = false;
  uint64_t first_failed = 0;  // 0 = none failed
};

BatchResponse ParseBatchResponse(const std::string& payload, const std::vector<uint64_t>& delivered) {
  JsonDocument doc;
  doc.Parse(payload.data(), payload.size());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  auto failures = doc.FindMember("batchItemFailures");
  if (failures == doc.MemberEnd() || failures->value.IsNull()) return {};
  if (!failures->value.IsArray()) return {true, 0};
  BatchResponse response;
  for (const JsonValue& failure : failures->value.GetArray()) {
    if (!failure.IsObject()) return {true, 0};
    auto id = failure.FindMember("itemIdentifier");
    if (id == failure.MemberEnd() || !id->value.IsString() || id->value.GetStringLength() == 0) return {true, 0};
    const std::string text = id->value.GetString();
    auto match = std::find_if(delivered.begin(), delivered.end(),
                              [&](uint64_t sequence) { return SequenceNumberText(sequence) == text; });
    if (match == delivered.end()) return {true, 0};
    if (response.first_failed == 0 || *match < response.first_failed) response.first_failed = *match;
  }
  return response;
}

}  // namespace

struct MappingPoller::Batch {
  TableInfoPtr table;
  StreamDescriptor stream;
  std::string stream_arn;
  std::vector<StreamRecord> records;
};

std::string MappingPoller::CheckpointKey(const MappingConfig& config) {
  if (!config.checkpoint_key.empty()) return config.checkpoint_key;
  return "poller/" + config.function_name + "/" + config.table_name;
}

std::string MappingPoller::StableUuid(const MappingConfig& config) { return UuidOf(CheckpointKey(config)); }

MappingPoller::MappingPoller(MappingConfig config, EventFilter filter, std::string function_arn,
                             DeliverFunction deliver, PollerContext context)
    : config_(std::move(config)),
      filter_(std::move(filter)),
      function_arn_(std::move(function_arn)),
      deliver_(std::move(deliver)),
      context_(std::move(context)),
      uuid_(config_.uuid.empty() ? StableUuid(config_) : config_.uuid),
      region_json_(JsonQuoted(context_.region)) {}

MappingPoller::~MappingPoller() {
  RequestStop();
  context_.engine->stream_notifier().WakeAll();
  Join();
}

void MappingPoller::Start() {
  Engine& engine = *context_.engine;
  const std::string key = CheckpointKey(config_);
  if (std::optional<std::string> saved = engine.GetState(key)) {
    checkpoint_ = std::strtoull(saved->c_str(), nullptr, 10);
  } else {
    // LATEST: records committed from now on. The position is saved at
    // once, so a restart does not skip what was written while eddy was down.
    checkpoint_ = config_.starting_position == StartingPosition::kLatest ? engine.LatestSequence() : 0;
    SaveCheckpoint(checkpoint_);
  }
  if (!config_.enabled) {
    caught_up_to_ = UINT64_MAX;
    return;
  }
  thread_ = std::thread([this] { Run(); });
}

void MappingPoller::Join() {
  if (thread_.joinable()) thread_.join();
}

void MappingPoller::Run() {
  while (!stopping_.load()) {
    try {
      RunOnce();
    } catch (const std::exception& e) {
      // No exception crosses the thread (DESIGN.md): say so and try again.
      std::cerr << "eddy: poller for " << config_.function_name << " on " << config_.table_name << ": " << e.what()
                << "\n";
      SetResult(std::string("PROBLEM: ") + e.what());
      Backoff(SteadyClock::now() + std::chrono::seconds(1));
    }
  }
}

void MappingPoller::RunOnce() {
  StreamNotifier& notifier = context_.engine->stream_notifier();
  // Both read before the stream, so a commit after this point either is in
  // the batch or wakes the wait below.
  const StreamNotifier::Snapshot seen = notifier.Now();
  const uint64_t latest = context_.engine->LatestSequence();
  const size_t limit = bisect_limit_ ? bisect_limit_ : static_cast<size_t>(config_.batch_size);
  Batch batch = ReadBatch(limit);
  if (batch.records.empty()) {
    window_deadline_ = {};
    MarkCaughtUp(latest);
    notifier.Wait(seen, SteadyClock::now() + kIdleRecheck);
    return;
  }
  if (batch.records.size() < limit && config_.maximum_batching_window_seconds > 0) {
    // Gather records for up to the batching window from the first one.
    const auto now = SteadyClock::now();
    if (window_deadline_ == SteadyClock::time_point{}) {
      window_deadline_ = now + std::chrono::seconds(config_.maximum_batching_window_seconds);
    }
    if (now < window_deadline_) {
      notifier.Wait(seen, window_deadline_);
      return;
    }
  }
  window_deadline_ = {};
  Process(batch);
}

MappingPoller::Batch MappingPoller::ReadBatch(size_t limit) const {
  Batch batch;
  batch.table = context_.engine->FindTable(config_.table_name);
  if (!batch.table) return batch;
  const uint64_t from = checkpoint_.load() + 1;
  for (const StreamDescriptor& stream : batch.table->streams) {
    batch.records = context_.engine->ReadStream(*batch.table, stream, from, limit, kMaxEventBytes);
    if (!batch.records.empty()) {
      batch.stream = stream;
      batch.stream_arn = StreamArnOf(TableArn(context_.region, batch.table->name), stream.label);
      return batch;
    }
  }
  return batch;
}

void MappingPoller::Process(Batch& batch) {
  std::vector<StreamRecord>& records = batch.records;
  {
    std::lock_guard lock(status_mutex_);
    stream_arn_ = batch.stream_arn;
  }
  const int64_t now_millis = context_.engine->clock().NowMillis();

  // Records older than MaximumRecordAgeInSeconds are discarded unprocessed.
  if (config_.maximum_record_age_seconds >= 0) {
    const int64_t oldest_allowed = now_millis - int64_t{config_.maximum_record_age_seconds} * 1000;
    size_t expired = 0;
    while (expired < records.size() && records[expired].created_millis < oldest_allowed) ++expired;
    if (expired > 0) {
      Discard(batch, 0, expired, "RecordAgeExceeded");
      return;
    }
  }

  // The event: the records the filter lets through.
  const std::string arn_json = JsonQuoted(batch.stream_arn);
  std::string event = "{\"Records\":[";
  std::vector<uint64_t> delivered;
  std::string record;
  for (const StreamRecord& r : records) {
    record.clear();
    AppendLambdaRecord(region_json_, arn_json, r.json_members, &record);
    if (!filter_.empty()) {
      JsonDocument doc;
      doc.Parse(record.data(), record.size());
      if (doc.HasParseError() || !filter_.Matches(doc)) continue;
    }
    if (!delivered.empty()) event.push_back(',');
    event.append(record);
    delivered.push_back(r.sequence);
  }
  event.append("]}");
  if (delivered.empty()) {  // everything filtered out: nothing to invoke
    SaveCheckpoint(records.back().sequence);
    return;
  }

  DeliveryResult result = deliver_(event);
  if (stopping_.load()) return;  // an invocation cut short by shutdown proves nothing
  ++invocations_;
  invocation_count_.fetch_add(1);
  last_request_id_ = result.request_id;
  last_processed_millis_ = context_.engine->clock().NowMillis();

  size_t failed_from = 0;  // index in `records` where the unprocessed part begins
  if (result.ok && config_.report_batch_item_failures) {
    BatchResponse response = ParseBatchResponse(result.payload, delivered);
    if (response.whole_batch_failed) {
      result.ok = false;
    } else if (response.first_failed != 0) {
      while (records[failed_from].sequence < response.first_failed) ++failed_from;
      if (failed_from > 0) {
        // Progress: what precedes the failed record is done; the failed
        // record has now been tried once.
        SaveCheckpoint(records[failed_from - 1].sequence);
        invocations_ = 1;
      }
      RetryOrDiscard(batch, failed_from);
      return;
    }
  }
  if (result.ok) {
    SaveCheckpoint(records.back().sequence);
    SetResult("OK");
    return;
  }

  if (config_.bisect_batch_on_function_error && records.size() > 1) {
    // Splitting a batch does not use up the retry quota ("Retain discarded
    // records for a DynamoDB event source in Lambda").
    SetResult("PROBLEM: Function call failed");
    bisect_limit_ = (records.size() + 1) / 2;
    return;
  }
  RetryOrDiscard(batch, 0);
}

void MappingPoller::RetryOrDiscard(const Batch& batch, size_t begin) {
  SetResult("PROBLEM: Function call failed");
  ++failures_;
  if (config_.maximum_retry_attempts >= 0 && failures_ > config_.maximum_retry_attempts) {
    Discard(batch, begin, batch.records.size(), "RetryAttemptsExhausted");
    return;
  }
  const int64_t backoff = std::min(kMaxBackoffMillis, kFirstBackoffMillis << std::min(failures_ - 1, 20));
  Backoff(SteadyClock::now() + std::chrono::milliseconds(backoff));
}

void MappingPoller::Discard(const Batch& batch, size_t begin, size_t end, const char* condition) {
  const std::vector<StreamRecord>& records = batch.records;
  if (!config_.on_failure_path.empty()) {
    DiscardedBatch discarded;
    discarded.condition = condition;
    discarded.request_id = last_request_id_;
    discarded.function_arn = function_arn_;
    discarded.approximate_invoke_count = invocations_;
    discarded.invoked = invocations_ > 0;
    discarded.now_millis = context_.engine->clock().NowMillis();
    discarded.shard_id = ShardIdOf(*batch.table, batch.stream);
    discarded.stream_arn = batch.stream_arn;
    discarded.start_sequence = SequenceNumberText(records[begin].sequence);
    discarded.end_sequence = SequenceNumberText(records[end - 1].sequence);
    discarded.first_arrival_millis = records[begin].created_millis;
    discarded.last_arrival_millis = records[end - 1].created_millis;
    discarded.batch_size = end - begin;
    std::string error;
    if (!AppendLine(config_.on_failure_path, OnFailureRecordLine(discarded), &error)) {
      std::cerr << "eddy: cannot write the on-failure record of " << config_.function_name << ": " << error << "\n";
    }
  }
  SaveCheckpoint(records[end - 1].sequence);
}

void MappingPoller::SaveCheckpoint(uint64_t sequence) {
  if (sequence != checkpoint_.load() || !context_.engine->GetState(CheckpointKey(config_))) {
    context_.engine->PutState(CheckpointKey(config_), std::to_string(sequence));
  }
  checkpoint_ = sequence;
  // A new position: its retry state starts afresh.
  failures_ = 0;
  invocations_ = 0;
  bisect_limit_ = 0;
  last_request_id_.clear();
  MarkCaughtUp(sequence);
}

void MappingPoller::MarkCaughtUp(uint64_t sequence) {
  if (sequence <= caught_up_to_.load()) return;
  caught_up_to_ = sequence;
  if (context_.on_progress) context_.on_progress();
}

void MappingPoller::Backoff(SteadyClock::time_point deadline) {
  StreamNotifier& notifier = context_.engine->stream_notifier();
  // UINT64_MAX: commits do not end the wait, only the deadline or a stop.
  while (!stopping_.load() && SteadyClock::now() < deadline) notifier.WaitAfter(UINT64_MAX, deadline);
}

void MappingPoller::SetResult(std::string result) {
  std::lock_guard lock(status_mutex_);
  last_result_ = std::move(result);
}

void MappingPoller::WriteStatus(JsonWriter& w) const {
  std::string last_result, stream_arn;
  {
    std::lock_guard lock(status_mutex_);
    last_result = last_result_;
    stream_arn = stream_arn_;
  }
  const uint64_t checkpoint = checkpoint_.load();
  size_t behind = 0;
  if (TableInfoPtr table = context_.engine->FindTable(config_.table_name)) {
    for (const StreamDescriptor& stream : table->streams) {
      behind += context_.engine->CountStreamRecords(*table, stream, checkpoint + 1, kRecordsBehindCap - behind);
    }
    if (stream_arn.empty() && !table->streams.empty()) {
      stream_arn = StreamArnOf(TableArn(context_.region, table->name), table->streams.back().label);
    }
  }
  w.StartObject();
  w.Key("UUID");
  w.String(uuid_);
  w.Key("FunctionName");
  w.String(config_.function_name);
  w.Key("FunctionArn");
  w.String(function_arn_);
  w.Key("TableName");
  w.String(config_.table_name);
  w.Key("EventSourceArn");
  w.String(stream_arn.empty() ? config_.event_source_arn : stream_arn);
  w.Key("State");
  w.String(config_.enabled ? "Enabled" : "Disabled");
  w.Key("StateTransitionReason");
  w.String("USER_INITIATED");
  w.Key("LastProcessingResult");
  w.String(last_result);
  if (const int64_t millis = last_processed_millis_.load()) {
    w.Key("LastProcessedTime");  // epoch seconds, as Lambda's LastModified
    w.Double(static_cast<double>(millis) / 1000.0);
  }
  w.Key("StartingPosition");
  w.String(config_.starting_position == StartingPosition::kLatest ? "LATEST" : "TRIM_HORIZON");
  w.Key("BatchSize");
  w.Int(config_.batch_size);
  w.Key("MaximumBatchingWindowInSeconds");
  w.Int(config_.maximum_batching_window_seconds);
  w.Key("MaximumRetryAttempts");
  w.Int(config_.maximum_retry_attempts);
  w.Key("MaximumRecordAgeInSeconds");
  w.Int(config_.maximum_record_age_seconds);
  w.Key("BisectBatchOnFunctionError");
  w.Bool(config_.bisect_batch_on_function_error);
  w.Key("FunctionResponseTypes");
  w.StartArray();
  if (config_.report_batch_item_failures) w.String("ReportBatchItemFailures");
  w.EndArray();
  if (!config_.on_failure_path.empty()) {
    w.Key("DestinationConfig");
    w.StartObject();
    w.Key("OnFailure");
    w.StartObject();
    w.Key("Destination");
    w.String(config_.on_failure_path);
    w.EndObject();
    w.EndObject();
  }
  w.Key("Checkpoint");  // the last SequenceNumber handled
  w.String(SequenceNumberText(checkpoint));
  w.Key("RecordsBehind");
  w.Uint64(behind);
  w.Key("Invocations");
  w.Uint64(invocation_count_.load());
  w.EndObject();
}

}  // namespace eddy::streams

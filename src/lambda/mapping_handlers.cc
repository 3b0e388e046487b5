// Create/Get/List/Update/DeleteEventSourceMapping for DynamoDB stream
// sources, over the registry's mappings.
#include <algorithm>

#include "core/arn.h"
#include "functions/lambda_log_lines.h"
#include "functions/lambda_rules.h"
#include "lambda/handlers.h"
#include "lambda/lambda_json.h"
#include "lambda/lambda_request.h"
#include "streams/stream_arn.h"

namespace eddy::lambda {
namespace {

using registry::MappingRecord;

constexpr int kDefaultListSize = 100;

// A functions-file mapping may name its table rather than the stream:
// Lambda reports the stream's ARN, so the table's latest stream stands in.
MappingRecord WithStreamArn(const Call& call, MappingRecord record) {
  if (!record.event_source_arn.empty() && streams::ParseStreamArn(record.event_source_arn)) return record;
  TableInfoPtr table = call.registry.engine().FindTable(record.config.table_name);
  if (table && !table->streams.empty()) {
    record.event_source_arn = streams::StreamArnOf(TableArn(call.region, table->name), table->streams.back().label);
  }
  return record;
}

ApiResponse Mapping(const Call& call, const MappingRecord& record, int status) {
  const std::string result = call.registry.LastProcessingResult(record.config.uuid);
  const MappingRecord shown = WithStreamArn(call, record);
  return JsonResponse(status, [&](JsonWriter& w) { WriteMappingConfiguration(w, shown, call.region, result); });
}

int IntIn(const JsonBody& body, std::string_view member, std::string_view camel, int64_t min, int64_t max,
          int current) {
  auto value = body.Integer(member);
  if (!value) return current;
  CheckRange(*value, camel, min, max);
  return static_cast<int>(*value);
}

// The members Create and Update share, applied in the model's order.
void ApplySettings(const Call& call, const JsonBody& body, MappingRecord* record) {
  streams::MappingConfig& c = record->config;
  c.batch_size = IntIn(body, "BatchSize", "batchSize", 1, functions::kMaxBatchSize, c.batch_size);
  c.maximum_batching_window_seconds =
      IntIn(body, "MaximumBatchingWindowInSeconds", "maximumBatchingWindowInSeconds", 0,
            functions::kMaxBatchingWindowSeconds, c.maximum_batching_window_seconds);
  record->parallelization_factor =
      IntIn(body, "ParallelizationFactor", "parallelizationFactor", 1, 10, record->parallelization_factor);
  c.maximum_retry_attempts = IntIn(body, "MaximumRetryAttempts", "maximumRetryAttempts", -1,
                                   functions::kMaxRetryAttempts, c.maximum_retry_attempts);
  c.maximum_record_age_seconds = IntIn(body, "MaximumRecordAgeInSeconds", "maximumRecordAgeInSeconds", -1,
                                       functions::kMaxRecordAgeSeconds, c.maximum_record_age_seconds);
  if (c.maximum_record_age_seconds >= 0 && c.maximum_record_age_seconds < functions::kMinRecordAgeSeconds) {
    throw InvalidParameter("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
  }
  record->tumbling_window_seconds =
      IntIn(body, "TumblingWindowInSeconds", "tumblingWindowInSeconds", 0, 900, record->tumbling_window_seconds);
  if (auto enabled = body.Boolean("Enabled")) c.enabled = *enabled;
  if (auto bisect = body.Boolean("BisectBatchOnFunctionError")) c.bisect_batch_on_function_error = *bisect;
  if (const JsonValue* types = body.Find("FunctionResponseTypes"); types && types->IsArray()) {
    c.report_batch_item_failures = false;
    for (const JsonValue& type : types->GetArray()) {
      const std::string value = type.IsString() ? type.GetString() : "";
      if (value != "ReportBatchItemFailures") {
        throw ValidationError("[" + value + "]", "functionResponseTypes",
                              "Member must satisfy constraint: [Member must satisfy enum value set: "
                              "[ReportBatchItemFailures]]");
      }
      c.report_batch_item_failures = true;
    }
  }
  if (const JsonValue* criteria = body.Find("FilterCriteria"); criteria && criteria->IsObject()) {
    c.filter_patterns.clear();
    auto filters = criteria->FindMember("Filters");
    if (filters != criteria->MemberEnd() && filters->value.IsArray()) {
      if (filters->value.Size() > functions::kMaxFilters) {
        throw ValidationError("[...]", "filterCriteria.filters", "Member must have length less than or equal to 5");
      }
      for (const JsonValue& filter : filters->value.GetArray()) {
        if (!filter.IsObject()) continue;
        auto pattern = filter.FindMember("Pattern");
        if (pattern == filter.MemberEnd() || !pattern->value.IsString()) continue;
        std::string text(pattern->value.GetString(), pattern->value.GetStringLength());
        CheckLength(text, "filterCriteria.filters.member.pattern", 0, functions::kMaxPatternLength);
        c.filter_patterns.push_back(std::move(text));
      }
    }
  }
  if (const JsonValue* destination = body.Find("DestinationConfig"); destination && destination->IsObject()) {
    auto on_failure = destination->FindMember("OnFailure");
    std::string arn;
    if (on_failure != destination->MemberEnd() && on_failure->value.IsObject()) {
      auto target = on_failure->value.FindMember("Destination");
      if (target != on_failure->value.MemberEnd() && target->value.IsString()) arn = target->value.GetString();
    }
    record->on_failure_destination = arn;
    c.on_failure_path.clear();
    if (!arn.empty()) {
      // No SQS or SNS here: the records go to a file named after the
      // destination's last ARN part, under the data directory.
      std::string name = arn.substr(arn.find_last_of(":/") + 1);
      for (char& ch : name) {
        if (!functions::IsFunctionNameChar(ch) && ch != '.') ch = '_';
      }
      if (name.empty()) name = "on-failure";
      c.on_failure_path = call.on_failure_directory + "/" + name + ".jsonl";
    }
  }
}

}  // namespace

ApiResponse CreateEventSourceMapping(const Call& call) {
  JsonBody body(call.request.body);
  MappingRecord record;
  streams::MappingConfig& c = record.config;
  auto function = body.String("FunctionName");
  if (!function) {
    throw MissingMember("functionName");
  }
  c.function_name = FunctionNameOf(*function, call.region);
  auto position = body.String("StartingPosition");
  if (position && *position != "TRIM_HORIZON" && *position != "LATEST" && *position != "AT_TIMESTAMP") {
    throw ValidationError(*position, "startingPosition",
                          "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
  }
  ApplySettings(call, body, &record);
  auto source = body.String("EventSourceArn");
  if (!source) throw InvalidParameter("Unrecognized event source, must be kinesis, dynamodb stream or sqs");
  std::optional<streams::StreamArnParts> stream = streams::ParseStreamArn(*source);
  if (!stream) {
    throw InvalidParameter("eddy connects functions to DynamoDB streams only; the event source must be a stream "
                           "ARN (the table's LatestStreamArn), not " + *source);
  }
  if (!position) {
    throw InvalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy "
                           "constraint: Member must not be null.");
  }
  if (*position == "AT_TIMESTAMP") {
    throw InvalidParameter("Unsupported starting position for arn type: " + *source);
  }
  c.starting_position = *position == "LATEST" ? streams::StartingPosition::kLatest
                                              : streams::StartingPosition::kTrimHorizon;
  TableInfoPtr table = call.registry.engine().FindTable(stream->table_name);
  const bool stream_exists =
      table && std::any_of(table->streams.begin(), table->streams.end(),
                           [&](const StreamDescriptor& s) { return s.label == stream->label; });
  if (!stream_exists) throw InvalidParameter("Stream not found: " + *source);
  c.table_name = stream->table_name;
  c.event_source_arn = *source;
  record.event_source_arn = *source;
  try {
    call.registry.GetFunction(c.function_name);
  } catch (const ApiError&) {
    throw InvalidParameter("Function does not exist");
  }
  return Mapping(call, call.registry.CreateMapping(std::move(record)), 202);
}

ApiResponse GetEventSourceMapping(const Call& call) {
  return Mapping(call, call.registry.GetMapping(call.path.at(1)), 200);
}

ApiResponse ListEventSourceMappings(const Call& call) {
  const std::optional<std::string> source = QueryParameter(call.request.query, "EventSourceArn");
  std::optional<std::string> function = QueryParameter(call.request.query, "FunctionName");
  if (function) function = FunctionNameOf(*function, call.region);
  const int64_t max_items = MaxItemsParameter(call.request.query, kDefaultListSize, 10000);
  const std::string marker = QueryParameter(call.request.query, "Marker").value_or("");
  std::vector<MappingRecord> matching;
  for (MappingRecord& listed : call.registry.ListMappings()) {
    MappingRecord record = WithStreamArn(call, std::move(listed));
    if (source && record.event_source_arn != *source) continue;
    if (function && record.config.function_name != *function) continue;
    matching.push_back(std::move(record));
  }
  auto first = matching.begin();
  if (!marker.empty()) {
    first = std::find_if(matching.begin(), matching.end(), [&](const MappingRecord& r) { return r.config.uuid == marker; });
    if (first != matching.end()) ++first;
  }
  const auto end = matching.end() - first > max_items ? first + max_items : matching.end();
  std::vector<std::string> results;
  for (auto it = first; it != end; ++it) results.push_back(call.registry.LastProcessingResult(it->config.uuid));
  return JsonResponse(200, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("EventSourceMappings");
    w.StartArray();
    size_t i = 0;
    for (auto it = first; it != end; ++it) WriteMappingConfiguration(w, *it, call.region, results[i++]);
    w.EndArray();
    if (end != matching.end()) {
      w.Key("NextMarker");
      w.String((end - 1)->config.uuid);
    }
    w.EndObject();
  });
}

ApiResponse UpdateEventSourceMapping(const Call& call) {
  JsonBody body(call.request.body);
  std::optional<std::string> function;
  if (auto name = body.String("FunctionName")) {
    function = FunctionNameOf(*name, call.region);
    try {
      call.registry.GetFunction(*function);
    } catch (const ApiError&) {
      throw InvalidParameter("Function does not exist");
    }
  }
  // Applied to the stored record under the registry's lock (a validation
  // error there changes nothing), so concurrent updates are not lost.
  MappingRecord updated = call.registry.UpdateMapping(call.path.at(1), [&](MappingRecord& record) {
    ApplySettings(call, body, &record);
    if (function) record.config.function_name = *function;
  });
  return Mapping(call, updated, 202);
}

ApiResponse DeleteEventSourceMapping(const Call& call) {
  return Mapping(call, call.registry.DeleteMapping(call.path.at(1)), 202);
}

}  // namespace eddy::lambda

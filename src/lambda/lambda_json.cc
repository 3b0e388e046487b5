#include "lambda/lambda_json.h"

#include "core/arn.h"
#include "core/fnv.h"
#include "core/iso_time.h"
#include "functions/lambda_log_lines.h"

namespace eddy::lambda {
namespace {

void Str(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Int(JsonWriter& w, const char* key, int64_t value) {
  w.Key(key);
  w.Int64(value);
}

// A stable stand-in for the runtime version Lambda reports: 64 hex digits
// derived from the runtime's name.
std::string RuntimeVersionArn(std::string_view region, std::string_view runtime) {
  char hex[17];
  std::string digits;
  for (uint64_t seed = 0; digits.size() < 64; ++seed) {
    std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(Fnv1a64(runtime, seed + 1)));
    digits += hex;
  }
  return "arn:aws:lambda:" + std::string(region) + "::runtime:" + digits;
}

}  // namespace

std::string LambdaTimestamp(int64_t millis) {
  std::string text = FormatIsoMillis(millis);  // ...T10:00:00.123Z
  text.pop_back();
  return text + "+0000";
}

void WriteFunctionConfiguration(JsonWriter& w, const registry::FunctionRecord& r, std::string_view region,
                                ConfigurationView view) {
  const functions::FunctionConfig& c = r.config;
  w.StartObject();
  Str(w, "FunctionName", c.name);
  Str(w, "FunctionArn", functions::LambdaFunctionArn(region, c.name));
  Str(w, "Runtime", c.runtime);
  Str(w, "Role", r.role);
  Str(w, "Handler", c.handler);
  Int(w, "CodeSize", r.code_size);
  Str(w, "Description", r.description);
  Int(w, "Timeout", c.timeout_seconds);
  Int(w, "MemorySize", c.memory_size_mb);
  Str(w, "LastModified", LambdaTimestamp(r.last_modified_millis));
  Str(w, "CodeSha256", r.code_sha256);
  Str(w, "Version", "$LATEST");
  if (!c.environment.empty()) {
    w.Key("Environment");
    w.StartObject();
    w.Key("Variables");
    w.StartObject();
    for (const auto& [name, value] : c.environment) {
      w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    }
    w.EndObject();
    w.EndObject();
  }
  w.Key("TracingConfig");
  w.StartObject();
  Str(w, "Mode", "PassThrough");
  w.EndObject();
  Str(w, "RevisionId", r.revision_id);
  if (!r.layers.empty()) {
    w.Key("Layers");
    w.StartArray();
    for (const std::string& layer : r.layers) {
      w.StartObject();
      Str(w, "Arn", layer);
      Int(w, "CodeSize", 0);
      w.EndObject();
    }
    w.EndArray();
  }
  switch (view) {
    case ConfigurationView::kCreated:
      Str(w, "State", "Pending");
      Str(w, "StateReason", "The function is being created.");
      Str(w, "StateReasonCode", "Creating");
      break;
    case ConfigurationView::kUpdated:
      Str(w, "State", "Active");
      Str(w, "LastUpdateStatus", "InProgress");
      Str(w, "LastUpdateStatusReason", "The function is being created.");
      Str(w, "LastUpdateStatusReasonCode", "Creating");
      break;
    case ConfigurationView::kCurrent:
      Str(w, "State", "Active");
      Str(w, "LastUpdateStatus", "Successful");
      break;
    case ConfigurationView::kListed:
      break;
  }
  Str(w, "PackageType", "Zip");
  w.Key("Architectures");
  w.StartArray();
  for (const std::string& architecture : r.architectures) w.String(architecture);
  w.EndArray();
  w.Key("EphemeralStorage");
  w.StartObject();
  Int(w, "Size", r.ephemeral_storage_mb);
  w.EndObject();
  w.Key("SnapStart");
  w.StartObject();
  Str(w, "ApplyOn", "None");
  Str(w, "OptimizationStatus", "Off");
  w.EndObject();
  if (view != ConfigurationView::kListed) {
    w.Key("RuntimeVersionConfig");
    w.StartObject();
    Str(w, "RuntimeVersionArn", RuntimeVersionArn(region, c.runtime));
    w.EndObject();
  }
  w.Key("LoggingConfig");
  w.StartObject();
  Str(w, "LogFormat", "Text");
  Str(w, "LogGroup", functions::LambdaLogGroupName(c.name));
  w.EndObject();
  w.EndObject();
}

void WriteMappingConfiguration(JsonWriter& w, const registry::MappingRecord& r, std::string_view region,
                               std::string_view last_processing_result) {
  const streams::MappingConfig& c = r.config;
  w.StartObject();
  Str(w, "UUID", c.uuid);
  Str(w, "StartingPosition", c.starting_position == streams::StartingPosition::kLatest ? "LATEST" : "TRIM_HORIZON");
  Int(w, "BatchSize", c.batch_size);
  Int(w, "MaximumBatchingWindowInSeconds", c.maximum_batching_window_seconds);
  Int(w, "ParallelizationFactor", r.parallelization_factor);
  Str(w, "EventSourceArn", r.event_source_arn);
  if (!c.filter_patterns.empty()) {
    w.Key("FilterCriteria");
    w.StartObject();
    w.Key("Filters");
    w.StartArray();
    for (const std::string& pattern : c.filter_patterns) {
      w.StartObject();
      Str(w, "Pattern", pattern);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  Str(w, "FunctionArn", functions::LambdaFunctionArn(region, c.function_name));
  w.Key("LastModified");  // a rest-json timestamp: epoch seconds
  w.Double(static_cast<double>(r.last_modified_millis) / 1000.0);
  Str(w, "LastProcessingResult", last_processing_result);
  Str(w, "State", registry::MappingStateName(r.state));
  Str(w, "StateTransitionReason", "User action");
  w.Key("DestinationConfig");
  w.StartObject();
  w.Key("OnFailure");
  w.StartObject();
  if (!r.on_failure_destination.empty()) Str(w, "Destination", r.on_failure_destination);
  w.EndObject();
  w.EndObject();
  Int(w, "MaximumRecordAgeInSeconds", c.maximum_record_age_seconds);
  w.Key("BisectBatchOnFunctionError");
  w.Bool(c.bisect_batch_on_function_error);
  Int(w, "MaximumRetryAttempts", c.maximum_retry_attempts);
  Int(w, "TumblingWindowInSeconds", r.tumbling_window_seconds);
  w.Key("FunctionResponseTypes");
  w.StartArray();
  if (c.report_batch_item_failures) w.String("ReportBatchItemFailures");
  w.EndArray();
  Str(w, "EventSourceMappingArn",
      "arn:aws:lambda:" + std::string(region) + ":" + std::string(kAccountId) + ":event-source-mapping:" + c.uuid);
  w.EndObject();
}

}  // namespace eddy::lambda

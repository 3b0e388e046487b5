#include "registry/records.h"

#include "core/json.h"

namespace eddy::registry {
namespace {

// Bumped when a stored field changes meaning; older versions are migrated
// in Parse*.
constexpr int kVersion = 1;

void Str(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void Strings(JsonWriter& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& value : values) w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  w.EndArray();
}

std::string Finish(rapidjson::StringBuffer& buffer) { return std::string(buffer.GetString(), buffer.GetSize()); }

// Readers that leave the target alone when the member is missing or of
// another type: a record is rejected only when it is not an object or has
// another version, so fields added later read as their defaults.
struct Reader {
  const JsonValue& object;

  const JsonValue* Find(const char* key) const {
    auto it = object.FindMember(key);
    return it == object.MemberEnd() ? nullptr : &it->value;
  }
  void Get(const char* key, std::string* out) const {
    if (const JsonValue* v = Find(key); v && v->IsString()) out->assign(v->GetString(), v->GetStringLength());
  }
  void Get(const char* key, int* out) const {
    if (const JsonValue* v = Find(key); v && v->IsInt()) *out = v->GetInt();
  }
  void Get(const char* key, int64_t* out) const {
    if (const JsonValue* v = Find(key); v && v->IsInt64()) *out = v->GetInt64();
  }
  void Get(const char* key, uint64_t* out) const {
    if (const JsonValue* v = Find(key); v && v->IsUint64()) *out = v->GetUint64();
  }
  void Get(const char* key, bool* out) const {
    if (const JsonValue* v = Find(key); v && v->IsBool()) *out = v->GetBool();
  }
  void Get(const char* key, std::vector<std::string>* out) const {
    const JsonValue* v = Find(key);
    if (!v || !v->IsArray()) return;
    out->clear();
    for (const JsonValue& item : v->GetArray()) {
      if (item.IsString()) out->emplace_back(item.GetString(), item.GetStringLength());
    }
  }
  void Get(const char* key, std::vector<std::pair<std::string, std::string>>* out) const {
    const JsonValue* v = Find(key);
    if (!v || !v->IsObject()) return;
    out->clear();
    for (const auto& member : v->GetObject()) {
      if (member.value.IsString()) {
        out->emplace_back(std::string(member.name.GetString(), member.name.GetStringLength()),
                          std::string(member.value.GetString(), member.value.GetStringLength()));
      }
    }
  }
};

void Pairs(JsonWriter& w, const char* key, const std::vector<std::pair<std::string, std::string>>& pairs) {
  w.Key(key);
  w.StartObject();
  for (const auto& [name, value] : pairs) {
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  w.EndObject();
}

bool ParseVersioned(std::string_view json, JsonDocument* doc) {
  doc->Parse(json.data(), json.size());
  if (doc->HasParseError() || !doc->IsObject()) return false;
  auto version = doc->FindMember("Version");
  return version != doc->MemberEnd() && version->value.IsInt() && version->value.GetInt() == kVersion;
}

constexpr MappingState kStates[] = {MappingState::kCreating,  MappingState::kEnabling, MappingState::kEnabled,
                                    MappingState::kDisabling, MappingState::kDisabled, MappingState::kUpdating,
                                    MappingState::kDeleting};

}  // namespace

std::string_view MappingStateName(MappingState state) {
  switch (state) {
    case MappingState::kCreating: return "Creating";
    case MappingState::kEnabling: return "Enabling";
    case MappingState::kEnabled: return "Enabled";
    case MappingState::kDisabling: return "Disabling";
    case MappingState::kDisabled: return "Disabled";
    case MappingState::kUpdating: return "Updating";
    case MappingState::kDeleting: return "Deleting";
  }
  return "Enabled";
}

std::string SerializeFunction(const FunctionRecord& r) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  const functions::FunctionConfig& c = r.config;
  w.StartObject();
  w.Key("Version");
  w.Int(kVersion);
  Str(w, "FunctionName", c.name);
  Str(w, "Runtime", c.runtime);
  Str(w, "Handler", c.handler);
  Str(w, "CodeDirectory", c.code_directory);
  Strings(w, "Command", c.command);
  w.Key("Timeout");
  w.Int(c.timeout_seconds);
  w.Key("MemorySize");
  w.Int(c.memory_size_mb);
  Pairs(w, "Environment", c.environment);
  Str(w, "Role", r.role);
  Str(w, "Description", r.description);
  Strings(w, "Architectures", r.architectures);
  Strings(w, "Layers", r.layers);
  w.Key("EphemeralStorage");
  w.Int(r.ephemeral_storage_mb);
  Str(w, "CodeSha256", r.code_sha256);
  w.Key("CodeSize");
  w.Int64(r.code_size);
  w.Key("CodeGeneration");
  w.Uint64(r.code_generation);
  Str(w, "RevisionId", r.revision_id);
  w.Key("LastModified");
  w.Int64(r.last_modified_millis);
  Pairs(w, "Tags", {r.tags.begin(), r.tags.end()});
  Strings(w, "Policy", r.policy_statements);
  w.Key("FromFile");
  w.Bool(r.from_file);
  w.EndObject();
  return Finish(buffer);
}

std::optional<FunctionRecord> ParseFunction(std::string_view json) {
  JsonDocument doc;
  if (!ParseVersioned(json, &doc)) return std::nullopt;
  Reader in{doc};
  FunctionRecord r;
  functions::FunctionConfig& c = r.config;
  in.Get("FunctionName", &c.name);
  if (c.name.empty()) return std::nullopt;
  in.Get("Runtime", &c.runtime);
  in.Get("Handler", &c.handler);
  in.Get("CodeDirectory", &c.code_directory);
  in.Get("Command", &c.command);
  in.Get("Timeout", &c.timeout_seconds);
  in.Get("MemorySize", &c.memory_size_mb);
  in.Get("Environment", &c.environment);
  in.Get("Role", &r.role);
  in.Get("Description", &r.description);
  in.Get("Architectures", &r.architectures);
  in.Get("Layers", &r.layers);
  in.Get("EphemeralStorage", &r.ephemeral_storage_mb);
  in.Get("CodeSha256", &r.code_sha256);
  in.Get("CodeSize", &r.code_size);
  in.Get("CodeGeneration", &r.code_generation);
  in.Get("RevisionId", &r.revision_id);
  in.Get("LastModified", &r.last_modified_millis);
  std::vector<std::pair<std::string, std::string>> tags;
  in.Get("Tags", &tags);
  r.tags.insert(tags.begin(), tags.end());
  in.Get("Policy", &r.policy_statements);
  in.Get("FromFile", &r.from_file);
  return r;
}

std::string SerializeMapping(const MappingRecord& r) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  const streams::MappingConfig& c = r.config;
  w.StartObject();
  w.Key("Version");
  w.Int(kVersion);
  Str(w, "UUID", c.uuid);
  Str(w, "CheckpointKey", c.checkpoint_key);
  Str(w, "FunctionName", c.function_name);
  Str(w, "TableName", c.table_name);
  Str(w, "EventSourceArn", r.event_source_arn);
  w.Key("BatchSize");
  w.Int(c.batch_size);
  w.Key("MaximumBatchingWindowInSeconds");
  w.Int(c.maximum_batching_window_seconds);
  Str(w, "StartingPosition", c.starting_position == streams::StartingPosition::kLatest ? "LATEST" : "TRIM_HORIZON");
  w.Key("StartingPositionTimestamp");
  w.Int64(r.starting_position_timestamp);
  w.Key("Enabled");
  w.Bool(c.enabled);
  Strings(w, "FilterPatterns", c.filter_patterns);
  w.Key("MaximumRetryAttempts");
  w.Int(c.maximum_retry_attempts);
  w.Key("MaximumRecordAgeInSeconds");
  w.Int(c.maximum_record_age_seconds);
  w.Key("BisectBatchOnFunctionError");
  w.Bool(c.bisect_batch_on_function_error);
  w.Key("ReportBatchItemFailures");
  w.Bool(c.report_batch_item_failures);
  Str(w, "OnFailure", c.on_failure_path);
  Str(w, "OnFailureDestination", r.on_failure_destination);
  Str(w, "State", MappingStateName(r.state));
  w.Key("Created");
  w.Int64(r.created_millis);
  w.Key("LastModified");
  w.Int64(r.last_modified_millis);
  w.Key("ParallelizationFactor");
  w.Int(r.parallelization_factor);
  w.Key("TumblingWindowInSeconds");
  w.Int(r.tumbling_window_seconds);
  w.Key("FromFile");
  w.Bool(r.from_file);
  w.EndObject();
  return Finish(buffer);
}

std::optional<MappingRecord> ParseMapping(std::string_view json) {
  JsonDocument doc;
  if (!ParseVersioned(json, &doc)) return std::nullopt;
  Reader in{doc};
  MappingRecord r;
  streams::MappingConfig& c = r.config;
  in.Get("UUID", &c.uuid);
  in.Get("FunctionName", &c.function_name);
  in.Get("TableName", &c.table_name);
  if (c.uuid.empty() || c.function_name.empty() || c.table_name.empty()) return std::nullopt;
  in.Get("CheckpointKey", &c.checkpoint_key);
  in.Get("EventSourceArn", &r.event_source_arn);
  c.event_source_arn = r.event_source_arn;
  in.Get("BatchSize", &c.batch_size);
  in.Get("MaximumBatchingWindowInSeconds", &c.maximum_batching_window_seconds);
  std::string position;
  in.Get("StartingPosition", &position);
  c.starting_position = position == "LATEST" ? streams::StartingPosition::kLatest : streams::StartingPosition::kTrimHorizon;
  in.Get("StartingPositionTimestamp", &r.starting_position_timestamp);
  in.Get("Enabled", &c.enabled);
  in.Get("FilterPatterns", &c.filter_patterns);
  in.Get("MaximumRetryAttempts", &c.maximum_retry_attempts);
  in.Get("MaximumRecordAgeInSeconds", &c.maximum_record_age_seconds);
  in.Get("BisectBatchOnFunctionError", &c.bisect_batch_on_function_error);
  in.Get("ReportBatchItemFailures", &c.report_batch_item_failures);
  in.Get("OnFailure", &c.on_failure_path);
  in.Get("OnFailureDestination", &r.on_failure_destination);
  std::string state;
  in.Get("State", &state);
  r.state = c.enabled ? MappingState::kEnabled : MappingState::kDisabled;
  for (MappingState candidate : kStates) {
    if (MappingStateName(candidate) == state) r.state = candidate;
  }
  in.Get("LastModified", &r.last_modified_millis);
  in.Get("Created", &r.created_millis);
  in.Get("ParallelizationFactor", &r.parallelization_factor);
  in.Get("TumblingWindowInSeconds", &r.tumbling_window_seconds);
  in.Get("FromFile", &r.from_file);
  return r;
}

}  // namespace eddy::registry

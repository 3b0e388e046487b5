// CreateFunction, GetFunction(Configuration), ListFunctions, UpdateFunction*,
// DeleteFunction, AddPermission, GetPolicy, GetAccountSettings and tags.
#include <algorithm>
#include <regex>

#include "core/base64.h"
#include "functions/lambda_log_lines.h"
#include "functions/lambda_rules.h"
#include "functions/runtimes.h"
#include "lambda/handlers.h"
#include "lambda/lambda_json.h"
#include "lambda/lambda_request.h"

namespace eddy::lambda {
namespace {

using registry::FunctionRecord;

constexpr int kDefaultListSize = 50;

std::string FunctionNameFromPath(const Call& call) { return FunctionNameOf(call.path.at(1), call.region); }


void CheckRole(const std::string& role) {
  static const std::regex kRole(R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)");
  if (!std::regex_match(role, kRole)) {
    throw ValidationError(role, "role",
                          R"(Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)");
  }
}

void CheckRuntimeRunnable(const std::string& runtime) {
  if (!functions::IsLambdaRuntime(runtime)) {
    std::string names;
    for (std::string_view name : functions::LambdaRuntimeNames()) names.append(names.empty() ? "" : ", ").append(name);
    throw InvalidParameter("Value " + runtime +
                           " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: [" + names +
                           "] or be a valid ARN");
  }
  // Known to Lambda, but this machine may lack what runs it.
  if (std::string reason = functions::RuntimeUnavailableReason(runtime); !reason.empty()) {
    throw InvalidParameter(reason);
  }
}

// The members CreateFunction and UpdateFunctionConfiguration share, applied
// to `record` in the model's order of checks.
void ApplyConfiguration(const JsonBody& body, FunctionRecord* record, bool creating) {
  functions::FunctionConfig& c = record->config;
  if (auto role = body.String("Role")) {
    CheckRole(*role);
    record->role = *role;
  } else if (creating) {
    throw MissingMember("role");
  }
  if (auto timeout = body.Integer("Timeout")) {
    CheckRange(*timeout, "timeout", functions::kMinTimeoutSeconds, functions::kMaxTimeoutSeconds);
    c.timeout_seconds = static_cast<int>(*timeout);
  }
  if (auto memory = body.Integer("MemorySize")) {
    CheckRange(*memory, "memorySize", functions::kMinMemoryMb, functions::kMaxMemoryMb);
    c.memory_size_mb = static_cast<int>(*memory);
  }
  if (auto description = body.String("Description")) {
    CheckLength(*description, "description", 0, functions::kMaxDescriptionLength);
    record->description = *description;
  }
  if (auto handler = body.String("Handler")) {
    CheckLength(*handler, "handler", 0, functions::kMaxHandlerLength);
    if (handler->find_first_of(" \t\r\n") != std::string::npos) {
      throw ValidationError(*handler, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
    }
    c.handler = *handler;
  }
  if (auto runtime = body.String("Runtime")) {
    CheckRuntimeRunnable(*runtime);
    c.runtime = *runtime;
  }
  if (const JsonValue* environment = body.Find("Environment")) {
    const JsonValue* variables = nullptr;
    if (environment->IsObject()) {
      auto it = environment->FindMember("Variables");
      if (it != environment->MemberEnd() && !it->value.IsNull()) variables = &it->value;
    }
    c.environment.clear();
    if (variables && variables->IsObject()) {
      size_t bytes = 0;
      std::vector<std::string> reserved;
      for (const auto& member : variables->GetObject()) {
        std::string name(member.name.GetString(), member.name.GetStringLength());
        if (!functions::IsEnvironmentVariableName(name)) {
          throw ValidationError("[" + name + "]", "environment.variables",
                                "Map keys must satisfy constraint: [Member must satisfy regular expression "
                                "pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
        }
        if (functions::IsReservedEnvironmentVariable(name)) reserved.push_back(name);
        std::string value = member.value.IsString()
                                ? std::string(member.value.GetString(), member.value.GetStringLength())
                                : std::string();
        bytes += name.size() + value.size();
        c.environment.emplace_back(std::move(name), std::move(value));
      }
      if (!reserved.empty()) {
        std::string list;
        for (const std::string& name : reserved) list += (list.empty() ? "" : ",") + name;
        throw InvalidParameter(
            "Lambda was unable to configure your environment variables because the environment variables you have "
            "provided contains reserved keys that are currently not supported for modification. Reserved keys used "
            "in this request: " + list);
      }
      if (bytes > functions::kMaxEnvironmentBytes) {
        throw InvalidParameter("Lambda was unable to configure your environment variables because the environment "
                               "variables you have provided exceeded the 4KB limit. String measured: " +
                               std::to_string(bytes));
      }
    }
  }
  if (const JsonValue* layers = body.Find("Layers"); layers && layers->IsArray()) {
    record->layers.clear();
    for (const JsonValue& layer : layers->GetArray()) {
      if (layer.IsString()) record->layers.emplace_back(layer.GetString(), layer.GetStringLength());
    }
  }
  if (const JsonValue* storage = body.Find("EphemeralStorage"); storage && storage->IsObject()) {
    auto size = storage->FindMember("Size");
    if (size != storage->MemberEnd() && size->value.IsInt()) {
      CheckRange(size->value.GetInt(), "ephemeralStorage.size", 512, 10240);
      record->ephemeral_storage_mb = size->value.GetInt();
    }
  }
}

void RequireHandler(const FunctionRecord& record) {
  if (record.config.handler.empty() && functions::KindOfRuntime(record.config.runtime) != functions::RuntimeKind::kProvided) {
    throw InvalidParameter("The Handler parameter is required for functions using the Zip package type.");
  }
}

// Code.ZipFile or ZipFile: base64 in the JSON, as every SDK sends a blob.
std::string ZipBytes(const JsonValue& code_object) {
  auto zip = code_object.FindMember("ZipFile");
  if (zip == code_object.MemberEnd() || !zip->value.IsString()) {
    for (const char* elsewhere : {"S3Bucket", "S3Key", "ImageUri"}) {
      if (code_object.HasMember(elsewhere)) {
        throw InvalidParameter("eddy runs functions from a zip uploaded with the request (ZipFile); it cannot "
                               "fetch code from S3 or a container image registry");
      }
    }
    throw InvalidParameter("Please provide a source for function code.");
  }
  std::string bytes;
  if (!Base64Decode(std::string_view(zip->value.GetString(), zip->value.GetStringLength()), &bytes)) {
    throw ApiError("InvalidRequestContentException",
                   "Could not parse request body into json: Could not parse payload into json: ZipFile is not "
                   "valid base64",
                   400);
  }
  return bytes;
}

ApiResponse Configuration(const FunctionRecord& record, const std::string& region, ConfigurationView view,
                          int status = 200) {
  return JsonResponse(status, [&](JsonWriter& w) { WriteFunctionConfiguration(w, record, region, view); });
}

void WriteTags(JsonWriter& w, const std::map<std::string, std::string>& tags) {
  w.StartObject();
  for (const auto& [key, value] : tags) {
    w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    w.String(value);
  }
  w.EndObject();
}

std::map<std::string, std::string> TagsOf(const JsonValue* tags) {
  std::map<std::string, std::string> out;
  if (!tags || !tags->IsObject()) return out;
  for (const auto& member : tags->GetObject()) {
    if (member.value.IsString()) out[member.name.GetString()] = member.value.GetString();
  }
  return out;
}

}  // namespace

ApiResponse CreateFunction(const Call& call) {
  JsonBody body(call.request.body);
  auto name = body.String("FunctionName");
  if (!name) throw MissingMember("functionName");
  FunctionRecord record;
  record.config.name = FunctionNameOf(*name, call.region);
  const JsonValue* code = body.Find("Code");
  if (!code || !code->IsObject()) throw MissingMember("code");
  if (auto package_type = body.String("PackageType"); package_type && *package_type == "Image") {
    throw InvalidParameter("eddy runs Zip functions; PackageType Image is not supported");
  }
  ApplyConfiguration(body, &record, /*creating=*/true);
  if (record.config.runtime.empty()) {
    throw InvalidParameter("The Runtime parameter is required for functions using the Zip package type.");
  }
  RequireHandler(record);
  if (const JsonValue* architectures = body.Find("Architectures"); architectures && architectures->IsArray()) {
    record.architectures.clear();
    for (const JsonValue& architecture : architectures->GetArray()) {
      std::string value = architecture.IsString() ? architecture.GetString() : "";
      if (value != "x86_64" && value != "arm64") {
        throw ValidationError("[" + value + "]", "architectures",
                              "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]");
      }
      record.architectures.push_back(value);
    }
    if (record.architectures.size() != 1) {
      throw ValidationError("[]", "architectures", "Member must have length less than or equal to 1");
    }
  }
  record.tags = TagsOf(body.Find("Tags"));
  const std::string zip = ZipBytes(*code);
  FunctionRecord created = call.registry.CreateFunction(std::move(record), zip);
  return Configuration(created, call.region, ConfigurationView::kCreated, 201);
}

ApiResponse GetFunction(const Call& call) {
  FunctionRecord record = call.registry.GetFunction(FunctionNameFromPath(call));
  return JsonResponse(200, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("Configuration");
    WriteFunctionConfiguration(w, record, call.region, ConfigurationView::kCurrent);
    w.Key("Code");
    w.StartObject();
    w.Key("RepositoryType");
    w.String("S3");
    w.Key("Location");  // where the package lies on eddy's machine
    w.String("file://" + record.config.code_directory);
    w.EndObject();
    if (!record.tags.empty()) {
      w.Key("Tags");
      WriteTags(w, record.tags);
    }
    w.EndObject();
  });
}

ApiResponse GetFunctionConfiguration(const Call& call) {
  return Configuration(call.registry.GetFunction(FunctionNameFromPath(call)), call.region, ConfigurationView::kCurrent);
}

ApiResponse ListFunctions(const Call& call) {
  // "up to 50 functions per call"
  const int64_t max_items = MaxItemsParameter(call.request.query, kDefaultListSize, kDefaultListSize);
  const std::string marker = QueryParameter(call.request.query, "Marker").value_or("");
  std::vector<FunctionRecord> records = call.registry.ListFunctions();  // by name
  auto first = std::upper_bound(records.begin(), records.end(), marker,
                                [](const std::string& m, const FunctionRecord& r) { return m < r.config.name; });
  if (marker.empty()) first = records.begin();
  const auto end = records.end() - first > max_items ? first + max_items : records.end();
  return JsonResponse(200, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("Functions");
    w.StartArray();
    for (auto it = first; it != end; ++it) WriteFunctionConfiguration(w, *it, call.region, ConfigurationView::kListed);
    w.EndArray();
    if (end != records.end()) {
      w.Key("NextMarker");
      w.String((end - 1)->config.name);
    }
    w.EndObject();
  });
}

ApiResponse UpdateFunctionCode(const Call& call) {
  const std::string name = FunctionNameFromPath(call);
  JsonBody body(call.request.body);
  const std::string zip = ZipBytes(body.object());
  const std::string revision = body.String("RevisionId").value_or("");
  if (body.Boolean("DryRun").value_or(false)) {
    return Configuration(call.registry.GetFunction(name), call.region, ConfigurationView::kCurrent);
  }
  return Configuration(call.registry.UpdateFunctionCode(name, zip, revision), call.region, ConfigurationView::kUpdated);
}

ApiResponse UpdateFunctionConfiguration(const Call& call) {
  const std::string name = FunctionNameFromPath(call);
  JsonBody body(call.request.body);
  const std::string revision = body.String("RevisionId").value_or("");
  FunctionRecord updated = call.registry.UpdateFunctionConfiguration(name, revision, [&](FunctionRecord& record) {
    ApplyConfiguration(body, &record, /*creating=*/false);
    RequireHandler(record);
  });
  return Configuration(updated, call.region, ConfigurationView::kUpdated);
}

ApiResponse DeleteFunction(const Call& call) {
  call.registry.DeleteFunction(FunctionNameFromPath(call));
  return EmptyResponse(204);
}

ApiResponse AddPermission(const Call& call) {
  const std::string name = FunctionNameFromPath(call);
  JsonBody body(call.request.body);
  auto sid = body.String("StatementId");
  if (!sid) throw MissingMember("statementId");
  auto action = body.String("Action");
  if (!action) throw MissingMember("action");
  auto principal = body.String("Principal");
  if (!principal) throw MissingMember("principal");
  // The statement as Lambda writes it into the function's resource policy.
  std::string statement;
  {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("Sid");
    w.String(*sid);
    w.Key("Effect");
    w.String("Allow");
    w.Key("Principal");
    if (*principal == "*") {
      w.String("*");
    } else {
      const bool service = principal->find('.') != std::string::npos;
      w.StartObject();
      w.Key(service ? "Service" : "AWS");
      w.String(service || principal->starts_with("arn:") ? *principal : "arn:aws:iam::" + *principal + ":root");
      w.EndObject();
    }
    w.Key("Action");
    w.String(*action);
    w.Key("Resource");
    w.String(functions::LambdaFunctionArn(call.region, name));
    auto source_arn = body.String("SourceArn");
    auto source_account = body.String("SourceAccount");
    if (source_arn || source_account) {
      w.Key("Condition");
      w.StartObject();
      if (source_account) {
        w.Key("StringEquals");
        w.StartObject();
        w.Key("AWS:SourceAccount");
        w.String(*source_account);
        w.EndObject();
      }
      if (source_arn) {
        w.Key("ArnLike");
        w.StartObject();
        w.Key("AWS:SourceArn");
        w.String(*source_arn);
        w.EndObject();
      }
      w.EndObject();
    }
    w.EndObject();
    statement.assign(buffer.GetString(), buffer.GetSize());
  }
  call.registry.AddPermission(name, *sid, statement, body.String("RevisionId").value_or(""));
  return JsonResponse(201, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("Statement");
    w.String(statement);
    w.EndObject();
  });
}

ApiResponse GetPolicy(const Call& call) {
  const std::string name = FunctionNameFromPath(call);
  FunctionRecord record = call.registry.GetFunction(name);
  if (record.policy_statements.empty()) {
    throw ApiError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
  }
  std::string policy = R"({"Version":"2012-10-17","Id":"default","Statement":[)";
  for (size_t i = 0; i < record.policy_statements.size(); ++i) {
    policy += (i ? "," : "") + record.policy_statements[i];
  }
  policy += "]}";
  return JsonResponse(200, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("Policy");
    w.String(policy);
    w.Key("RevisionId");
    w.String(record.revision_id);
    w.EndObject();
  });
}

ApiResponse RemovePermission(const Call& call) {
  const std::string name = FunctionNameFromPath(call);
  call.registry.RemovePermission(name, call.path.at(3),
                                 QueryParameter(call.request.query, "RevisionId").value_or(""));
  return EmptyResponse(204);
}

ApiResponse GetAccountSettings(const Call& call) {
  const size_t count = call.registry.FunctionCount();
  const int64_t code_size = call.registry.TotalCodeSize();
  return JsonResponse(200, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("AccountLimit");
    w.StartObject();
    w.Key("TotalCodeSize");
    w.Int64(80530636800);
    w.Key("CodeSizeUnzipped");
    w.Int64(262144000);
    w.Key("CodeSizeZipped");
    w.Int64(52428800);
    w.Key("ConcurrentExecutions");
    w.Int(1000);
    w.Key("UnreservedConcurrentExecutions");
    w.Int(1000);
    w.EndObject();
    w.Key("AccountUsage");
    w.StartObject();
    w.Key("TotalCodeSize");
    w.Int64(code_size);
    w.Key("FunctionCount");
    w.Uint64(count);
    w.EndObject();
    w.EndObject();
  });
}

namespace {

// /2017-03-31/tags/{ARN}: the function named by the ARN.
std::string TaggedFunction(const Call& call) {
  std::string arn = call.path.at(1);
  for (size_t i = 2; i < call.path.size(); ++i) arn += "/" + call.path[i];
  return FunctionNameOf(arn, call.region);
}

}  // namespace

ApiResponse ListTags(const Call& call) {
  FunctionRecord record = call.registry.GetFunction(TaggedFunction(call));
  return JsonResponse(200, [&](JsonWriter& w) {
    w.StartObject();
    w.Key("Tags");
    WriteTags(w, record.tags);
    w.EndObject();
  });
}

ApiResponse TagResource(const Call& call) {
  const std::string name = TaggedFunction(call);
  JsonBody body(call.request.body);
  std::map<std::string, std::string> tags = TagsOf(body.Find("Tags"));
  call.registry.UpdateTags(name, [&](FunctionRecord& record) {
    for (auto& [key, value] : tags) record.tags[key] = value;
  });
  return EmptyResponse(204);
}

ApiResponse UntagResource(const Call& call) {
  const std::string name = TaggedFunction(call);
  // tagKeys=a&tagKeys=b
  std::vector<std::string> keys;
  std::string_view query = call.request.query;
  for (size_t start = 0; start <= query.size();) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    if (pair.starts_with("tagKeys=")) keys.push_back(PercentDecode(pair.substr(8)));
    start = end + 1;
  }
  call.registry.UpdateTags(name, [&](FunctionRecord& record) {
    for (const std::string& key : keys) record.tags.erase(key);
  });
  return EmptyResponse(204);
}

}  // namespace eddy::lambda

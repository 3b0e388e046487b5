#include "functions/functions_file.h"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <utility>

#include "core/json.h"
#include "core/table_name.h"
#include "functions/lambda_rules.h"
#include "functions/runtimes.h"
#include "streams/stream_arn.h"

namespace eddy::functions {
namespace {

namespace fs = std::filesystem;
using streams::MappingConfig;
using streams::StartingPosition;

// --- field paths and value descriptions for error messages ---------------

std::string Child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string Element(const std::string& path, size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

const char* TypeOf(const JsonValue& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType: return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType: return "a boolean";
    case rapidjson::kObjectType: return "an object";
    case rapidjson::kArrayType: return "an array";
    case rapidjson::kStringType: return "a string";
    case rapidjson::kNumberType: return "a number";
  }
  return "an unknown value";
}

// What the user wrote, for the "(got ...)" suffix: numbers and strings as
// written, anything else by its type.
std::string Got(const JsonValue& value) {
  if (value.IsNumber()) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    value.Accept(writer);
    return " (got " + std::string(buffer.GetString(), buffer.GetSize()) + ")";
  }
  if (value.IsString()) return " (got \"" + std::string(value.GetString(), value.GetStringLength()) + "\")";
  return std::string(" (got ") + TypeOf(value) + ")";
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// --- the name and value rules ---------------------------------------------

// The table named by a DynamoDB stream ARN or table ARN. A table ARN is a
// stream ARN without its "/stream/<label>" suffix, so both go through the
// one ARN parser.
std::optional<std::string> TableOfArn(const std::string& arn) {
  if (auto parts = streams::ParseStreamArn(arn)) return parts->table_name;
  if (arn.find("/stream") != std::string::npos) return std::nullopt;
  if (auto parts = streams::ParseStreamArn(streams::StreamArnOf(arn, "label"))) return parts->table_name;
  return std::nullopt;
}

// --- the parser -----------------------------------------------------------

// An integer field's allowed values: [min, max], plus -1 when `or_minus_one`
// (Lambda's "-1 = infinite" convention for retries and record age).
struct IntRule {
  int64_t min;
  int64_t max;
  bool or_minus_one = false;

  bool Allows(int64_t value) const { return (value >= min && value <= max) || (or_minus_one && value == -1); }
  std::string Describe() const {
    std::string range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    return or_minus_one ? "must be -1 or " + range : "must be " + range;
  }
};

// Walks the document, filling the configs; stops at the first problem,
// whose message (file: field path: problem) is left in error().
class Parser {
 public:
  Parser(std::string display_name, fs::path base_directory)
      : display_name_(std::move(display_name)), base_directory_(std::move(base_directory)) {}

  bool Parse(std::string_view json, FunctionsFile* out);
  const std::string& error() const { return error_; }

 private:
  bool ParseFunction(const JsonValue& object, const std::string& path, FunctionConfig* function);
  bool ParseCode(const JsonValue& object, const std::string& path, FunctionConfig* function);
  bool ParseEnvironment(const JsonValue& object, const std::string& path, FunctionConfig* function);
  bool ParseMappings(const JsonValue& object, const std::string& path, const std::string& function_name);
  bool ParseMapping(const JsonValue& object, const std::string& path, MappingConfig* mapping);
  bool ParseEventSource(const JsonValue& object, const std::string& path, MappingConfig* mapping);
  bool ParseStartingPosition(const JsonValue& object, const std::string& path, MappingConfig* mapping);
  bool ParseFilterCriteria(const JsonValue& object, const std::string& path, MappingConfig* mapping);
  bool ParseFunctionResponseTypes(const JsonValue& object, const std::string& path, MappingConfig* mapping);
  bool ParseDestinationConfig(const JsonValue& object, const std::string& path, MappingConfig* mapping);

  bool Fail(const std::string& path, std::string_view problem);
  bool FailType(const std::string& path, std::string_view expected, const JsonValue& value) {
    return Fail(path, "must be " + std::string(expected) + Got(value));
  }
  // `value` must be an object whose fields are all in `known`, each once.
  bool CheckObject(const JsonValue& value, const std::string& path, std::initializer_list<std::string_view> known);
  bool CheckArray(const JsonValue& value, const std::string& path);
  // The optional readers leave *out untouched when the field is absent.
  bool OptionalString(const JsonValue& object, const std::string& path, const char* name, std::string* out);
  bool RequiredString(const JsonValue& object, const std::string& path, const char* name, std::string* out);
  bool OptionalBool(const JsonValue& object, const std::string& path, const char* name, bool* out);
  bool OptionalInt(const JsonValue& object, const std::string& path, const char* name, IntRule rule, int* out);
  // `relative` against the functions file's directory; absolute paths stay.
  std::string Resolve(std::string_view relative) const;

  std::string display_name_;
  fs::path base_directory_;
  std::string error_;
  FunctionsFile result_;
};

fs::path Normalized(const fs::path& path) {
  fs::path normal = path.lexically_normal();
  // "/a/b/." normalizes to "/a/b/"; drop the trailing separator.
  if (!normal.has_filename() && normal.has_relative_path()) normal = normal.parent_path();
  return normal;
}

std::string Parser::Resolve(std::string_view relative) const {
  const fs::path path(relative);
  return Normalized(path.is_absolute() ? path : base_directory_ / path).string();
}

bool Parser::Fail(const std::string& path, std::string_view problem) {
  error_ = display_name_ + ": ";
  if (!path.empty()) error_ += path + ": ";
  error_ += problem;
  return false;
}

bool Parser::CheckObject(const JsonValue& value, const std::string& path,
                         std::initializer_list<std::string_view> known) {
  if (!value.IsObject()) return FailType(path, "an object", value);
  for (auto member = value.MemberBegin(); member != value.MemberEnd(); ++member) {
    const std::string_view name(member->name.GetString(), member->name.GetStringLength());
    const std::string field_path = Child(path, name);
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      // Most unknown fields are typos of a known one ("Batchsize"): name it.
      for (std::string_view candidate : known) {
        if (candidate.size() == name.size() &&
            std::equal(name.begin(), name.end(), candidate.begin(),
                       [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); })) {
          return Fail(field_path, "unknown field; did you mean " + std::string(candidate) + "?");
        }
      }
      std::string expected;
      for (std::string_view candidate : known) {
        expected += (expected.empty() ? "" : ", ") + std::string(candidate);
      }
      return Fail(field_path, "unknown field (expected one of: " + expected + ")");
    }
    // RapidJSON keeps duplicate keys; which one wins would be a guess.
    for (auto earlier = value.MemberBegin(); earlier != member; ++earlier) {
      if (earlier->name == member->name) return Fail(field_path, "field given more than once");
    }
  }
  return true;
}

bool Parser::CheckArray(const JsonValue& value, const std::string& path) {
  return value.IsArray() || FailType(path, "an array", value);
}

bool Parser::OptionalString(const JsonValue& object, const std::string& path, const char* name, std::string* out) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd()) return true;
  if (!member->value.IsString()) return FailType(Child(path, name), "a string", member->value);
  out->assign(member->value.GetString(), member->value.GetStringLength());
  return true;
}

bool Parser::RequiredString(const JsonValue& object, const std::string& path, const char* name, std::string* out) {
  if (!object.HasMember(name)) return Fail(Child(path, name), "required field is missing");
  return OptionalString(object, path, name, out);
}

bool Parser::OptionalBool(const JsonValue& object, const std::string& path, const char* name, bool* out) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd()) return true;
  if (!member->value.IsBool()) return FailType(Child(path, name), "true or false", member->value);
  *out = member->value.GetBool();
  return true;
}

bool Parser::OptionalInt(const JsonValue& object, const std::string& path, const char* name, IntRule rule,
                         int* out) {
  const auto member = object.FindMember(name);
  if (member == object.MemberEnd()) return true;
  const JsonValue& value = member->value;
  if (!value.IsInt64() || !rule.Allows(value.GetInt64())) {
    return Fail(Child(path, name), rule.Describe() + Got(value));
  }
  *out = static_cast<int>(value.GetInt64());
  return true;
}

bool Parser::Parse(std::string_view json, FunctionsFile* out) {
  JsonDocument document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError()) {
    const size_t offset = std::min(document.GetErrorOffset(), json.size());
    const std::string_view before = json.substr(0, offset);
    const size_t line = 1 + std::count(before.begin(), before.end(), '\n');
    const size_t line_start = before.rfind('\n');
    const size_t column = offset - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
    return Fail("", "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " +
                        rapidjson::GetParseError_En(document.GetParseError()));
  }
  if (!document.IsObject()) {
    return Fail("", std::string("the top level must be an object with a Functions array") + Got(document));
  }
  if (!CheckObject(document, "", {"Functions"})) return false;
  if (!document.HasMember("Functions")) return Fail("Functions", "required field is missing");
  const JsonValue& functions = document["Functions"];
  if (!CheckArray(functions, "Functions")) return false;

  for (rapidjson::SizeType i = 0; i < functions.Size(); ++i) {
    const std::string path = Element("Functions", i);
    FunctionConfig function;
    if (!ParseFunction(functions[i], path, &function)) return false;
    for (size_t j = 0; j < result_.functions.size(); ++j) {
      if (result_.functions[j].name == function.name) {
        return Fail(Child(path, "FunctionName"), "duplicate function name " + Quoted(function.name) +
                                                     " (also Functions[" + std::to_string(j) + "])");
      }
    }
    result_.functions.push_back(std::move(function));
    if (!ParseMappings(functions[i], path, result_.functions.back().name)) return false;
  }
  *out = std::move(result_);
  return true;
}

bool Parser::ParseFunction(const JsonValue& object, const std::string& path, FunctionConfig* function) {
  if (!CheckObject(object, path,
                   {"FunctionName", "Runtime", "Handler", "Command", "CodeDirectory", "Timeout", "MemorySize",
                    "Environment", "EventSourceMappings"})) {
    return false;
  }
  if (!RequiredString(object, path, "FunctionName", &function->name)) return false;
  if (!IsFunctionName(function->name)) {
    return Fail(Child(path, "FunctionName"),
                "must be 1 to 64 letters, digits, hyphens or underscores" + Got(object["FunctionName"]));
  }
  if (!RequiredString(object, path, "Runtime", &function->runtime)) return false;
  // The rules of functions/runtimes.h, which the Lambda API applies too; a
  // runtime this machine cannot run refuses the file at start, not at the
  // first invocation.
  if (KindOfRuntime(function->runtime) == RuntimeKind::kUnknown) {
    return Fail(Child(path, "Runtime"),
                "must be \"python3.N\", \"nodejsN.x\", \"provided.al2023\", \"provided.al2\" or \"command\"" +
                    Got(object["Runtime"]));
  }
  if (std::string reason = RuntimeUnavailableReason(function->runtime); !reason.empty()) {
    return Fail(Child(path, "Runtime"), reason);
  }
  return ParseCode(object, path, function) &&
         OptionalInt(object, path, "Timeout", {kMinTimeoutSeconds, kMaxTimeoutSeconds}, &function->timeout_seconds) &&
         OptionalInt(object, path, "MemorySize", {kMinMemoryMb, kMaxMemoryMb}, &function->memory_size_mb) &&
         ParseEnvironment(object, path, function);
}

// Handler / Command / CodeDirectory, whose rules depend on the runtime.
bool Parser::ParseCode(const JsonValue& object, const std::string& path, FunctionConfig* function) {
  const std::string handler_path = Child(path, "Handler");
  const std::string command_path = Child(path, "Command");
  const RuntimeKind kind = function->kind();
  if (kind != RuntimeKind::kCommand) {
    if (object.HasMember("Command")) return Fail(command_path, "only allowed with Runtime \"command\"");
    // python and nodejs name the function to load; a provided bootstrap
    // may read the Handler (_HANDLER) as it likes, or not at all.
    if (kind == RuntimeKind::kProvided) {
      if (!OptionalString(object, path, "Handler", &function->handler)) return false;
    } else if (!RequiredString(object, path, "Handler", &function->handler)) {
      return false;
    }
    if (std::string problem = HandlerSyntaxError(function->runtime, function->handler); !problem.empty()) {
      return Fail(handler_path, problem + Got(object["Handler"]));
    }
  } else {
    // A command gets the whole event on stdin; a Handler (left over from a
    // template) means nothing to it, so it is accepted and ignored.
    std::string ignored;
    if (!OptionalString(object, path, "Handler", &ignored)) return false;
    if (!object.HasMember("Command")) return Fail(command_path, "required for Runtime \"command\"");
    const JsonValue& command = object["Command"];
    if (!command.IsArray() || command.Empty()) {
      return FailType(command_path, "a non-empty array of strings", command);
    }
    for (rapidjson::SizeType i = 0; i < command.Size(); ++i) {
      if (!command[i].IsString()) return FailType(Element(command_path, i), "a string", command[i]);
      function->command.emplace_back(command[i].GetString(), command[i].GetStringLength());
    }
    std::string& program = function->command.front();
    if (program.empty()) return Fail(Element(command_path, 0), "the program must not be empty");
    // "./audit.sh" is relative to the functions file; "python3" is found on PATH.
    if (program.find('/') != std::string::npos) program = Resolve(program);
  }

  std::string code_directory = ".";
  if (!OptionalString(object, path, "CodeDirectory", &code_directory)) return false;
  function->code_directory = Resolve(code_directory);
  // The bootstraps load from it and a command runs in it, so a
  // missing directory would fail every invocation: say so at startup.
  std::error_code ec;
  if (!fs::is_directory(function->code_directory, ec)) {
    const bool exists = fs::exists(function->code_directory, ec);
    return Fail(Child(path, "CodeDirectory"),
                Quoted(function->code_directory) + (exists ? " is not a directory" : " does not exist"));
  }
  return true;
}

bool Parser::ParseEnvironment(const JsonValue& object, const std::string& path, FunctionConfig* function) {
  const auto environment = object.FindMember("Environment");
  if (environment == object.MemberEnd()) return true;
  const std::string environment_path = Child(path, "Environment");
  if (!CheckObject(environment->value, environment_path, {"Variables"})) return false;
  const auto variables = environment->value.FindMember("Variables");
  if (variables == environment->value.MemberEnd()) return true;
  const std::string variables_path = Child(environment_path, "Variables");
  if (!variables->value.IsObject()) return FailType(variables_path, "an object", variables->value);
  for (auto variable = variables->value.MemberBegin(); variable != variables->value.MemberEnd(); ++variable) {
    std::string name(variable->name.GetString(), variable->name.GetStringLength());
    const std::string variable_path = Child(variables_path, name);
    if (!IsEnvironmentVariableName(name)) {
      return Fail(variable_path, "variable names must match [a-zA-Z]([a-zA-Z0-9_])+");
    }
    if (!variable->value.IsString()) return FailType(variable_path, "a string", variable->value);
    for (const auto& [earlier, unused] : function->environment) {
      if (earlier == name) return Fail(variable_path, "variable given more than once");
    }
    function->environment.emplace_back(std::move(name), std::string(variable->value.GetString(),
                                                                     variable->value.GetStringLength()));
  }
  return true;
}

bool Parser::ParseMappings(const JsonValue& object, const std::string& path, const std::string& function_name) {
  const auto mappings = object.FindMember("EventSourceMappings");
  if (mappings == object.MemberEnd()) return true;
  const std::string mappings_path = Child(path, "EventSourceMappings");
  if (!CheckArray(mappings->value, mappings_path)) return false;
  const size_t first = result_.mappings.size();
  for (rapidjson::SizeType i = 0; i < mappings->value.Size(); ++i) {
    const std::string mapping_path = Element(mappings_path, i);
    MappingConfig mapping;
    mapping.function_name = function_name;
    if (!ParseMapping(mappings->value[i], mapping_path, &mapping)) return false;
    // Lambda refuses a second mapping between the same stream and function
    // (ResourceConflictException); two pollers would deliver every record twice.
    for (size_t j = first; j < result_.mappings.size(); ++j) {
      if (result_.mappings[j].table_name == mapping.table_name) {
        return Fail(mapping_path, "function " + Quoted(function_name) + " already has a mapping for table " +
                                      Quoted(mapping.table_name) + " (" + Element(mappings_path, j - first) + ")");
      }
    }
    result_.mappings.push_back(std::move(mapping));
  }
  return true;
}

bool Parser::ParseMapping(const JsonValue& object, const std::string& path, MappingConfig* mapping) {
  if (!CheckObject(object, path,
                   {"TableName", "EventSourceArn", "StartingPosition", "BatchSize", "MaximumBatchingWindowInSeconds",
                    "Enabled", "FilterCriteria", "MaximumRetryAttempts", "MaximumRecordAgeInSeconds",
                    "BisectBatchOnFunctionError", "FunctionResponseTypes", "DestinationConfig"})) {
    return false;
  }
  return ParseEventSource(object, path, mapping) && ParseStartingPosition(object, path, mapping) &&
         OptionalInt(object, path, "BatchSize", {1, kMaxBatchSize}, &mapping->batch_size) &&
         OptionalInt(object, path, "MaximumBatchingWindowInSeconds", {0, kMaxBatchingWindowSeconds},
                     &mapping->maximum_batching_window_seconds) &&
         OptionalBool(object, path, "Enabled", &mapping->enabled) &&
         ParseFilterCriteria(object, path, mapping) &&
         OptionalInt(object, path, "MaximumRetryAttempts", {-1, kMaxRetryAttempts},
                     &mapping->maximum_retry_attempts) &&
         OptionalInt(object, path, "MaximumRecordAgeInSeconds", {kMinRecordAgeSeconds, kMaxRecordAgeSeconds, true},
                     &mapping->maximum_record_age_seconds) &&
         OptionalBool(object, path, "BisectBatchOnFunctionError", &mapping->bisect_batch_on_function_error) &&
         ParseFunctionResponseTypes(object, path, mapping) && ParseDestinationConfig(object, path, mapping);
}

bool Parser::ParseEventSource(const JsonValue& object, const std::string& path, MappingConfig* mapping) {
  const bool has_table = object.HasMember("TableName");
  const bool has_arn = object.HasMember("EventSourceArn");
  if (has_table == has_arn) {
    return Fail(path, has_table ? "give either TableName or EventSourceArn, not both"
                                : "TableName or EventSourceArn is required");
  }
  if (has_table) {
    if (!OptionalString(object, path, "TableName", &mapping->table_name)) return false;
    if (!IsTableName(mapping->table_name)) {
      return Fail(Child(path, "TableName"),
                  "must be 3 to 255 letters, digits, '_', '-' or '.'" + Got(object["TableName"]));
    }
    return true;
  }
  if (!OptionalString(object, path, "EventSourceArn", &mapping->event_source_arn)) return false;
  std::optional<std::string> table = TableOfArn(mapping->event_source_arn);
  if (!table) {
    return Fail(Child(path, "EventSourceArn"),
                "must be the ARN of a DynamoDB table or stream, e.g. "
                "arn:aws:dynamodb:us-east-1:000000000000:table/Music" + Got(object["EventSourceArn"]));
  }
  mapping->table_name = std::move(*table);
  return true;
}

bool Parser::ParseStartingPosition(const JsonValue& object, const std::string& path, MappingConfig* mapping) {
  std::string position;
  if (!RequiredString(object, path, "StartingPosition", &position)) return false;
  const std::string position_path = Child(path, "StartingPosition");
  if (position == "TRIM_HORIZON") {
    mapping->starting_position = StartingPosition::kTrimHorizon;
  } else if (position == "LATEST") {
    mapping->starting_position = StartingPosition::kLatest;
  } else if (position == "AT_TIMESTAMP") {
    // Lambda accepts AT_TIMESTAMP only for Kinesis and Kafka sources.
    return Fail(position_path, "AT_TIMESTAMP is not supported for DynamoDB streams; use TRIM_HORIZON or LATEST");
  } else {
    return Fail(position_path, "must be TRIM_HORIZON or LATEST" + Got(object["StartingPosition"]));
  }
  return true;
}

bool Parser::ParseFilterCriteria(const JsonValue& object, const std::string& path, MappingConfig* mapping) {
  const auto criteria = object.FindMember("FilterCriteria");
  if (criteria == object.MemberEnd()) return true;
  const std::string criteria_path = Child(path, "FilterCriteria");
  if (!CheckObject(criteria->value, criteria_path, {"Filters"})) return false;
  const auto filters = criteria->value.FindMember("Filters");
  if (filters == criteria->value.MemberEnd()) return true;
  const std::string filters_path = Child(criteria_path, "Filters");
  if (!CheckArray(filters->value, filters_path)) return false;
  if (filters->value.Size() > kMaxFilters) {
    return Fail(filters_path, "at most " + std::to_string(kMaxFilters) + " filters are allowed (got " +
                                  std::to_string(filters->value.Size()) + ")");
  }
  for (rapidjson::SizeType i = 0; i < filters->value.Size(); ++i) {
    const std::string filter_path = Element(filters_path, i);
    std::string pattern;
    if (!CheckObject(filters->value[i], filter_path, {"Pattern"}) ||
        !RequiredString(filters->value[i], filter_path, "Pattern", &pattern)) {
      return false;
    }
    if (pattern.size() > kMaxPatternLength) {
      return Fail(Child(filter_path, "Pattern"),
                  "must be at most " + std::to_string(kMaxPatternLength) + " characters long");
    }
    mapping->filter_patterns.push_back(std::move(pattern));
  }
  return true;
}

bool Parser::ParseFunctionResponseTypes(const JsonValue& object, const std::string& path, MappingConfig* mapping) {
  const auto types = object.FindMember("FunctionResponseTypes");
  if (types == object.MemberEnd()) return true;
  const std::string types_path = Child(path, "FunctionResponseTypes");
  if (!CheckArray(types->value, types_path)) return false;
  for (rapidjson::SizeType i = 0; i < types->value.Size(); ++i) {
    const JsonValue& type = types->value[i];
    if (!type.IsString() || std::string_view(type.GetString(), type.GetStringLength()) != "ReportBatchItemFailures") {
      return Fail(Element(types_path, i), "must be \"ReportBatchItemFailures\"" + Got(type));
    }
    mapping->report_batch_item_failures = true;
  }
  return true;
}

bool Parser::ParseDestinationConfig(const JsonValue& object, const std::string& path, MappingConfig* mapping) {
  const auto config = object.FindMember("DestinationConfig");
  if (config == object.MemberEnd()) return true;
  const std::string config_path = Child(path, "DestinationConfig");
  // OnSuccess exists in Lambda's model but only for Kafka sources.
  if (!CheckObject(config->value, config_path, {"OnFailure"})) return false;
  const auto on_failure = config->value.FindMember("OnFailure");
  if (on_failure == config->value.MemberEnd()) return true;
  const std::string on_failure_path = Child(config_path, "OnFailure");
  std::string destination;
  if (!CheckObject(on_failure->value, on_failure_path, {"Destination"}) ||
      !RequiredString(on_failure->value, on_failure_path, "Destination", &destination)) {
    return false;
  }
  const std::string destination_path = Child(on_failure_path, "Destination");
  if (destination.empty()) return Fail(destination_path, "must not be empty");
  if (destination.rfind("arn:", 0) == 0) {
    return Fail(destination_path,
                "eddy writes on-failure records to a local file (one JSON object per line): give a file path, "
                "relative to the functions file, instead of an SQS, SNS or S3 ARN" +
                    Got(on_failure->value["Destination"]));
  }
  mapping->on_failure_path = Resolve(destination);
  return true;
}

fs::path AbsoluteDirectory(const std::string& directory) {
  std::error_code ec;
  fs::path absolute = fs::absolute(directory.empty() ? fs::path(".") : fs::path(directory), ec);
  return Normalized(ec ? fs::path(directory) : absolute);
}

}  // namespace

bool ParseFunctionsFile(std::string_view json, const std::string& base_directory, std::string display_name,
                        FunctionsFile* out, std::string* error) {
  Parser parser(std::move(display_name), AbsoluteDirectory(base_directory));
  if (parser.Parse(json, out)) return true;
  *error = parser.error();
  return false;
}

bool LoadFunctionsFile(const std::string& path, FunctionsFile* out, std::string* error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    *error = path + ": is a directory, not a functions file";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    *error = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  const std::string base_directory = fs::path(path).has_parent_path() ? fs::path(path).parent_path().string() : ".";
  return ParseFunctionsFile(text.str(), base_directory, path, out, error);
}

}  // namespace eddy::functions

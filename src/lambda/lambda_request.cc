#include "lambda/lambda_request.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "functions/lambda_log_lines.h"

namespace eddy::lambda {
namespace {

// FunctionName's constraint in botocore's model, as Lambda words it.
constexpr std::string_view kFunctionNamePattern =
    "Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
    "(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";

ApiError BadContent(std::string message) {
  return ApiError("InvalidRequestContentException", std::move(message), 400);
}

bool ValidNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

}  // namespace

std::vector<std::string> PathSegments(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.push_back(PercentDecode(path.substr(start, end - start)));
    start = end + 1;
  }
  return segments;
}

std::optional<std::string> QueryParameter(std::string_view query, std::string_view name) {
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    const size_t equals = pair.find('=');
    if (PercentDecode(pair.substr(0, equals)) == name) {
      return equals == std::string_view::npos ? std::string() : PercentDecode(pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return std::nullopt;
}

int64_t MaxItemsParameter(std::string_view query, int64_t fallback, int64_t cap) {
  std::optional<std::string> text = QueryParameter(query, "MaxItems");
  if (!text) return fallback;
  char* end = nullptr;
  const int64_t value = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0') throw ValidationError(*text, "maxItems", "Member must be an integer");
  CheckRange(value, "maxItems", 1, 10000);
  return std::min(value, cap);
}

ApiError ValidationError(std::string_view value, std::string_view member, std::string_view constraint) {
  return ApiError("ValidationException",
                  "1 validation error detected: Value '" + std::string(value) + "' at '" + std::string(member) +
                      "' failed to satisfy constraint: " + std::string(constraint),
                  400);
}

ApiError MissingMember(std::string_view member) {
  return ApiError("ValidationException",
                  "1 validation error detected: Value null at '" + std::string(member) +
                      "' failed to satisfy constraint: Member must not be null",
                  400);
}

ApiError InvalidParameter(std::string message) {
  return ApiError("InvalidParameterValueException", std::move(message), 400);
}

JsonBody::JsonBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    doc_.SetObject();
    return;
  }
  // Iteratively: nesting as deep as the body is long cannot overflow the stack.
  doc_.Parse<rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc_.HasParseError() || !doc_.IsObject()) {
    throw BadContent("Could not parse request body into json: Could not parse payload into json");
  }
}

const JsonValue* JsonBody::Find(std::string_view member) const {
  auto it = doc_.FindMember(JsonValue(rapidjson::StringRef(member.data(), member.size())));
  if (it == doc_.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::optional<std::string> JsonBody::String(std::string_view member) const {
  const JsonValue* v = Find(member);
  if (!v) return std::nullopt;
  if (!v->IsString()) throw BadContent("Could not parse request body into json: " + std::string(member) + " must be a string");
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<int64_t> JsonBody::Integer(std::string_view member) const {
  const JsonValue* v = Find(member);
  if (!v) return std::nullopt;
  if (!v->IsInt64()) throw BadContent("Could not parse request body into json: " + std::string(member) + " must be an integer");
  return v->GetInt64();
}

std::optional<bool> JsonBody::Boolean(std::string_view member) const {
  const JsonValue* v = Find(member);
  if (!v) return std::nullopt;
  if (!v->IsBool()) throw BadContent("Could not parse request body into json: " + std::string(member) + " must be a boolean");
  return v->GetBool();
}

void CheckRange(int64_t value, std::string_view member, int64_t min, int64_t max) {
  if (value < min) {
    throw ValidationError(std::to_string(value), member,
                          "Member must have value greater than or equal to " + std::to_string(min));
  }
  if (value > max) {
    throw ValidationError(std::to_string(value), member,
                          "Member must have value less than or equal to " + std::to_string(max));
  }
}

void CheckLength(std::string_view value, std::string_view member, size_t min, size_t max) {
  if (value.size() < min) {
    throw ValidationError(value, member, "Member must have length greater than or equal to " + std::to_string(min));
  }
  if (value.size() > max) {
    throw ValidationError(value, member, "Member must have length less than or equal to " + std::to_string(max));
  }
}

std::string FunctionNameOf(std::string_view value, std::string_view region) {
  std::string_view rest = value;
  std::string_view qualifier;
  if (rest.starts_with("arn:")) {
    // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
    size_t marker = rest.find(":function:");
    if (marker == std::string_view::npos) {
      throw ValidationError(value, "functionName", kFunctionNamePattern);
    }
    rest = rest.substr(marker + 10);
  } else if (size_t marker = rest.find(":function:"); marker != std::string_view::npos) {
    rest = rest.substr(marker + 10);  // <account>:function:<name>
  }
  if (size_t colon = rest.find(':'); colon != std::string_view::npos) {
    qualifier = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  bool valid = !rest.empty() && rest.size() <= 64;
  for (char c : rest) valid = valid && ValidNameChar(c);
  if (!valid) {
    throw ValidationError(value, "functionName", kFunctionNamePattern);
  }
  if (!qualifier.empty() && qualifier != "$LATEST") {
    throw ApiError("ResourceNotFoundException",
                   "Function not found: " + functions::LambdaFunctionArn(region, rest) + ":" + std::string(qualifier),
                   404);
  }
  return std::string(rest);
}

}  // namespace eddy::lambda

// Reading a Lambda REST request: the path's segments (percent-decoded), the
// query string, the JSON body, and typed members checked against the
// constraints of botocore's Lambda model, failing with Lambda's
// ValidationException ("1 validation error detected: Value '0' at
// 'timeout' failed to satisfy constraint: ...") or
// InvalidParameterValueException.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_error.h"
#include "core/api_message.h"
#include "core/json.h"
#include "core/percent_encoding.h"

namespace eddy::lambda {

// The path's segments after the leading '/', each percent-decoded ('+'
// stays: botocore and the JS SDK encode a space in a path as %20).
std::vector<std::string> PathSegments(std::string_view path);
// A query parameter's decoded value, if present.
std::optional<std::string> QueryParameter(std::string_view query, std::string_view name);
// MaxItems of a List call: 1..10000, `fallback` when absent, at most `cap`.
int64_t MaxItemsParameter(std::string_view query, int64_t fallback, int64_t cap);

ApiError ValidationError(std::string_view value, std::string_view member, std::string_view constraint);
ApiError InvalidParameter(std::string message);
// A required member left out: "Value null at 'functionName' ... must not be null".
ApiError MissingMember(std::string_view member);

// The request's JSON object body (an empty body is {}); a body that is not
// a JSON object is Lambda's InvalidRequestContentException.
class JsonBody {
 public:
  explicit JsonBody(std::string_view body);
  const JsonValue& object() const { return doc_; }
  const JsonValue* Find(std::string_view member) const;

  // Typed members; a value of the wrong JSON type is a SerializationException-
  // like InvalidRequestContentException, as Lambda's deserializer reports.
  std::optional<std::string> String(std::string_view member) const;
  std::optional<int64_t> Integer(std::string_view member) const;
  std::optional<bool> Boolean(std::string_view member) const;

 private:
  JsonDocument doc_;
};

// Constraint checks, Lambda's wording; `member` is the lowerCamel name.
void CheckRange(int64_t value, std::string_view member, int64_t min, int64_t max);
void CheckLength(std::string_view value, std::string_view member, size_t min, size_t max);

// A FunctionName path or body value: a name, a full ARN
// (arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]) or a
// partial one (<account>:function:<name>, <name>:<qualifier>). Returns the
// bare name; a qualifier other than $LATEST names a version eddy does not
// have (ResourceNotFoundException), as would a name that is not valid.
std::string FunctionNameOf(std::string_view value, std::string_view region);

}  // namespace eddy::lambda

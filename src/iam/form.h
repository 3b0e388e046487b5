// The AWS Query protocol's request encoding: an
// application/x-www-form-urlencoded body (and, rarely, a query string) of
// Action=...&Version=...&Name=value pairs, with lists flattened as
// `Tags.member.1.Key=...`. Also the percent-encoding IAM uses for the
// policy documents it returns.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace eddy::iam {

// Name -> decoded value. A name given twice keeps its last value, as the
// service does.
using FormParams = std::map<std::string, std::string, std::less<>>;

// Decodes one form component: `+` and `%20` both mean a space (botocore
// sends `+`, the JS SDK v3 `%20`); a `%` not followed by two hex digits is
// kept as it is.
std::string DecodeFormComponent(std::string_view text);

// Adds the pairs of `form` ("a=1&b=2"; a pair without `=` has an empty
// value) to `params`.
void ParseForm(std::string_view form, FormParams* params);

// Percent-encodes every byte but RFC 3986's unreserved characters, spaces
// as %20: the form IAM returns policy documents in, which botocore and the
// CLI decode with a plain unquote (so `+` must not stand for a space).
std::string PercentEncode(std::string_view text);

}  // namespace eddy::iam

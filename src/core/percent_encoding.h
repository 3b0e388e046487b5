// Percent-decoding of URL paths, query strings and form bodies: the one
// decoder for Lambda's REST paths and IAM's Query-protocol forms.
#pragma once

#include <string>
#include <string_view>

namespace eddy {

enum class PlusSign { kLiteral, kSpace };

// "%3A" -> ":"; a '%' not followed by two hex digits stays as it is. In a
// form body (application/x-www-form-urlencoded) '+' is a space.
std::string PercentDecode(std::string_view text, PlusSign plus = PlusSign::kLiteral);

}  // namespace eddy

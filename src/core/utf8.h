// UTF-8 validation for the strings eddy stores (attribute names, S and SS
// values). DynamoDB's JSON layer refuses invalid UTF-8; checking only stored
// strings, with an ASCII fast path, costs far less than validating the whole
// request body while parsing.
#pragma once

#include <string_view>

namespace eddy {

// Well-formed UTF-8 (no overlongs, surrogates, or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace eddy

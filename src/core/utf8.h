// UTF-8 validation. The dispatcher checks every request body (an ASCII fast
// path makes that cheap), and the JSON codec every stored string, since a
// \u escape of a lone surrogate is valid JSON but decodes to invalid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace eddy {

// Well-formed UTF-8 (no overlongs, surrogates, or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);

// `text` with each byte that starts no well-formed sequence replaced by
// U+FFFD: for error messages that quote input, so they stay valid JSON.
std::string SanitizeUtf8(std::string_view text);

}  // namespace eddy

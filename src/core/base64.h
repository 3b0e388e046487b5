// Base64, the one implementation in eddy (RFC 4648): the standard alphabet
// with padding, as DynamoDB's B type and the Lambda/Logs APIs use it, and the
// URL-safe alphabet without padding, for opaque tokens (shard iterators).
// Decoding is strict: every byte string has exactly one accepted text
// (padding only where needed, unused bits zero), which keeps BS duplicate
// detection and token checksums exact.
#pragma once

#include <string>
#include <string_view>

namespace eddy {

enum class Base64Alphabet {
  kStandard,  // A-Z a-z 0-9 + /, padded with '=' to a multiple of 4
  kUrl,       // A-Z a-z 0-9 - _, no padding
};

std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::kStandard);

// False when `text` is not valid in `alphabet`; `bytes` is then unspecified.
bool Base64Decode(std::string_view text, std::string* bytes, Base64Alphabet alphabet = Base64Alphabet::kStandard);

// Why `text` is not standard-alphabet base64, worded as DynamoDB's
// deserializer words it for a B value; empty when it is valid.
std::string Base64Problem(std::string_view text);

// The value of a standard-alphabet digit, or -1.
int Base64Digit(char c);

}  // namespace eddy

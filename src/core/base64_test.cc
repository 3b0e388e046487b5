#include "core/base64.h"

#include <doctest/doctest.h>

#include <random>

namespace eddy {
namespace {

std::string Decoded(std::string_view text, Base64Alphabet alphabet) {
  std::string bytes;
  REQUIRE(Base64Decode(text, &bytes, alphabet));
  return bytes;
}

bool Decodes(std::string_view text, Base64Alphabet alphabet) {
  std::string bytes;
  return Base64Decode(text, &bytes, alphabet);
}

TEST_CASE("both alphabets round-trip any bytes") {
  std::mt19937 rng(7);
  for (size_t length = 0; length < 40; ++length) {
    std::string bytes;
    for (size_t i = 0; i < length; ++i) bytes.push_back(static_cast<char>(rng() & 0xff));
    const std::string standard = Base64Encode(bytes);
    CHECK(standard.size() % 4 == 0);
    CHECK(Decoded(standard, Base64Alphabet::kStandard) == bytes);
    const std::string url = Base64Encode(bytes, Base64Alphabet::kUrl);
    CHECK(url.find_first_of("+/=") == std::string::npos);
    CHECK(Decoded(url, Base64Alphabet::kUrl) == bytes);
  }
}

TEST_CASE("known texts, and texts each alphabet refuses") {
  CHECK(Base64Encode("hello") == "aGVsbG8=");
  CHECK(Base64Encode("hello", Base64Alphabet::kUrl) == "aGVsbG8");
  CHECK(Base64Encode(std::string("\xfb\xff", 2)) == "+/8=");
  CHECK(Base64Encode(std::string("\xfb\xff", 2), Base64Alphabet::kUrl) == "-_8");
  CHECK_FALSE(Decodes("aGVsbG8", Base64Alphabet::kStandard));   // padding missing
  CHECK_FALSE(Decodes("aGVsbG9=", Base64Alphabet::kStandard));  // non-zero unused bits
  CHECK_FALSE(Decodes("aG=sbG8=", Base64Alphabet::kStandard));  // padding inside
  CHECK_FALSE(Decodes("aGVsbG8=", Base64Alphabet::kUrl));       // padding is not in the alphabet
  CHECK_FALSE(Decodes("+/8", Base64Alphabet::kUrl));            // nor + and /
  CHECK_FALSE(Decodes("a", Base64Alphabet::kUrl));              // impossible length
  CHECK_FALSE(Decodes("aGVsbG9", Base64Alphabet::kUrl));        // non-zero leftover bits
}

}  // namespace
}  // namespace eddy

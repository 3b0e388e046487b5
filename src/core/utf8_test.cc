#include <doctest/doctest.h>

#include <string>

#include "core/utf8.h"

namespace eddy {

TEST_CASE("IsValidUtf8 accepts well-formed text and refuses the rest") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("plain ASCII, longer than eight bytes"));
  CHECK(IsValidUtf8("h\xC3\xA9llo"));                  // é
  CHECK(IsValidUtf8("\xE2\x82\xAC and \xF0\x9F\x98\x80"));  // € and an emoji
  CHECK(IsValidUtf8(std::string("nul\0inside", 10)));
  CHECK_FALSE(IsValidUtf8("\xFF\xFE"));
  CHECK_FALSE(IsValidUtf8("\x80"));                  // lone continuation
  CHECK_FALSE(IsValidUtf8("\xC3"));                  // truncated
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xE0\x80\xAF"));          // overlong, 3 bytes
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));          // surrogate U+D800
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // past U+10FFFF
  CHECK_FALSE(IsValidUtf8("12345678\xFF"));          // after the ASCII fast path
}

TEST_CASE("SanitizeUtf8 keeps valid text and replaces each bad byte") {
  CHECK(SanitizeUtf8("plain") == "plain");
  CHECK(SanitizeUtf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(SanitizeUtf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(SanitizeUtf8("\xED\xB0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a lone surrogate
  CHECK(SanitizeUtf8("x\xC3") == "x\xEF\xBF\xBD");                                     // cut short
  CHECK(IsValidUtf8(SanitizeUtf8("\x80\x80" "abc\xF5\xC0\xAF")));
}

}  // namespace eddy

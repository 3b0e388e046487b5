#include "core/utf8.h"

#include <cstdint>
#include <cstring>

namespace eddy {
namespace {

// The length of the well-formed sequence starting at p (p < end, *p >= 0x80),
// or 0 when it is not one.
int SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  int length;
  uint32_t code;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
    code = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    code = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    code = c & 0x07;
  } else {
    return 0;  // continuation byte, overlong lead (C0, C1) or past F4
  }
  if (end - p < length) return 0;
  for (int i = 1; i < length; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    code = (code << 6) | (p[i] & 0x3F);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

// How many bytes from the start of `text` are well-formed UTF-8.
size_t ValidPrefix(std::string_view text) {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* p = begin;
  const unsigned char* end = p + text.size();
  while (p < end) {
    // Eight ASCII bytes at a time: the common case for keys and names.
    if (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const int length = SequenceLength(p, end);
    if (length == 0) break;
    p += length;
  }
  return static_cast<size_t>(p - begin);
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return ValidPrefix(text) == text.size(); }

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const size_t valid = ValidPrefix(text);
    out.append(text.substr(0, valid));
    if (valid == text.size()) break;
    out.append("\xEF\xBF\xBD");  // U+FFFD for the byte that starts no sequence
    text.remove_prefix(valid + 1);
  }
  return out;
}

}  // namespace eddy

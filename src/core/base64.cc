#include "core/base64.h"

#include <cstdint>

namespace eddy {
namespace {

constexpr char kStandard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

int Base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string Base64Encode(std::string_view bytes, Base64Alphabet alphabet) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kStandard[(n >> 18) & 63]);
    out.push_back(kStandard[(n >> 12) & 63]);
    out.push_back(kStandard[(n >> 6) & 63]);
    out.push_back(kStandard[n & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(kStandard[(n >> 18) & 63]);
    out.push_back(kStandard[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kStandard[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  if (alphabet == Base64Alphabet::kUrl) {
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

bool Base64Decode(std::string_view text, std::string* bytes, Base64Alphabet alphabet) {
  bytes->clear();
  if (alphabet == Base64Alphabet::kUrl) {
    // The same text in the standard alphabet, padded: one decoder for both.
    if (text.size() % 4 == 1) return false;
    std::string standard(text);
    for (char& c : standard) {
      if (c == '+' || c == '/' || c == '=') return false;
      c = c == '-' ? '+' : c == '_' ? '/' : c;
    }
    standard.append((4 - standard.size() % 4) % 4, '=');
    return Base64Decode(standard, bytes, Base64Alphabet::kStandard);
  }
  // Strict: length a multiple of 4, at most two '=' and only at the end,
  // and the unused bits of the last digit zero.
  if (text.size() % 4 != 0) return false;
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') pad = (text.size() >= 2 && text[text.size() - 2] == '=') ? 2 : 1;
  bytes->reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    size_t digits = last ? 4 - pad : 4;
    uint32_t n = 0;
    for (size_t j = 0; j < 4; ++j) {
      int d = 0;
      if (j < digits) {
        d = Base64Digit(text[i + j]);
        if (d < 0) return false;
      }
      n = (n << 6) | static_cast<uint32_t>(d);
    }
    // With one pad the last digit's low 2 bits must be zero; with two, the
    // second digit's low 4 bits.
    if (last && pad == 1 && (n & 0xFF) != 0) return false;
    if (last && pad == 2 && (n & 0xFFFF) != 0) return false;
    bytes->push_back(static_cast<char>((n >> 16) & 0xFF));
    if (digits >= 3) bytes->push_back(static_cast<char>((n >> 8) & 0xFF));
    if (digits == 4) bytes->push_back(static_cast<char>(n & 0xFF));
  }
  return true;
}

std::string Base64Problem(std::string_view text) {
  if (text.size() % 4 != 0) {
    return "Base64 encoded length is expected a multiple of 4 bytes but found: " +
           std::to_string(text.size());
  }
  std::string ignored;
  if (!Base64Decode(text, &ignored)) return "Invalid last non-pad Base64 character dectected";
  return "";
}


}  // namespace eddy

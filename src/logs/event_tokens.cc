#include "logs/event_tokens.h"

#include <cstdio>

namespace eddy::logs {
namespace {

constexpr std::string_view kNamePrefix = "n1/";
constexpr std::string_view kFilterPrefix = "e1/";
constexpr uint64_t kBias = 1ULL << 63;  // maps int64 order onto uint64 order

// Timestamps as biased unsigned numbers so negative ones keep their order.
uint64_t Biased(int64_t value) { return static_cast<uint64_t>(value) ^ kBias; }
int64_t Unbiased(uint64_t value) { return static_cast<int64_t>(value ^ kBias); }

std::string Digits20(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "%020llu", static_cast<unsigned long long>(value));
  return text;
}

std::optional<uint64_t> ParseDigits(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string Hex(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (unsigned char c : data) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = nibble(text[i]);
    const int low = nibble(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

}  // namespace

std::string FormatStreamToken(const StreamToken& token) {
  std::string text = token.forward ? "f/" : "b/";
  text += "0000000000000000";  // pads to CloudWatch's 56 digits
  text += Digits20(Biased(token.key.timestamp));
  text += Digits20(token.key.sequence);
  text += "/s";
  return text;
}

std::optional<StreamToken> ParseStreamToken(std::string_view text) {
  if (text.size() != 2 + 56 + 2 || (text[0] != 'f' && text[0] != 'b') || text[1] != '/' ||
      text.substr(58) != "/s" || text.substr(2, 16) != "0000000000000000") {
    return std::nullopt;
  }
  auto timestamp = ParseDigits(text.substr(18, 20));
  auto sequence = ParseDigits(text.substr(38, 20));
  if (!timestamp || !sequence) return std::nullopt;
  return StreamToken{text[0] == 'f', EventKey{Unbiased(*timestamp), *sequence}};
}

std::string EventId(int64_t timestamp, uint64_t stream_hash, uint64_t sequence) {
  char hash[24];
  std::snprintf(hash, sizeof(hash), "%016llu", static_cast<unsigned long long>(stream_hash % 10000000000000000ULL));
  return Digits20(Biased(timestamp)) + hash + Digits20(sequence);
}

std::string FormatFilterToken(const LogStore::MergedPosition& position) {
  std::string text(kFilterPrefix);
  text += Digits20(Biased(position.timestamp));
  text += Digits20(position.sequence);
  text += Hex(position.stream);
  return text;
}

std::optional<LogStore::MergedPosition> ParseFilterToken(std::string_view text) {
  if (text.size() < kFilterPrefix.size() + 40 || text.substr(0, kFilterPrefix.size()) != kFilterPrefix) {
    return std::nullopt;
  }
  text.remove_prefix(kFilterPrefix.size());
  auto timestamp = ParseDigits(text.substr(0, 20));
  auto sequence = ParseDigits(text.substr(20, 20));
  auto stream = Unhex(text.substr(40));
  if (!timestamp || !sequence || !stream) return std::nullopt;
  return LogStore::MergedPosition{Unbiased(*timestamp), std::move(*stream), *sequence};
}

std::string FormatNameToken(std::string_view key) { return std::string(kNamePrefix) + Hex(key); }

std::optional<std::string> ParseNameToken(std::string_view text) {
  if (text.substr(0, kNamePrefix.size()) != kNamePrefix) return std::nullopt;
  return Unhex(text.substr(kNamePrefix.size()));
}

}  // namespace eddy::logs

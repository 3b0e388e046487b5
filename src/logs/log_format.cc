#include "logs/log_format.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "core/fnv.h"

namespace eddy::logs {
namespace {

constexpr size_t kMaxEncodedName = 200;
constexpr size_t kIsoLength = 24;  // 2026-11-25T10:00:00.123Z

bool IsEscapeFollower(char c) { return c == 'n' || c == 'r' || c == '\\' || c == '\n' || c == '\r'; }

// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm), so
// parsing does not depend on the process's time zone.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view text, size_t pos, size_t count, int* out) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

}  // namespace

std::string EscapeMessage(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 8);
  for (size_t i = 0; i < message.size(); ++i) {
    const char c = message[i];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\\' && i + 1 < message.size() && IsEscapeFollower(message[i + 1])) {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

std::string UnescapeMessage(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size()) {
      const char next = line[i + 1];
      if (next == 'n' || next == 'r' || next == '\\') {
        out += next == 'n' ? '\n' : next == 'r' ? '\r' : '\\';
        ++i;
        continue;
      }
    }
    out += line[i];
  }
  return out;
}

std::optional<int64_t> ParseIsoMillis(std::string_view text) {
  if (text.size() != kIsoLength || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != '.' || text[23] != 'Z') {
    return std::nullopt;
  }
  int year, month, day, hour, minute, second, ms;
  if (!Digits(text, 0, 4, &year) || !Digits(text, 5, 2, &month) || !Digits(text, 8, 2, &day) ||
      !Digits(text, 11, 2, &hour) || !Digits(text, 14, 2, &minute) || !Digits(text, 17, 2, &second) ||
      !Digits(text, 20, 3, &ms)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + ms;
}

std::string FormatEventLine(int64_t timestamp, std::string_view message) {
  std::string line = FormatIsoMillis(timestamp);
  line += '\t';
  line += EscapeMessage(message);
  return line;
}

std::optional<ParsedLine> ParseEventLine(std::string_view line) {
  if (line.size() < kIsoLength + 1 || line[kIsoLength] != '\t') return std::nullopt;
  auto timestamp = ParseIsoMillis(line.substr(0, kIsoLength));
  if (!timestamp) return std::nullopt;
  return ParsedLine{*timestamp, UnescapeMessage(line.substr(kIsoLength + 1))};
}

std::string EncodeFileName(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                       c == '-' || (c == '.' && i > 0);
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (out.size() > kMaxEncodedName) {
    size_t cut = kMaxEncodedName - 20;
    // Do not split a %XX escape.
    if (out[cut - 1] == '%') cut -= 1;
    if (out[cut - 2] == '%') cut -= 2;
    char hash[20];
    std::snprintf(hash, sizeof(hash), "~%016llx", static_cast<unsigned long long>(Fnv1a64(name)));
    out.resize(cut);
    out += hash;
  }
  return out;
}

}  // namespace eddy::logs

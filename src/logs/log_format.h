// The text forms of the log files (layout in logs/log_store.h): one line per
// event, "<ISO 8601 UTC timestamp with milliseconds><TAB><escaped message>",
// and the file names that log group and stream names map to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/iso_time.h"

namespace eddy::logs {

// Keeps a message on one line while leaving it readable: LF -> "\n",
// CR -> "\r"; a backslash is written as "\\" only when the next character
// would make it read as an escape (n, r, a backslash, LF or CR), so JSON
// text such as {"a":"x\"y"} is written unchanged.
std::string EscapeMessage(std::string_view message);
// Inverse of EscapeMessage: "\n" -> LF, "\r" -> CR, "\\" -> backslash, any
// other backslash is itself.
std::string UnescapeMessage(std::string_view line);

// Exactly core/iso_time.h's FormatIsoMillis format; nullopt otherwise.
std::optional<int64_t> ParseIsoMillis(std::string_view text);

// The whole line for one event (without the trailing LF), and its inverse
// (nullopt for a line that is not one, e.g. torn by a crash mid-write).
std::string FormatEventLine(int64_t timestamp, std::string_view message);
struct ParsedLine {
  int64_t timestamp;
  std::string message;
};
std::optional<ParsedLine> ParseEventLine(std::string_view line);

// A file name for any group or stream name: [A-Za-z0-9_-] and '.' (except
// leading) kept, every other byte as %XX, so distinct names give distinct
// names; names whose encoding exceeds 200 bytes are cut and get "~" and a
// 64-bit hash appended ('~' never appears otherwise). The real names are
// kept in group.meta, so the mapping need not be reversible.
std::string EncodeFileName(std::string_view name);

}  // namespace eddy::logs

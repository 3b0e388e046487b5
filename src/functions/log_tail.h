// LogTail: the last bytes of one invocation's log text, kept while the
// invocation writes it, for InvokeResult::log (Lambda's Invoke with
// --log-type Tail returns the last 4 KB of it, base64-encoded). However much
// a function prints, a tail holds at most twice its limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eddy::functions {

class LogTail {
 public:
  explicit LogTail(size_t limit) : limit_(limit) {}

  // One log event as written to the stream. An event that does not end with
  // a newline (output without one, a Python [ERROR] report) gets one, so the
  // next event starts on a line of its own, as Lambda's log tail shows them.
  void Append(std::string_view message);
  // The last `limit` bytes appended; empties the tail.
  std::string Take();

 private:
  void Keep(std::string_view bytes);
  size_t limit_;
  std::string text_;
};

}  // namespace eddy::functions

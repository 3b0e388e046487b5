#include "functions/log_tail.h"

#include <utility>

namespace eddy::functions {

void LogTail::Keep(std::string_view bytes) {
  if (bytes.size() >= limit_) {
    text_.assign(bytes.substr(bytes.size() - limit_));
    return;
  }
  text_.append(bytes);
  // Trimmed in steps of at least `limit_` bytes, so appending stays linear.
  if (text_.size() > 2 * limit_) text_.erase(0, text_.size() - limit_);
}

void LogTail::Append(std::string_view message) {
  if (message.empty()) return;
  Keep(message);
  if (message.back() != '\n') Keep("\n");
}

std::string LogTail::Take() {
  if (text_.size() > limit_) text_.erase(0, text_.size() - limit_);
  return std::exchange(text_, std::string());
}

}  // namespace eddy::functions

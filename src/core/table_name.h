// DynamoDB's table-name rules: 3 to 255 characters of [a-zA-Z0-9_.-].
#pragma once

#include <algorithm>
#include <string_view>

namespace eddy {

inline constexpr size_t kMinTableNameLength = 3;
inline constexpr size_t kMaxTableNameLength = 255;

inline bool IsTableNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

inline bool IsTableName(std::string_view name) {
  return name.size() >= kMinTableNameLength && name.size() <= kMaxTableNameLength &&
         std::all_of(name.begin(), name.end(), IsTableNameChar);
}

}  // namespace eddy

#pragma once

#include <string_view>

namespace eddy::expr {

// True for DynamoDB's ~573 reserved words, compared case-insensitively.
bool IsReservedWord(std::string_view name);

}  // namespace eddy::expr

// The label of a table's stream: DynamoDB uses the stream's creation time as
// an ISO-8601 timestamp with milliseconds, e.g. "2026-11-25T10:33:06.123".
#pragma once

#include <cstdint>
#include <string>

namespace eddy {

std::string StreamLabel(int64_t creation_millis);

}  // namespace eddy

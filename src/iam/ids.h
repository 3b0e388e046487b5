// Random identifiers shaped like AWS's: RoleId "AROA" + 17 characters,
// PolicyId "ANPA" + 17, temporary access key ids "ASIA" + 16.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace eddy::iam {

inline constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// `prefix` followed by `length` characters drawn from `alphabet` (from a
// per-thread generator seeded once: unique in practice, not secret).
std::string RandomId(std::string_view prefix, size_t length, std::string_view alphabet = kUpperAlnum);

}  // namespace eddy::iam

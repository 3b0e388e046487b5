// FNV-1a: a small non-cryptographic hash, stable across runs, platforms and
// builds, for ids and checksums that are stored or shown (shard ids, log
// file names, shard-iterator checksums, mapping UUIDs). Not for anything an
// attacker chooses to collide.
#pragma once

#include <cstdint>
#include <string_view>

namespace eddy {

inline constexpr uint64_t kFnv64OffsetBasis = 14695981039346656037ULL;
inline constexpr uint32_t kFnv32OffsetBasis = 2166136261U;

// `hash` continues an earlier hash (or seeds a second, independent one).
constexpr uint64_t Fnv1a64(std::string_view text, uint64_t hash = kFnv64OffsetBasis) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

constexpr uint32_t Fnv1a32(std::string_view text, uint32_t hash = kFnv32OffsetBasis) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 16777619U;
  }
  return hash;
}

}  // namespace eddy

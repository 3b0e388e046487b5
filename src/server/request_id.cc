#include "server/request_id.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <thread>

namespace eddy {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// wyrand (Wang Yi): one multiply per 64 random bits, passes BigCrush; more
// than enough for ids that only need to be distinct.
class WyRand {
 public:
  explicit WyRand(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0xa0761d6478bd642fULL;
    __uint128_t m = static_cast<__uint128_t>(state_) * (state_ ^ 0xe7037ed1a0b428dbULL);
    return static_cast<uint64_t>(m >> 64) ^ static_cast<uint64_t>(m);
  }

 private:
  uint64_t state_;
};

uint64_t ThreadSeed() {
  // random_device is a syscall, but only once per thread; the clock and the
  // thread id keep seeds distinct even where random_device is deterministic.
  std::random_device device;
  uint64_t seed = (uint64_t{device()} << 32) ^ device();
  seed ^= static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  seed ^= std::hash<std::thread::id>{}(std::this_thread::get_id()) * 0x9E3779B97F4A7C15ULL;
  return seed;
}

}  // namespace

RequestId RequestId::Generate() {
  thread_local WyRand rng(ThreadSeed());
  RequestId id;
  for (size_t i = 0; i < kLength; i += 2) {
    uint64_t r = rng.Next();
    // Multiply-shift maps 32 random bits onto [0, 36) (Lemire); the bias
    // (< 2^-26) is irrelevant for ids.
    id.chars_[i] = kAlphabet[((r & 0xFFFFFFFFu) * kAlphabet.size()) >> 32];
    id.chars_[i + 1] = kAlphabet[((r >> 32) * kAlphabet.size()) >> 32];
  }
  return id;
}

}  // namespace eddy

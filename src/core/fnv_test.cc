#include "core/fnv.h"

#include <doctest/doctest.h>

namespace eddy {
namespace {

// The published FNV-1a test vectors (draft-eastlake-fnv).
static_assert(Fnv1a64("") == 0xcbf29ce484222325ULL);
static_assert(Fnv1a32("") == 0x811c9dc5U);

TEST_CASE("Fnv1a64 and Fnv1a32: reference values, and continuing a hash") {
  CHECK(Fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(Fnv1a64("foobar") == 0x85944171f73967e8ULL);
  CHECK(Fnv1a32("a") == 0xe40c292cU);
  CHECK(Fnv1a32("foobar") == 0xbf9cf968U);
  CHECK(Fnv1a64("bar", Fnv1a64("foo")) == Fnv1a64("foobar"));
  CHECK(Fnv1a32("bar", Fnv1a32("foo")) == Fnv1a32("foobar"));
}

}  // namespace
}  // namespace eddy

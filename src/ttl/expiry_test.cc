// The TTL rule table (DynamoDB Developer Guide, "Formatting your table's TTL
// attribute"; Alternator's test_ttl.py, verified against DynamoDB).
#include "ttl/expiry.h"

#include <doctest/doctest.h>

namespace eddy {
namespace {

constexpr int64_t kNow = 1'700'000'000;

AttributeValue N(std::string_view text) { return AttributeValue::Num(Number::Parse(text)); }

bool Expired(const AttributeValue& value) { return IsExpired(&value, kNow); }

TEST_CASE("IsExpired: numbers of epoch seconds") {
  CHECK(Expired(N("1699999999")));        // one second ago
  CHECK(Expired(N("1699999940")));        // a minute ago
  CHECK_FALSE(Expired(N("1700000000")));  // now: not yet ("less than the current time")
  CHECK_FALSE(Expired(N("1700000001")));  // the future
  CHECK_FALSE(Expired(N("1700000000000")));  // milliseconds: far in the future
  CHECK_FALSE(Expired(N("9.9999999999999999999999999999999999999E+125")));
}

TEST_CASE("IsExpired: fractions and exponents compare as the number they are") {
  CHECK(Expired(N("1699999999.9")));
  CHECK(Expired(N("169999999e1")));       // 1699999990
  CHECK(Expired(N("1.69999999e9")));
  CHECK_FALSE(Expired(N("1700000000.1")));  // a tenth of a second in the future
  CHECK_FALSE(Expired(N("17e8")));          // exactly now
}

TEST_CASE("IsExpired: more than five years in the past is ignored") {
  CHECK(Expired(N(std::to_string(kNow - kTtlMaxAgeSeconds))));       // exactly five years
  CHECK_FALSE(Expired(N(std::to_string(kNow - kTtlMaxAgeSeconds - 1))));
  CHECK_FALSE(Expired(N("162777600")));  // 1975
  CHECK_FALSE(Expired(N("0")));
  CHECK_FALSE(Expired(N("-1")));
  CHECK_FALSE(Expired(N("-1700000000")));
  CHECK_FALSE(Expired(N("0.5")));
}

TEST_CASE("IsExpired: only a top-level Number counts") {
  CHECK_FALSE(IsExpired(nullptr, kNow));  // no attribute
  CHECK_FALSE(Expired(AttributeValue::String("1699999999")));
  CHECK_FALSE(Expired(AttributeValue::Binary("1699999999")));
  CHECK_FALSE(Expired(AttributeValue::Bool(true)));
  CHECK_FALSE(Expired(AttributeValue::Null()));
  CHECK_FALSE(Expired(AttributeValue::NumberSet({Number::Parse("1699999999")})));
  CHECK_FALSE(Expired(AttributeValue::List({N("1699999999")})));
  CHECK_FALSE(Expired(AttributeValue::Map({{"ttl", N("1699999999")}})));
}

TEST_CASE("IsItemExpired looks at the named top-level attribute") {
  Item item = {{"p", AttributeValue::String("k")}, {"expires", N("1699999999")}};
  CHECK(IsItemExpired(item, "expires", kNow));
  CHECK_FALSE(IsItemExpired(item, "other", kNow));
  CHECK_FALSE(IsItemExpired(item, "Expires", kNow));  // names are case-sensitive
}

}  // namespace
}  // namespace eddy

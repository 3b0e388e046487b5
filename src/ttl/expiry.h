// IsExpired: DynamoDB's rule for whether an item's TTL attribute says the
// item has expired, as a pure function of the value and the current time.
//
// From the DynamoDB Developer Guide, "Time to Live (TTL)" and "Formatting
// your table's TTL attribute":
//  - the TTL attribute must be a top-level Number holding Unix epoch time in
//    seconds; any other type (a String, a Number Set, a nested value) is
//    ignored and the item never expires;
//  - an item expires once that time is less than the current time; values in
//    the future (including milliseconds mistaken for seconds) are simply not
//    expired yet;
//  - values more than five years in the past are ignored (so a mistaken
//    small number, or a negative one, never deletes anything);
//  - the value may have a fraction or an exponent ("1700000000.5",
//    "17e8"): it is compared as the number it is (Alternator's test_ttl.py
//    checks both forms expire against real DynamoDB).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/attribute_value.h"

namespace eddy {

// Five years of 365 days: older expiration times are ignored.
inline constexpr int64_t kTtlMaxAgeSeconds = 5LL * 365 * 24 * 3600;

// True when `ttl_value` (null when the item has no such attribute) is a
// Number of epoch seconds earlier than `now_seconds` and not more than five
// years earlier.
bool IsExpired(const AttributeValue* ttl_value, int64_t now_seconds);

// IsExpired for the item's top-level attribute `attribute`.
bool IsItemExpired(const Item& item, std::string_view attribute, int64_t now_seconds);

}  // namespace eddy

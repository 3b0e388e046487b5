// Item size as DynamoDB computes it (for the 400 KB limit, key-size limits
// and capacity units): attribute name bytes plus value bytes, where
//   S: UTF-8 bytes; B: raw bytes; N: (significant digits + 1) / 2 + 1
//   (rounded up, approximately as documented); BOOL and NULL: 1;
//   L and M: 3 bytes of overhead + 1 byte per element + the elements
//   (map entries include their name length); sets: sum of the members.
// See docs: "Item sizes and formats" in the DynamoDB developer guide.
#pragma once

#include <cstddef>

#include "core/attribute_value.h"

namespace eddy {

inline constexpr size_t kMaxItemSize = 400 * 1024;

size_t AttributeValueSize(const AttributeValue& value);
size_t ItemSize(const Item& item);

}  // namespace eddy

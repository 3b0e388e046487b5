#include "expr/value_compare.h"

#include <cassert>

namespace eddy::expr {

bool IsOrderedType(AttributeType type) {
  return type == AttributeType::kString || type == AttributeType::kNumber ||
         type == AttributeType::kBinary;
}

int CompareOrdered(const AttributeValue& a, const AttributeValue& b) {
  assert(a.type == b.type && IsOrderedType(a.type));
  if (a.type == AttributeType::kNumber) {
    auto order = a.as_number() <=> b.as_number();
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
  }
  // std::string::compare uses char_traits<char>::compare, which compares as
  // unsigned char, so bytes >= 0x80 sort after ASCII.
  int c = a.as_string().compare(b.as_string());
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace eddy::expr

#include "core/item_size.h"

namespace eddy {
namespace {

// Bytes DynamoDB bills for a number. Numbers are stored as base-100 digits
// (two decimal digits a byte) aligned on even powers of ten, plus one byte
// of exponent, plus one terminator byte for negatives; zero is one byte.
// This is dynalite's formula, which its tests pin against the real 400 KB
// limit; the docs' "1 byte per two significant digits + 1" approximates it.
size_t NumberSize(const Number& n) {
  if (n.is_zero()) return 1;
  // Powers of ten held by the first and last digits (0.D1... * 10^e, so D1
  // has weight 10^(e-1)).
  const int64_t first = n.exponent() - 1;
  const int64_t last = n.exponent() - static_cast<int64_t>(n.digits().size());
  auto pair_of = [](int64_t power) { return power >= 0 ? power / 2 : -((-power + 1) / 2); };
  const size_t base100_digits = static_cast<size_t>(pair_of(first) - pair_of(last) + 1);
  return 1 + base100_digits + (n.is_negative() ? 1 : 0);
}

}  // namespace

size_t AttributeValueSize(const AttributeValue& value) {
  switch (value.type) {
    case AttributeType::kNull:
    case AttributeType::kBool:
      return 1;
    case AttributeType::kString:
    case AttributeType::kBinary:
      return value.as_string().size();  // UTF-8 bytes / raw bytes
    case AttributeType::kNumber:
      return NumberSize(value.as_number());
    case AttributeType::kStringSet:
    case AttributeType::kBinarySet: {
      size_t size = 0;
      for (const std::string& m : value.as_string_set()) size += m.size();
      return size;
    }
    case AttributeType::kNumberSet: {
      size_t size = 0;
      for (const Number& m : value.as_number_set()) size += NumberSize(m);
      return size;
    }
    case AttributeType::kList: {
      // 3 bytes for the document plus 1 byte per element.
      size_t size = 3;
      for (const AttributeValue& m : value.as_list()) size += 1 + AttributeValueSize(m);
      return size;
    }
    case AttributeType::kMap: {
      size_t size = 3;
      for (const auto& [name, m] : value.as_map()) size += 1 + name.size() + AttributeValueSize(m);
      return size;
    }
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + AttributeValueSize(value);
  return size;
}

}  // namespace eddy

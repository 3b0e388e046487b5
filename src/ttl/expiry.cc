#include "ttl/expiry.h"

#include <optional>

namespace eddy {

bool IsExpired(const AttributeValue* ttl_value, int64_t now_seconds) {
  if (!ttl_value || ttl_value->type != AttributeType::kNumber) return false;
  const Number& expiry = ttl_value->as_number();
  // Negative values are decades in the past: never expired. Values too
  // large for int64 are far in the future: not expired.
  if (expiry.is_negative()) return false;
  std::optional<int64_t> whole_seconds = expiry.ToInt64();
  if (!whole_seconds) return false;
  // For a non-negative value v and an integer now, v < now exactly when
  // trunc(v) < now, so truncating the fraction keeps the comparison exact.
  return *whole_seconds < now_seconds && *whole_seconds >= now_seconds - kTtlMaxAgeSeconds;
}

bool IsItemExpired(const Item& item, std::string_view attribute, int64_t now_seconds) {
  auto it = item.find(attribute);
  return IsExpired(it == item.end() ? nullptr : &it->second, now_seconds);
}

}  // namespace eddy

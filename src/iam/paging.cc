#include "iam/paging.h"

#include <algorithm>

#include "core/base64.h"
#include "iam/errors.h"

namespace eddy::iam {

PageRange SelectPage(const std::vector<std::string>& keys, const Params::Page& page, bool sorted) {
  PageRange range;
  if (page.marker) {
    std::string key;
    if (!Base64Decode(*page.marker, &key, Base64Alphabet::kUrl)) throw ValidationError("Invalid Marker.");
    auto it = sorted ? std::lower_bound(keys.begin(), keys.end(), key) : std::find(keys.begin(), keys.end(), key);
    if (!sorted && it == keys.end()) throw ValidationError("Invalid Marker.");
    range.begin = static_cast<size_t>(it - keys.begin());
  }
  range.end = std::min(keys.size(), range.begin + page.max_items);
  range.truncated = range.end < keys.size();
  if (range.truncated) range.next_marker = Base64Encode(keys[range.end], Base64Alphabet::kUrl);
  return range;
}

void WritePageEnd(XmlWriter& xml, const PageRange& range) {
  xml.Bool("IsTruncated", range.truncated);
  if (range.truncated) xml.Element("Marker", range.next_marker);
}

}  // namespace eddy::iam

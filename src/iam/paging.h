// IAM's Marker/MaxItems paging over a list held in memory. A marker is
// opaque to clients: the base64url of the key of the next page's first
// item.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "iam/params.h"
#include "iam/xml.h"

namespace eddy::iam {

struct PageRange {
  size_t begin = 0;
  size_t end = 0;
  bool truncated = false;
  std::string next_marker;  // when truncated
};

// The items [begin, end) of `keys` that `page` asks for. With `sorted`
// keys the marker is a lower bound (the item it named may have been
// deleted since); otherwise it must name an item still in the list.
// Throws ValidationError for a marker eddy did not issue.
PageRange SelectPage(const std::vector<std::string>& keys, const Params::Page& page, bool sorted);

// <IsTruncated>..</IsTruncated> and, when truncated, <Marker>..</Marker>.
void WritePageEnd(XmlWriter& xml, const PageRange& range);

}  // namespace eddy::iam

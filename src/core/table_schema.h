// Key schemas and key spaces: what the storage key codec and the engine need
// to know about the keys of a table or of one of its secondary indexes. The
// rest of a table's description (billing, streams, indexes' projections)
// lives in engine/table_info.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/attribute_value.h"

namespace eddy {

struct KeyAttribute {
  std::string name;
  AttributeType type = AttributeType::kString;  // kString, kNumber or kBinary
  bool operator==(const KeyAttribute&) const = default;
};

struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;
  // Multi-attribute GSI keys (up to four partition and four sort
  // attributes): the partition attributes after `hash` and the sort
  // attributes after `range`, in KeySchema order. Empty for tables and LSIs.
  std::vector<KeyAttribute> more_hash = {};
  std::vector<KeyAttribute> more_range = {};  // only with `range`
  bool operator==(const KeySchema&) const = default;

  // Every partition attribute, then every sort attribute, in order.
  std::vector<const KeyAttribute*> HashParts() const {
    std::vector<const KeyAttribute*> parts{&hash};
    for (const KeyAttribute& k : more_hash) parts.push_back(&k);
    return parts;
  }
  std::vector<const KeyAttribute*> RangeParts() const {
    std::vector<const KeyAttribute*> parts;
    if (range) parts.push_back(&*range);
    for (const KeyAttribute& k : more_range) parts.push_back(&k);
    return parts;
  }
  bool multi_attribute() const { return !more_hash.empty() || !more_range.empty(); }
};

// One ordered set of entries in storage: a table's items, or one secondary
// index's entries. The key codec, key validation, range reads and
// LastEvaluatedKey take a key space, so an index is read with exactly the
// code that reads a table.
struct KeySpace {
  uint64_t id = 0;  // storage prefix (storage/layout.h); never reused
  KeySchema schema;
  // Index entries are not unique by their own key: their storage key ends
  // with the table item's key, and the index sort key before it is encoded
  // self-delimiting (storage/layout.h).
  bool is_index = false;
  bool operator==(const KeySpace&) const = default;
};

}  // namespace eddy

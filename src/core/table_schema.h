// The key schema of a table: what the storage key codec and the engine need
// to know about a table's primary key. The rest of a table's description
// (billing, streams, timestamps) lives in engine/table_info.h.
#pragma once

#include <optional>
#include <string>

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
  bool operator==(const KeySchema&) const = default;
};

}  // namespace eddy

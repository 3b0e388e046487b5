// A table's settings as engine tests create it: a hash key only, on demand.
#pragma once

#include <string>

#include "engine/table_info.h"

namespace eddy::testing {

inline TableInfo HashKeyTableSpec(std::string name, std::string key = "p", AttributeType type = AttributeType::kString) {
  TableInfo spec;
  spec.name = std::move(name);
  spec.key_space.schema.hash = {key, type};
  spec.attribute_definitions = {{std::move(key), type}};
  spec.billing_mode = BillingMode::kPayPerRequest;
  return spec;
}

}  // namespace eddy::testing

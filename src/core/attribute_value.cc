#include "core/attribute_value.h"

#include <algorithm>

namespace eddy {

std::string_view TypeDescriptor(AttributeType type) {
  switch (type) {
    case AttributeType::kNull: return "NULL";
    case AttributeType::kBool: return "BOOL";
    case AttributeType::kString: return "S";
    case AttributeType::kNumber: return "N";
    case AttributeType::kBinary: return "B";
    case AttributeType::kStringSet: return "SS";
    case AttributeType::kNumberSet: return "NS";
    case AttributeType::kBinarySet: return "BS";
    case AttributeType::kList: return "L";
    case AttributeType::kMap: return "M";
  }
  return "?";
}

namespace {
template <typename T>
std::vector<T> SortedUnique(std::vector<T> members) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  return members;
}
}  // namespace

AttributeValue AttributeValue::StringSet(std::vector<std::string> members) {
  return {AttributeType::kStringSet, SortedUnique(std::move(members))};
}
AttributeValue AttributeValue::BinarySet(std::vector<std::string> members) {
  return {AttributeType::kBinarySet, SortedUnique(std::move(members))};
}
AttributeValue AttributeValue::NumberSet(std::vector<Number> members) {
  return {AttributeType::kNumberSet, SortedUnique(std::move(members))};
}

int NestingDepth(const AttributeValue& value) {
  int deepest = 0;
  if (value.type == AttributeType::kList) {
    for (const AttributeValue& element : value.as_list()) deepest = std::max(deepest, NestingDepth(element));
  } else if (value.type == AttributeType::kMap) {
    for (const auto& [name, element] : value.as_map()) deepest = std::max(deepest, NestingDepth(element));
  } else {
    return 0;
  }
  return deepest + 1;
}

}  // namespace eddy

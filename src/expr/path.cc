#include "expr/path.h"

#include "core/api_error.h"

namespace eddy::expr {
namespace {

// Appends "[i]". (Built piecewise: GCC 12's -Wrestrict misfires on
// "[" + std::to_string(i) + "]" at -O2.)
void AppendIndex(std::string* out, int index) {
  out->push_back('[');
  out->append(std::to_string(index));
  out->push_back(']');
}

}  // namespace

std::string PathToMessageString(const Path& path) {
  std::string out = "[";
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += ", ";
    if (path[i].is_index()) {
      AppendIndex(&out, path[i].index);
    } else {
      out += path[i].name;
    }
  }
  return out + "]";
}

std::string PathToString(const Path& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i].is_index()) {
      AppendIndex(&out, path[i].index);
    } else {
      if (i > 0) out += ".";
      out += path[i].name;
    }
  }
  return out;
}

const AttributeValue* FindPath(const Item& item, const Path& path) {
  if (path.empty() || path[0].is_index()) return nullptr;
  auto top = item.find(path[0].name);
  if (top == item.end()) return nullptr;
  const AttributeValue* value = &top->second;
  for (size_t i = 1; i < path.size(); ++i) {
    const PathElement& element = path[i];
    if (element.is_index()) {
      if (value->type != AttributeType::kList) return nullptr;
      const AttributeList& list = value->as_list();
      if (static_cast<size_t>(element.index) >= list.size()) return nullptr;
      value = &list[element.index];
    } else {
      if (value->type != AttributeType::kMap) return nullptr;
      const AttributeMap& map = value->as_map();
      auto it = map.find(element.name);
      if (it == map.end()) return nullptr;
      value = &it->second;
    }
  }
  return value;
}

void CheckNoOverlap(const std::vector<Path>& paths, std::string_view parameter) {
  for (size_t i = 0; i < paths.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Path& one = paths[j];
      const Path& two = paths[i];
      size_t common = std::min(one.size(), two.size());
      size_t k = 0;
      while (k < common && one[k] == two[k]) ++k;
      std::string kind;
      if (k == common) {
        kind = "overlap";
      } else if (one[k].is_index() != two[k].is_index()) {
        kind = "conflict";
      } else {
        continue;
      }
      throw ApiError::Validation("Invalid " + std::string(parameter) + ": Two document paths " +
                                 kind + " with each other; must remove or rewrite one of these paths; path one: " +
                                 PathToMessageString(one) + ", path two: " + PathToMessageString(two));
    }
  }
}

}  // namespace eddy::expr

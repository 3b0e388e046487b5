// Document paths: a top-level attribute name followed by .name and [index]
// elements, as written in every expression kind ("a.b[2].c").
#pragma once

#include <string>
#include <vector>

#include "core/attribute_value.h"

namespace eddy::expr {

struct PathElement {
  std::string name;
  int index = -1;  // index >= 0 means [index]; name is then empty
  bool is_index() const { return index >= 0; }
  bool operator==(const PathElement&) const = default;
  auto operator<=>(const PathElement&) const = default;
};
using Path = std::vector<PathElement>;

// DynamoDB's rendering in overlap errors: "[a, b, [2]]".
std::string PathToMessageString(const Path& path);
// Expression-like rendering: "a.b[2]" (names printed raw, no #substitution).
std::string PathToString(const Path& path);

// The value at `path`, or null when any element is missing or has the
// wrong type (a name on a non-map, an index on a non-list).
const AttributeValue* FindPath(const Item& item, const Path& path);

// DynamoDB rejects two paths in one expression when one is a prefix of the
// other ("overlap") or they diverge at an element where one has a name and
// the other an index ("conflict"). Throws ValidationException
// "Invalid <parameter>: Two document paths overlap with each other; ...".
void CheckNoOverlap(const std::vector<Path>& paths, std::string_view parameter);

}  // namespace eddy::expr

#include "expr/projection.h"

#include <map>
#include <optional>

#include "expr/parser.h"
#include "expr/resolve.h"

namespace eddy::expr {
namespace {

constexpr std::string_view kParameter = "ProjectionExpression";

// The paths merged into a tree; a leaf takes the whole value below it.
struct Selection {
  bool whole = false;
  std::map<std::string, Selection, std::less<>> names;
  std::map<int, Selection> indexes;
};

void AddPath(Selection& root, const Path& path) {
  Selection* node = &root;
  for (const PathElement& element : path) {
    node = element.is_index() ? &node->indexes[element.index] : &node->names[element.name];
  }
  node->whole = true;
}

std::optional<AttributeValue> Select(const AttributeValue& value, const Selection& selection) {
  if (selection.whole) return value;
  if (!selection.names.empty() && value.type == AttributeType::kMap) {
    AttributeMap out;
    for (const auto& [name, child] : selection.names) {
      auto it = value.as_map().find(name);
      if (it == value.as_map().end()) continue;
      if (auto selected = Select(it->second, child)) out.emplace(name, std::move(*selected));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::Map(std::move(out));
  }
  if (!selection.indexes.empty() && value.type == AttributeType::kList) {
    AttributeList out;
    const AttributeList& list = value.as_list();
    for (const auto& [index, child] : selection.indexes) {
      if (static_cast<size_t>(index) >= list.size()) continue;
      if (auto selected = Select(list[index], child)) out.push_back(std::move(*selected));
    }
    if (out.empty()) return std::nullopt;
    return AttributeValue::List(std::move(out));
  }
  return std::nullopt;
}

}  // namespace

Projection Projection::Parse(std::string_view text, Substitutions& subs) {
  Parser parser(text, kParameter);
  parser.CheckLength();
  Projection projection;
  do {
    projection.paths_.push_back(parser.ParsePath());
  } while (parser.Accept(TokenKind::kComma));
  if (!parser.AtEnd()) parser.SyntaxError();
  parser.Finish();
  for (Path& path : projection.paths_) ResolvePath(path, subs, kParameter);
  CheckNoOverlap(projection.paths_, kParameter);
  return projection;
}

Projection Projection::FromPaths(std::vector<Path> paths) {
  Projection projection;
  projection.paths_ = std::move(paths);
  return projection;
}

Item Projection::Apply(const Item& item) const {
  Selection root;
  for (const Path& path : paths_) AddPath(root, path);
  Item out;
  for (const auto& [name, child] : root.names) {
    auto it = item.find(name);
    if (it == item.end()) continue;
    if (auto selected = Select(it->second, child)) out.emplace(name, std::move(*selected));
  }
  return out;
}

std::string Projection::ToString() const {
  std::string out;
  for (const Path& path : paths_) {
    if (!out.empty()) out += ", ";
    out += PathToString(path);
  }
  return out;
}

}  // namespace eddy::expr

// ProjectionExpression: which attributes (or parts of documents) a read
// returns. Also used for UPDATED_OLD / UPDATED_NEW return values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_value.h"
#include "expr/path.h"
#include "expr/substitutions.h"

namespace eddy::expr {

class Projection {
 public:
  static Projection Parse(std::string_view text, Substitutions& subs);
  // No overlap check: the paths of an update never overlap already.
  static Projection FromPaths(std::vector<Path> paths);

  // The parts of `item` the paths select. A nested path keeps only that
  // sub-document ("a.b" -> {a: {b: ...}}); list indexes keep only the
  // selected elements, in index order ("a[3], a[1]" -> {a: [a1, a3]}).
  // Paths that select nothing contribute nothing.
  Item Apply(const Item& item) const;

  const std::vector<Path>& paths() const { return paths_; }
  // The same, as pointers, like Condition::Paths().
  std::vector<const Path*> Paths() const {
    std::vector<const Path*> out;
    for (const Path& path : paths_) out.push_back(&path);
    return out;
  }
  std::string ToString() const;

 private:
  std::vector<Path> paths_;
};

}  // namespace eddy::expr

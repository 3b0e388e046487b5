#include "expr/substitutions.h"

#include "core/api_error.h"

namespace eddy::expr {

Substitutions::Substitutions(const std::map<std::string, std::string>* names,
                             const AttributeMap* values)
    : names_(names), values_(values) {}

const std::string& Substitutions::Name(std::string_view ref, std::string_view parameter) {
  if (names_ != nullptr) {
    auto it = names_->find(std::string(ref));
    if (it != names_->end()) {
      used_names_.emplace(ref);
      return it->second;
    }
  }
  throw ApiError::Validation("Invalid " + std::string(parameter) +
                             ": An expression attribute name used in the document path is not "
                             "defined; attribute name: " + std::string(ref));
}

const AttributeValue& Substitutions::Value(std::string_view ref, std::string_view parameter) {
  if (values_ != nullptr) {
    auto it = values_->find(ref);
    if (it != values_->end()) {
      used_values_.emplace(ref);
      return it->second;
    }
  }
  throw ApiError::Validation("Invalid " + std::string(parameter) +
                             ": An expression attribute value used in expression is not defined; "
                             "attribute value: " + std::string(ref));
}

namespace {
template <typename Map>
void CheckUsed(const Map* map, const std::set<std::string, std::less<>>& used,
               std::string_view parameter) {
  if (map == nullptr) return;
  std::string unused;
  for (const auto& [key, ignored] : *map) {
    if (used.count(key) != 0) continue;
    if (!unused.empty()) unused += ", ";
    unused += key;
  }
  if (!unused.empty()) {
    throw ApiError::Validation("Value provided in " + std::string(parameter) +
                               " unused in expressions: keys: {" + unused + "}");
  }
}
}  // namespace

void Substitutions::CheckAllUsed() const {
  CheckUsed(names_, used_names_, "ExpressionAttributeNames");
  CheckUsed(values_, used_values_, "ExpressionAttributeValues");
}

}  // namespace eddy::expr

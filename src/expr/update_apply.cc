// Update::Apply: DynamoDB's UpdateExpression semantics (developer guide,
// "Update expressions"), as verified by scylladb's test_update_expression.py:
//  - every operand reads the old item;
//  - SET on a list index past the end appends, several appends in index order;
//  - REMOVE of list elements uses the indexes of the old list (so removals
//    run last, highest index first) and ignores indexes past the end;
//  - ADD creates a missing attribute; DELETE of the last members removes it.
#include <algorithm>
#include <utility>

#include "core/api_error.h"
#include "expr/update.h"

namespace eddy::expr {
namespace {

ApiError InvalidPath() {
  return ApiError::Validation("The document path provided in the update expression is invalid for update");
}
ApiError IncorrectType() {
  return ApiError::Validation("An operand in the update expression has an incorrect data type");
}
ApiError MissingAttribute() {
  return ApiError::Validation("The provided expression refers to an attribute that does not exist in the item");
}

AttributeValue EvaluateOperand(const Operand& operand, const Item& old_item) {
  switch (operand.kind) {
    case Operand::Kind::kValue: return operand.value;
    case Operand::Kind::kPath: {
      const AttributeValue* value = FindPath(old_item, operand.path);
      if (value == nullptr) throw MissingAttribute();
      return *value;
    }
    case Operand::Kind::kFunction: {
      if (operand.function == "if_not_exists") {
        const AttributeValue* value = FindPath(old_item, operand.args[0].path);
        return value != nullptr ? *value : EvaluateOperand(operand.args[1], old_item);
      }
      // list_append (resolve admits nothing else here).
      AttributeValue a = EvaluateOperand(operand.args[0], old_item);
      AttributeValue b = EvaluateOperand(operand.args[1], old_item);
      if (a.type != AttributeType::kList || b.type != AttributeType::kList) throw IncorrectType();
      AttributeList& joined = a.as_list();
      for (AttributeValue& element : b.as_list()) joined.push_back(std::move(element));
      return a;
    }
  }
  throw IncorrectType();
}

AttributeValue EvaluateSetValue(const SetValue& set, const Item& old_item) {
  AttributeValue left = EvaluateOperand(set.left, old_item);
  if (set.op == 0) return left;
  AttributeValue right = EvaluateOperand(set.right, old_item);
  if (left.type != AttributeType::kNumber || right.type != AttributeType::kNumber) {
    throw IncorrectType();
  }
  return AttributeValue::Num(set.op == '+' ? left.as_number().Add(right.as_number())
                                           : left.as_number().Subtract(right.as_number()));
}

template <typename T>
std::vector<T> Union(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<T> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}
template <typename T>
std::vector<T> Difference(const std::vector<T>& a, const std::vector<T>& b) {
  std::vector<T> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// AttributeUpdates words a type error so (expr/legacy.h).
ApiError LegacyTypeMismatch() { return ApiError::Validation("Type mismatch for attribute to update"); }

// ADD: number addition or set union (legacy: list append too); a missing
// attribute starts as the operand.
AttributeValue AddValues(const AttributeValue* old_value, const AttributeValue& operand, bool legacy) {
  if (old_value == nullptr) return operand;
  if (old_value->type != operand.type) throw legacy ? LegacyTypeMismatch() : IncorrectType();
  if (legacy && operand.type == AttributeType::kList) {
    AttributeValue joined = *old_value;
    for (const AttributeValue& element : operand.as_list()) joined.as_list().push_back(element);
    return joined;
  }
  switch (operand.type) {
    case AttributeType::kNumber:
      return AttributeValue::Num(old_value->as_number().Add(operand.as_number()));
    case AttributeType::kNumberSet:
      return {operand.type, Union(old_value->as_number_set(), operand.as_number_set())};
    case AttributeType::kStringSet:
    case AttributeType::kBinarySet:
      return {operand.type, Union(old_value->as_string_set(), operand.as_string_set())};
    default: throw IncorrectType();
  }
}

// DELETE: set difference; nullopt when nothing is left (the attribute goes).
std::optional<AttributeValue> DeleteValues(const AttributeValue& old_value, const AttributeValue& operand,
                                           bool legacy) {
  if (old_value.type != operand.type) throw legacy ? LegacyTypeMismatch() : IncorrectType();
  AttributeValue result{operand.type, {}};
  if (operand.type == AttributeType::kNumberSet) {
    auto rest = Difference(old_value.as_number_set(), operand.as_number_set());
    if (rest.empty()) return std::nullopt;
    result.data = std::move(rest);
  } else {
    auto rest = Difference(old_value.as_string_set(), operand.as_string_set());
    if (rest.empty()) return std::nullopt;
    result.data = std::move(rest);
  }
  return result;
}

// The container holding the last element of `path` (null for a top-level
// path, meaning the item itself). Throws InvalidPath when an intermediate
// element is missing or of the wrong type.
const AttributeValue* ParentOf(const Item& item, const Path& path) {
  if (path.size() == 1) return nullptr;
  auto top = item.find(path[0].name);
  if (top == item.end()) throw InvalidPath();
  const AttributeValue* value = &top->second;
  for (size_t i = 1; i + 1 < path.size(); ++i) {
    const PathElement& element = path[i];
    if (element.is_index()) {
      if (value->type != AttributeType::kList) throw InvalidPath();
      const AttributeList& list = value->as_list();
      if (static_cast<size_t>(element.index) >= list.size()) throw InvalidPath();
      value = &list[element.index];
    } else {
      if (value->type != AttributeType::kMap) throw InvalidPath();
      auto it = value->as_map().find(element.name);
      if (it == value->as_map().end()) throw InvalidPath();
      value = &it->second;
    }
  }
  const PathElement& last = path.back();
  if (last.is_index() ? value->type != AttributeType::kList : value->type != AttributeType::kMap) {
    throw InvalidPath();
  }
  return value;
}

AttributeValue* ParentOf(Item& item, const Path& path) {
  return const_cast<AttributeValue*>(ParentOf(std::as_const(item), path));
}

void SetAt(Item& item, const Path& path, AttributeValue value) {
  AttributeValue* parent = ParentOf(item, path);
  const PathElement& last = path.back();
  if (parent == nullptr) {
    item[last.name] = std::move(value);
  } else if (last.is_index()) {
    AttributeList& list = parent->as_list();
    if (static_cast<size_t>(last.index) < list.size()) {
      list[last.index] = std::move(value);
    } else {
      list.push_back(std::move(value));
    }
  } else {
    parent->as_map()[last.name] = std::move(value);
  }
}

void RemoveAt(Item& item, const Path& path) {
  AttributeValue* parent = ParentOf(item, path);
  const PathElement& last = path.back();
  if (parent == nullptr) {
    item.erase(last.name);
  } else if (last.is_index()) {
    AttributeList& list = parent->as_list();
    if (static_cast<size_t>(last.index) < list.size()) list.erase(list.begin() + last.index);
  } else {
    parent->as_map().erase(last.name);
  }
}

}  // namespace

Update Update::FromActions(std::vector<UpdateAction> actions, bool legacy) {
  Update update;
  for (const UpdateAction& action : actions) update.paths_.push_back(action.path);
  update.actions_ = std::move(actions);
  update.legacy_ = legacy;
  return update;
}

Item Update::Apply(const Item& old_item) const {
  // Phase 1: compute every new value from the old item.
  struct Write {
    const Path* path;
    std::optional<AttributeValue> value;  // nullopt: remove the path
  };
  std::vector<Write> writes;
  std::vector<const Path*> removes;
  for (const UpdateAction& action : actions_) {
    switch (action.kind) {
      case UpdateAction::Kind::kSet:
        writes.push_back({&action.path, EvaluateSetValue(action.set, old_item)});
        break;
      case UpdateAction::Kind::kAdd:
        writes.push_back({&action.path, AddValues(FindPath(old_item, action.path), action.value.value, legacy_)});
        break;
      case UpdateAction::Kind::kDelete: {
        const AttributeValue* old_value = FindPath(old_item, action.path);
        if (old_value == nullptr) {
          // Deleting from nothing is a no-op, but only where the path could
          // be: inside a missing attribute, or a map taken for a list, it
          // is an invalid path (as for SET and REMOVE; not in a missing
          // item, the REMOVE quirk below).
          if (!old_item.empty()) ParentOf(old_item, action.path);
          break;
        }
        writes.push_back({&action.path, DeleteValues(*old_value, action.value.value, legacy_)});
        break;
      }
      case UpdateAction::Kind::kRemove: removes.push_back(&action.path); break;
    }
  }
  // Phase 2: writes in path order, so appends past a list's end land in
  // index order ("SET a[84] = :x, a[17] = :y" appends y then x).
  std::stable_sort(writes.begin(), writes.end(),
                   [](const Write& a, const Write& b) { return *a.path < *b.path; });
  Item item = old_item;
  for (Write& write : writes) {
    if (write.value) {
      SetAt(item, *write.path, std::move(*write.value));
    } else {
      removes.push_back(write.path);
    }
  }
  // Phase 3: removals, highest path first, so list indexes refer to the old list.
  std::stable_sort(removes.begin(), removes.end(),
                   [](const Path* a, const Path* b) { return *b < *a; });
  for (const Path* path : removes) {
    // DynamoDB quirk: REMOVE of a nested path in a missing item is ignored
    // although it is an invalid path in an existing one.
    if (old_item.empty() && path->size() > 1) continue;
    RemoveAt(item, *path);
  }
  return item;
}

}  // namespace eddy::expr

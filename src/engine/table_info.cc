#include "engine/table_info.h"

namespace eddy {

const KeySpace& TableInfo::KeySpaceOf(const IndexInfo* index) const {
  return index ? index->key_space : key_space;
}

std::string_view ProjectionTypeName(ProjectionType type) {
  switch (type) {
    case ProjectionType::kAll: return "ALL";
    case ProjectionType::kKeysOnly: return "KEYS_ONLY";
    case ProjectionType::kInclude: return "INCLUDE";
  }
  return "ALL";
}

std::string_view IndexStatusName(IndexStatus status) {
  switch (status) {
    case IndexStatus::kCreating: return "CREATING";
    case IndexStatus::kActive: return "ACTIVE";
    case IndexStatus::kDeleting: return "DELETING";
  }
  return "ACTIVE";
}

std::string_view TableStatusName(TableStatus status) {
  switch (status) {
    case TableStatus::kCreating: return "CREATING";
    case TableStatus::kUpdating: return "UPDATING";
    case TableStatus::kActive: return "ACTIVE";
    case TableStatus::kDeleting: return "DELETING";
  }
  return "ACTIVE";
}

std::optional<ProjectionType> ProjectionTypeFromName(std::string_view name) {
  for (ProjectionType type : {ProjectionType::kAll, ProjectionType::kKeysOnly, ProjectionType::kInclude}) {
    if (ProjectionTypeName(type) == name) return type;
  }
  return std::nullopt;
}

std::optional<TableStatus> TableStatusFromName(std::string_view name) {
  for (TableStatus status : {TableStatus::kCreating, TableStatus::kUpdating, TableStatus::kActive,
                             TableStatus::kDeleting}) {
    if (TableStatusName(status) == name) return status;
  }
  return std::nullopt;
}

std::optional<IndexStatus> IndexStatusFromName(std::string_view name) {
  for (IndexStatus status : {IndexStatus::kCreating, IndexStatus::kActive, IndexStatus::kDeleting}) {
    if (IndexStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace eddy

// UpdateTable's GlobalSecondaryIndexUpdates: Create, Update and Delete of
// global secondary indexes, read and checked in DynamoDB's stages (the
// request's own rules first, then those that depend on the table, under the
// engine's write lock).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "engine/table_info.h"
#include "server/request_fields.h"
#include "server/table_definition.h"

namespace eddy {

struct IndexUpdate {
  enum class Action { kCreate, kUpdate, kDelete };
  Action action = Action::kCreate;
  std::string name;
  IndexDefinition create;                       // kCreate
  std::optional<ProvisionedThroughput> throughput;  // kUpdate
};

struct IndexUpdates {
  bool given = false;  // the member is present (maybe an empty list)
  std::vector<IndexUpdate> updates;
  std::optional<std::vector<AttributeDefinition>> definitions;  // AttributeDefinitions
};

// Stage 1: shapes and constraints into `errors`; then the request's own
// rules (one action per entry, one update per index, one Create or Delete
// per call). `other_changes`: the request changes something else too.
IndexUpdates ReadIndexUpdates(const JsonValue& request, ConstraintErrors& errors);
void CheckIndexUpdates(const IndexUpdates& updates, bool other_changes, bool changes_throughput,
                       bool changes_stream);

// Stage 2, under the engine's write lock: applies the updates to `updated`
// (a copy of `current` with the request's billing mode already applied).
// Throws ApiError.
void ApplyIndexUpdates(const IndexUpdates& updates, const TableInfo& current, TableInfo* updated);

}  // namespace eddy

// CreateTable's KeySchema, AttributeDefinitions, LocalSecondaryIndexes and
// GlobalSecondaryIndexes (and UpdateTable's GSI Create), in DynamoDB's two
// stages: first every member's shape and declared constraints, collected
// into one "N validation errors detected" message; then the semantic rules,
// first failure wins, in the order DynamoDB checks them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "engine/table_info.h"
#include "server/request_fields.h"

namespace eddy {

// The prefix of DynamoDB's messages about invalid parameter values.
inline constexpr std::string_view kInvalidParameters = "One or more parameter values were invalid: ";

struct KeySchemaElement {
  std::string name;
  std::string key_type;  // HASH or RANGE
};

struct IndexDefinition {
  std::string name;
  bool global = true;
  std::vector<KeySchemaElement> keys;
  std::optional<std::string> projection_type;  // absent: "Unknown ProjectionType: null"
  std::optional<std::vector<std::string>> non_key_attributes;
  std::optional<ProvisionedThroughput> throughput;
};

struct TableDefinition {
  std::vector<KeySchemaElement> keys;
  std::vector<AttributeDefinition> definitions;
  std::optional<std::vector<IndexDefinition>> local_indexes;   // absent when not given
  std::optional<std::vector<IndexDefinition>> global_indexes;
};

// Stage 1 for CreateTable. Constraint violations go to `errors` (the caller
// throws them); what is present and well-formed is returned.
TableDefinition ReadTableDefinition(const JsonValue& request, ConstraintErrors& errors);

// A ProvisionedThroughput member of `object` (absent: nothing), its
// constraints reported under `field` + ".provisionedThroughput".
std::optional<ProvisionedThroughput> ReadThroughput(const JsonValue& object, const std::string& field,
                                                    ConstraintErrors& errors);

// An AttributeDefinitions list.
std::vector<AttributeDefinition> ReadAttributeDefinitions(const JsonValue& list, ConstraintErrors& errors);

// Stage 1 for one index object; `field` is its path as DynamoDB prints it
// ("globalSecondaryIndexes.1.member").
IndexDefinition ReadIndexDefinition(const JsonValue& index, const std::string& field, bool global,
                                    ConstraintErrors& errors);

// Stage 2 for CreateTable: fills the table's key schema, attribute
// definitions and indexes (ids are assigned by the engine). `billing` is
// the table's billing mode, already checked. Throws ApiError.
void ApplyTableDefinition(const TableDefinition& definition, BillingMode billing, TableInfo* table);

// Stage 2 for one GSI added to an existing table (UpdateTable Create):
// `definitions` are the request's AttributeDefinitions. Throws ApiError.
IndexInfo CheckNewGlobalIndex(const IndexDefinition& index, const std::vector<AttributeDefinition>& definitions,
                              const TableInfo& table);

}  // namespace eddy

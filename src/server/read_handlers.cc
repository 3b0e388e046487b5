// Query and Scan.
#include <algorithm>
#include <set>

#include "core/api_error.h"
#include "core/json_codec.h"
#include "engine/index_entries.h"
#include "server/capacity.h"
#include "server/expression_params.h"
#include "server/handlers.h"
#include "server/legacy_parameters.h"
#include "server/read_common.h"
#include "server/request_fields.h"

namespace eddy {

const IndexInfo* ReadableIndex(const TableInfo& table, std::string_view index_name, bool consistent) {
  const IndexInfo* index = table.FindIndex(index_name);
  if (!index || index->status == IndexStatus::kDeleting) {
    throw ApiError::Validation("The table does not have the specified index: " + std::string(index_name));
  }
  if (index->global && consistent) {
    throw ApiError::Validation("Consistent reads are not supported on global secondary indexes");
  }
  if (index->status == IndexStatus::kCreating) {
    throw ApiError::Validation("Cannot read from backfilling global secondary index: " + index->name);
  }
  return index;
}

void SetLocalIndexFetch(const TableInfo& table, const IndexInfo* index, const expr::Projection* projection,
                        const expr::Condition* filter, ReadOptions* options) {
  if (!index || index->global) return;
  // An LSI fetches what it does not project from the table, as DynamoDB
  // does, for a projection or for a filter.
  auto needs = [&](std::string_view name) { return !IsProjected(table, *index, name); };
  if (projection) {
    for (const expr::Path& path : projection->paths()) {
      if (needs(path.front().name)) options->fetch_from_table = true;
    }
  }
  if (filter) {
    for (const std::string& name : filter->TopLevelNames()) {
      if (needs(name)) options->fetch_from_table = true;
    }
  }
}

namespace {

// The parts of a Query or Scan request that the two share.
struct ReadRequest {
  TableInfoPtr table;
  const IndexInfo* index = nullptr;  // IndexName, in *table
  CapacityMode capacity = CapacityMode::kNone;
  bool consistent = false;
  std::optional<expr::Condition> filter;
  std::optional<expr::Projection> projection;
  bool legacy_filter = false;      // QueryFilter or ScanFilter (not FilterExpression)
  bool attributes_to_get = false;  // the projection is AttributesToGet
  std::vector<std::string> filter_attributes;  // named by the legacy filter
  std::optional<std::vector<expr::LegacyCondition>> key_conditions;  // Query's KeyConditions
  std::optional<expr::Projection> attributes_to_get_projection;     // AttributesToGet, when given
  ReadOptions options;
};

// What DynamoDB checks right after legacy and expression parameters are
// found not to be mixed: AttributesToGet, then ExclusiveStartKey's values.
void ReadStart(const JsonValue& r, ReadRequest* req) {
  req->attributes_to_get_projection = ReadAttributesToGet(r);
  if (const JsonValue* start = ObjectMember(r, "ExclusiveStartKey")) {
    try {
      req->options.exclusive_start_key = DecodeAttributeMap(*start);
    } catch (const ApiError& e) {
      if (e.type().ends_with("#SerializationException")) throw;
      throw ApiError::Validation("The provided starting key is invalid: " + e.message());
    }
  }
}

// `filter_member` is the legacy filter of the operation: QueryFilter or ScanFilter.
void ReadCommon(HandlerContext& ctx, ExpressionParams& params, ReadRequest* req, ConstraintErrors& errors,
                std::string_view filter_member) {
  const JsonValue& r = ctx.request;
  auto name = StringMember(r, "TableName");
  errors.TableNameOrArn(&name);
  errors.ThrowIfAny();
  auto limit = IntegerMember(r, "Limit");     // at least 1, by the request's shape
  auto select = StringMember(r, "Select");    // one of the enum, likewise
  // The legacy filter and key conditions (ReadStart came first), the
  // expressions, and only then is the table looked up (DynamoDB's order).
  std::optional<expr::Condition> legacy_filter = ReadFilter(r, filter_member, &req->filter_attributes);
  std::optional<expr::Projection> attributes_to_get = std::move(req->attributes_to_get_projection);
  if (filter_member == "QueryFilter") req->key_conditions = ReadKeyConditions(r);
  req->capacity = ReadCapacityMode(r);
  req->consistent = BoolMember(r, "ConsistentRead").value_or(false);
  req->projection = params.Projection();
  req->filter = params.Condition("FilterExpression");
  req->table = ctx.engine.GetTable(*name);
  if (auto index_name = StringMember(r, "IndexName")) {
    req->index = ReadableIndex(*req->table, *index_name, req->consistent);
  }
  req->options.index = req->index;
  if (req->filter) CheckKeyPathsAreScalar(*req->table, req->filter->Paths());
  if (req->projection) CheckKeyPathsAreScalar(*req->table, req->projection->Paths());
  if (!req->projection && attributes_to_get) {
    req->projection = std::move(attributes_to_get);
    req->attributes_to_get = true;
  }
  if (!req->filter && legacy_filter) {
    req->filter = std::move(legacy_filter);
    req->legacy_filter = true;
  }

  if (select == "ALL_PROJECTED_ATTRIBUTES" && !req->index) {
    throw ApiError::Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  if (select == "SPECIFIC_ATTRIBUTES" && !req->projection) {
    throw ApiError::Validation(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES");
  }
  if ((select == "ALL_ATTRIBUTES" || select == "COUNT" || select == "ALL_PROJECTED_ATTRIBUTES") && req->projection) {
    if (req->attributes_to_get) {
      throw ApiError::Validation(select == "COUNT"
                                     ? std::string("Cannot specify the AttributesToGet when choosing to get only the Count")
                                     : "Cannot specify the AttributesToGet when choosing to get " + std::string(*select));
    }
    throw ApiError::Validation("Cannot specify the ProjectionExpression when choosing to get " +
                               std::string(*select));
  }
  if (select == "ALL_ATTRIBUTES" && req->index && req->index->projection != ProjectionType::kAll) {
    if (req->index->global) {
      throw ApiError::Validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global "
          "secondary index " + req->index->name + " because its projection type is not ALL");
    }
    req->options.fetch_from_table = true;  // an LSI reads the rest from the table
    req->options.all_attributes = true;
  }
  SetLocalIndexFetch(*req->table, req->index, req->projection ? &*req->projection : nullptr,
                     req->filter ? &*req->filter : nullptr, &req->options);
  req->options.limit = limit.value_or(0);
  req->options.count_only = select == "COUNT";
}


// ExclusiveStartKey holds the table's key and, reading an index, the
// index's key attributes too: exactly those, with their types.
void CheckStartKey(const ReadRequest& req) {
  if (!req.options.exclusive_start_key) return;
  const AttributeMap& start = *req.options.exclusive_start_key;
  if (req.index) {
    const KeySchema& schema = req.index->key_space.schema;
    std::set<std::string_view> names;
    for (const KeySchema* s : {&req.table->key_space.schema, &schema}) {
      for (const KeyAttribute* key : s->HashParts()) names.insert(key->name);
      for (const KeyAttribute* key : s->RangeParts()) names.insert(key->name);
    }
    const bool all_present = std::all_of(names.begin(), names.end(), [&](auto name) { return start.count(name); });
    if (start.size() != names.size() || !all_present) {
      throw ApiError::Validation("The provided starting key is invalid");
    }
    for (const auto& parts : {schema.HashParts(), schema.RangeParts()}) {
      for (const KeyAttribute* key : parts) {
        if (start.find(key->name)->second.type != key->type) {
          throw ApiError::Validation("The provided key element does not match the schema");
        }
      }
    }
  }
  try {
    AttributeMap table_key;
    if (req.index) {
      AddKeyAttributes(req.table->key_space, start, &table_key);
    }
    KeyFromKeyParameter(req.table->key_space, req.index ? table_key : start);
  } catch (const ApiError& e) {
    throw ApiError::Validation("The provided starting key is invalid: " + e.message());
  }
}

// Query-only rules: key values must not be empty, the filter may not touch
// key attributes, and ExclusiveStartKey must lie in the queried partition.
void CheckQueryKeys(const ReadRequest& req, const expr::KeyCondition& condition) {
  const KeySchema& schema = req.table->KeySpaceOf(req.index).schema;
  auto check_not_empty = [](const KeyAttribute& key, const AttributeValue& value) {
    const bool is_bytes = value.type == AttributeType::kString || value.type == AttributeType::kBinary;
    if (is_bytes && value.as_string().empty()) {
      throw ApiError::Validation(
          std::string("One or more parameter values are not valid. The AttributeValue for a key "
                      "attribute cannot contain an empty ") +
          (value.type == AttributeType::kString ? "string" : "binary") + " value. Key: " + key.name);
    }
  };
  const std::vector<const KeyAttribute*> hash_parts = schema.HashParts();
  const std::vector<const KeyAttribute*> range_parts = schema.RangeParts();
  check_not_empty(*hash_parts[0], condition.hash_value);
  for (size_t i = 0; i < condition.more_hash_values.size(); ++i) {
    check_not_empty(*hash_parts[i + 1], condition.more_hash_values[i]);
  }
  for (size_t i = 0; i < condition.range_prefix.size(); ++i) check_not_empty(*range_parts[i], condition.range_prefix[i]);
  // The attribute `range` is on comes after those the prefix fixes.
  const KeyAttribute* range_key = condition.range ? range_parts[condition.range_prefix.size()] : nullptr;
  if (condition.range && condition.range->op != expr::KeyOp::kBeginsWith) {
    check_not_empty(*range_key, condition.range->first);
  }
  if (req.filter) {
    const std::vector<std::string> names = req.legacy_filter ? req.filter_attributes : [&] {
      const std::set<std::string> top = req.filter->TopLevelNames();
      return std::vector<std::string>(top.begin(), top.end());
    }();
    for (const std::string& name : names) {
      if (IsKeyAttribute(req.table->KeySpaceOf(req.index), name)) {
        throw ApiError::Validation(std::string(req.legacy_filter ? "QueryFilter" : "Filter Expression") +
                                   " can only contain non-primary key attributes: Primary key attribute: " + name);
      }
    }
  }
  if (req.options.exclusive_start_key) {  // its shape was checked by CheckStartKey
    const AttributeMap& start = *req.options.exclusive_start_key;
    bool inside = start.find(hash_parts[0]->name)->second == condition.hash_value;
    for (size_t i = 0; i < condition.more_hash_values.size(); ++i) {
      inside = inside && start.find(hash_parts[i + 1]->name)->second == condition.more_hash_values[i];
    }
    for (size_t i = 0; i < condition.range_prefix.size(); ++i) {
      inside = inside && start.find(range_parts[i]->name)->second == condition.range_prefix[i];
    }
    if (!inside) {
      throw ApiError::Validation(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    if (condition.range && !condition.range->Matches(start.find(range_key->name)->second)) {
      throw ApiError::Validation("The provided starting key does not match the range key predicate");
    }
  }
}

void WritePage(HandlerContext& ctx, const ReadRequest& req, const ReadPage& page) {
  JsonWriter& w = ctx.out;
  w.StartObject();
  if (!req.options.count_only) {
    w.Key("Items");
    w.StartArray();
    for (const Item& item : page.items) EncodeAttributeMap(w, item);
    w.EndArray();
  }
  w.Key("Count");
  w.Int64(page.count);
  w.Key("ScannedCount");
  w.Int64(page.scanned);
  if (page.last_evaluated_key) {
    w.Key("LastEvaluatedKey");
    EncodeAttributeMap(w, *page.last_evaluated_key);
  }
  WriteConsumedCapacity(w, req.capacity, req.table->name, ReadCapacityOf(page, req.index, req.consistent), true);
  w.EndObject();
}

void Bind(ReadRequest& req) {
  req.options.filter = req.filter ? &*req.filter : nullptr;
  req.options.projection = req.projection ? &*req.projection : nullptr;
}

}  // namespace

void HandleQuery(HandlerContext& ctx) {
  CheckLegacyParameters(ctx.request);  // mixed with expressions: before their own checks
  ReadRequest req;
  ReadStart(ctx.request, &req);
  ExpressionParams params(ctx.request);
  // The key condition is parsed before the other expressions and before
  // the table lookup; a table's key has one hash and one range attribute
  // (an index's may have more).
  const std::optional<std::vector<expr::KeyTerm>> key_terms = params.KeyConditionTerms();
  if (key_terms && key_terms->size() > 2 && !Member(ctx.request, "IndexName")) {
    throw ApiError::Validation("Conditions can be of length 1 or 2 only");
  }
  ConstraintErrors errors;
  ReadCommon(ctx, params, &req, errors, "QueryFilter");
  CheckStartKey(req);  // before the key condition meets the schema
  const KeySchema& schema = req.table->KeySpaceOf(req.index).schema;
  std::optional<expr::KeyCondition> key_condition;
  if (key_terms) key_condition = expr::KeyCondition::FromTerms(*key_terms, schema);
  if (!key_condition && req.key_conditions) key_condition = expr::KeyConditionFromLegacy(*req.key_conditions, schema);
  if (!key_condition) {
    throw ApiError::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  }
  params.Finish();
  CheckQueryKeys(req, *key_condition);
  Bind(req);
  QuerySpec spec{req.options, &*key_condition,
                 BoolMember(ctx.request, "ScanIndexForward").value_or(true)};
  WritePage(ctx, req, ctx.engine.Query(*req.table, spec));
}

void HandleScan(HandlerContext& ctx) {
  // Legacy parameters mixed with expressions, AttributesToGet and the start
  // key's values, then Segment and TotalSegments together, then the rest.
  CheckLegacyParameters(ctx.request);
  ReadRequest req;
  ReadStart(ctx.request, &req);
  auto segment = IntegerMember(ctx.request, "Segment");
  auto total = IntegerMember(ctx.request, "TotalSegments");
  if (segment && !total) {
    throw ApiError::Validation(
        "The TotalSegments parameter is required but was not present in the request when Segment "
        "parameter is present");
  }
  if (total && !segment) {
    throw ApiError::Validation(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (segment && *segment >= *total) {
    throw ApiError::Validation(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " + std::to_string(*segment) + " is not less than TotalSegments: " +
        std::to_string(*total));
  }
  ExpressionParams params(ctx.request);
  ConstraintErrors errors;
  ReadCommon(ctx, params, &req, errors, "ScanFilter");
  params.Finish();
  CheckStartKey(req);
  Bind(req);
  ScanSpec spec{req.options, static_cast<uint32_t>(segment.value_or(0)),
                static_cast<uint32_t>(total.value_or(1))};
  WritePage(ctx, req, ctx.engine.Scan(*req.table, spec));
}

}  // namespace eddy

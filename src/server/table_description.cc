#include "server/table_description.h"

#include <algorithm>

namespace eddy {
namespace {

void WriteKeyElement(JsonWriter& w, const std::string& name, const char* key_type) {
  w.StartObject();
  w.Key("AttributeName");
  w.String(name);
  w.Key("KeyType");
  w.String(key_type);
  w.EndObject();
}

// DynamoDB's timestamps are epoch seconds as a JSON number with a fraction.
void WriteTimestamp(JsonWriter& w, int64_t millis) { w.Double(static_cast<double>(millis) / 1000.0); }

void WriteName(JsonWriter& w, std::string_view name) {
  w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

void WriteKeySchema(JsonWriter& w, const KeySchema& schema) {
  w.Key("KeySchema");
  w.StartArray();
  for (const KeyAttribute* key : schema.HashParts()) WriteKeyElement(w, key->name, "HASH");
  for (const KeyAttribute* key : schema.RangeParts()) WriteKeyElement(w, key->name, "RANGE");
  w.EndArray();
}

void WriteThroughput(JsonWriter& w, const ProvisionedThroughput& throughput) {
  w.Key("ProvisionedThroughput");
  w.StartObject();
  w.Key("NumberOfDecreasesToday");
  w.Int(0);
  w.Key("ReadCapacityUnits");
  w.Int64(throughput.read_capacity_units);
  w.Key("WriteCapacityUnits");
  w.Int64(throughput.write_capacity_units);
  w.EndObject();
}

// One LocalSecondaryIndexDescription or GlobalSecondaryIndexDescription.
void WriteIndex(JsonWriter& w, const TableInfo& table, const IndexInfo& index, const std::string& table_arn) {
  w.StartObject();
  w.Key("IndexName");
  WriteName(w, index.name);
  WriteKeySchema(w, index.key_space.schema);
  w.Key("Projection");
  w.StartObject();
  w.Key("ProjectionType");
  WriteName(w, ProjectionTypeName(index.projection));
  if (index.projection == ProjectionType::kInclude) {
    w.Key("NonKeyAttributes");
    w.StartArray();
    for (const std::string& name : index.non_key_attributes) WriteName(w, name);
    w.EndArray();
  }
  w.EndObject();
  if (index.global) {
    // LSIs have neither a status nor throughput of their own.
    w.Key("IndexStatus");
    // The indexes of a table being created are created with it.
    WriteName(w, table.status == TableStatus::kCreating ? IndexStatusName(IndexStatus::kCreating)
                                                        : IndexStatusName(index.status));
    if (index.status == IndexStatus::kCreating) {
      w.Key("Backfilling");
      w.Bool(index.backfilling);
    }
    WriteThroughput(w, index.throughput);
  }
  w.Key("IndexSizeBytes");
  w.Int64(index.stats->size_bytes.load());
  w.Key("ItemCount");
  w.Int64(index.stats->item_count.load());
  w.Key("IndexArn");
  w.String(table_arn + "/index/" + index.name);
  w.EndObject();
}

void WriteIndexes(JsonWriter& w, const TableInfo& table, bool global, const std::string& table_arn) {
  const auto has = [&](const IndexInfo& index) { return index.global == global; };
  if (std::none_of(table.indexes.begin(), table.indexes.end(), has)) return;
  w.Key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
  w.StartArray();
  for (const IndexInfo& index : table.indexes) {
    if (has(index)) WriteIndex(w, table, index, table_arn);
  }
  w.EndArray();
}

}  // namespace

void WriteTableDescription(HandlerContext& ctx, const TableInfo& table, std::string_view status) {
  if (status.empty()) status = TableStatusName(table.status);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("AttributeDefinitions");
  w.StartArray();
  for (const auto& a : table.attribute_definitions) {
    w.StartObject();
    w.Key("AttributeName");
    w.String(a.name);
    w.Key("AttributeType");
    const std::string_view type = TypeDescriptor(a.type);
    w.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
    w.EndObject();
  }
  w.EndArray();
  w.Key("TableName");
  w.String(table.name);
  WriteKeySchema(w, table.key_space.schema);
  w.Key("TableStatus");
  w.String(status.data(), static_cast<rapidjson::SizeType>(status.size()));
  w.Key("CreationDateTime");
  WriteTimestamp(w, table.creation_millis);
  WriteThroughput(w, table.throughput);
  w.Key("TableSizeBytes");
  w.Int64(table.stats->size_bytes.load());
  w.Key("ItemCount");
  w.Int64(table.stats->item_count.load());
  const std::string arn = ctx.TableArn(table.name);
  w.Key("TableArn");
  w.String(arn);
  w.Key("TableId");
  w.String(table.table_id);
  w.Key("BillingModeSummary");
  w.StartObject();
  w.Key("BillingMode");
  const bool on_demand = table.billing_mode == BillingMode::kPayPerRequest;
  w.String(on_demand ? "PAY_PER_REQUEST" : "PROVISIONED");
  if (on_demand) {
    w.Key("LastUpdateToPayPerRequestDateTime");
    WriteTimestamp(w, table.billing_mode_updated_millis);
  }
  w.EndObject();
  WriteIndexes(w, table, false, arn);
  WriteIndexes(w, table, true, arn);
  if (table.stream.enabled) {
    w.Key("StreamSpecification");
    w.StartObject();
    w.Key("StreamEnabled");
    w.Bool(true);
    w.Key("StreamViewType");
    w.String(table.stream.view_type);
    w.EndObject();
  }
  if (!table.stream.label.empty()) {
    w.Key("LatestStreamLabel");
    w.String(table.stream.label);
    w.Key("LatestStreamArn");
    w.String(arn + "/stream/" + table.stream.label);
  }
  w.Key("DeletionProtectionEnabled");
  w.Bool(false);
  w.EndObject();
}

}  // namespace eddy

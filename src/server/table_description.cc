#include "server/table_description.h"

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

}  // namespace

void WriteTableDescription(HandlerContext& ctx, const TableInfo& table, std::string_view status) {
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
  w.Key("KeySchema");
  w.StartArray();
  WriteKeyElement(w, table.key_schema.hash.name, "HASH");
  if (table.key_schema.range) WriteKeyElement(w, table.key_schema.range->name, "RANGE");
  w.EndArray();
  w.Key("TableStatus");
  w.String(status.data(), static_cast<rapidjson::SizeType>(status.size()));
  w.Key("CreationDateTime");
  WriteTimestamp(w, table.creation_millis);
  w.Key("ProvisionedThroughput");
  w.StartObject();
  w.Key("NumberOfDecreasesToday");
  w.Int(0);
  w.Key("ReadCapacityUnits");
  w.Int64(table.throughput.read_capacity_units);
  w.Key("WriteCapacityUnits");
  w.Int64(table.throughput.write_capacity_units);
  w.EndObject();
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

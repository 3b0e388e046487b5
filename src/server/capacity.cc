#include "server/capacity.h"

#include <algorithm>
#include <cmath>

#include "core/json_codec.h"

#include "server/request_fields.h"

namespace eddy {

CapacityMode ReadCapacityMode(const JsonValue& request) {
  auto mode = StringMember(request, "ReturnConsumedCapacity");
  ConstraintErrors errors;
  errors.Enum(mode, "returnConsumedCapacity", {"INDEXES", "TOTAL", "NONE"});
  errors.ThrowIfAny();
  if (!mode || *mode == "NONE") return CapacityMode::kNone;
  return *mode == "TOTAL" ? CapacityMode::kTotal : CapacityMode::kIndexes;
}

bool ReadItemCollectionMetrics(const JsonValue& request) {
  auto value = StringMember(request, "ReturnItemCollectionMetrics");
  ConstraintErrors errors;
  errors.Enum(value, "returnItemCollectionMetrics", {"SIZE", "NONE"});
  errors.ThrowIfAny();
  return value == "SIZE";
}

bool HasItemCollections(const TableInfo& table) {
  return std::any_of(table.indexes.begin(), table.indexes.end(), [](const IndexInfo& i) { return !i.global; });
}

void WriteItemCollectionMetrics(JsonWriter& w, const Engine& engine, const TableInfo& table,
                                const AttributeValue& partition) {
  // DynamoDB gives a range of whole gigabytes that holds the size: [0, 1]
  // below 1 GB, the usual answer locally.
  constexpr double kGigabyte = 1024.0 * 1024.0 * 1024.0;
  const double lower = std::floor(static_cast<double>(engine.ItemCollectionBytes(table, partition)) / kGigabyte);
  w.StartObject();
  w.Key("ItemCollectionKey");
  w.StartObject();
  const std::string& name = table.key_space.schema.hash.name;
  w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  EncodeAttributeValue(w, partition);
  w.EndObject();
  w.Key("SizeEstimateRangeGB");
  w.StartArray();
  w.Double(lower);
  w.Double(lower + 1);
  w.EndArray();
  w.EndObject();
}

namespace {

// {"CapacityUnits": u, "ReadCapacityUnits"|"WriteCapacityUnits": u}
void WriteCapacity(JsonWriter& w, double units, bool is_read) {
  w.StartObject();
  w.Key("CapacityUnits");
  w.Double(units);
  w.Key(is_read ? "ReadCapacityUnits" : "WriteCapacityUnits");
  w.Double(units);
  w.EndObject();
}

void WriteIndexCapacities(JsonWriter& w, const CapacityUse& use, bool global, bool is_read) {
  const auto has = [&](const IndexCapacity& index) { return index.global == global; };
  if (std::none_of(use.indexes.begin(), use.indexes.end(), has)) return;
  w.Key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
  w.StartObject();
  for (const IndexCapacity& index : use.indexes) {
    if (!has(index)) continue;
    w.Key(index.name.data(), static_cast<rapidjson::SizeType>(index.name.size()));
    WriteCapacity(w, index.units, is_read);
  }
  w.EndObject();
}

}  // namespace

void WriteCapacityObject(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                         const CapacityUse& use, bool is_read) {
  const double total = use.Total();
  w.StartObject();
  w.Key("TableName");
  w.String(table_name.data(), static_cast<rapidjson::SizeType>(table_name.size()));
  w.Key("CapacityUnits");
  w.Double(total);
  w.Key(is_read ? "ReadCapacityUnits" : "WriteCapacityUnits");
  w.Double(total);
  if (mode == CapacityMode::kIndexes) {
    w.Key("Table");
    WriteCapacity(w, use.table, is_read);
    WriteIndexCapacities(w, use, false, is_read);
    WriteIndexCapacities(w, use, true, is_read);
  }
  w.EndObject();
}

void WriteCapacityList(JsonWriter& w, CapacityMode mode, const std::vector<TableCapacity>& list, bool is_read) {
  if (mode == CapacityMode::kNone) return;
  w.Key("ConsumedCapacity");
  w.StartArray();
  for (const TableCapacity& table : list) WriteCapacityObject(w, mode, table.table_name, table.use, is_read);
  w.EndArray();
}

void WriteConsumedCapacity(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                           const CapacityUse& use, bool is_read) {
  if (mode == CapacityMode::kNone) return;
  w.Key("ConsumedCapacity");
  WriteCapacityObject(w, mode, table_name, use, is_read);
}

}  // namespace eddy

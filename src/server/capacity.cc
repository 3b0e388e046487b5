#include "server/capacity.h"

#include <algorithm>

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

void CheckItemCollectionMetrics(const JsonValue& request) {
  ConstraintErrors errors;
  errors.Enum(StringMember(request, "ReturnItemCollectionMetrics"), "returnItemCollectionMetrics",
              {"SIZE", "NONE"});
  errors.ThrowIfAny();
}

double WriteCapacityUnits(size_t item_bytes) {
  return static_cast<double>(std::max<size_t>(1, (item_bytes + 1023) / 1024));
}

double ReadCapacityUnits(size_t item_bytes, bool consistent_read) {
  const double units = static_cast<double>(std::max<size_t>(1, (item_bytes + 4095) / 4096));
  return consistent_read ? units : units / 2;
}

void WriteCapacityObject(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                         double units, bool is_read) {
  w.StartObject();
  w.Key("TableName");
  w.String(table_name.data(), static_cast<rapidjson::SizeType>(table_name.size()));
  w.Key("CapacityUnits");
  w.Double(units);
  w.Key(is_read ? "ReadCapacityUnits" : "WriteCapacityUnits");
  w.Double(units);
  if (mode == CapacityMode::kIndexes) {
    w.Key("Table");
    w.StartObject();
    w.Key("CapacityUnits");
    w.Double(units);
    w.Key(is_read ? "ReadCapacityUnits" : "WriteCapacityUnits");
    w.Double(units);
    w.EndObject();
  }
  w.EndObject();
}

void WriteConsumedCapacity(JsonWriter& w, CapacityMode mode, std::string_view table_name,
                           double units, bool is_read) {
  if (mode == CapacityMode::kNone) return;
  w.Key("ConsumedCapacity");
  WriteCapacityObject(w, mode, table_name, units, is_read);
}

}  // namespace eddy

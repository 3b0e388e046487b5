// UpdateTimeToLive and DescribeTimeToLive. The sweeper that deletes expired
// items is ttl/sweeper.h; this file only records and reports the setting.
//
// Error messages are DynamoDB's (as observed against the real service and
// asserted by Alternator's test_ttl.py and by other emulators' tests):
//   enable while enabled, same attribute:  "TimeToLive is already enabled"
//   enable while enabled, other attribute, or disable naming another one:
//     "TimeToLive is active on a different AttributeName: current AttributeName is <name>"
//   disable while disabled:                "TimeToLive is already disabled"
// DynamoDB also refuses a second change within an hour ("Time to live has
// been modified multiple times within a fixed interval"); eddy does not, so a
// local test can enable, disable and enable again at once.
#include <optional>
#include <string>
#include <string_view>

#include "core/api_error.h"
#include "server/handlers.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

constexpr size_t kMaxAttributeNameLength = 255;

TableInfoPtr TableOrNotFound(HandlerContext& ctx, std::string_view name) {
  return ctx.engine.GetTable(name, "Requested resource not found: Table: " + std::string(name) + " not found");
}

}  // namespace

void HandleUpdateTimeToLive(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto table_name = StringMember(ctx.request, "TableName");
  errors.TableName(table_name);
  const JsonValue* spec = ObjectMember(ctx.request, "TimeToLiveSpecification");
  std::optional<bool> enabled;
  std::optional<std::string_view> attribute;
  if (!spec) {
    errors.NotNull("timeToLiveSpecification");
  } else {
    enabled = BoolMember(*spec, "Enabled");
    attribute = StringMember(*spec, "AttributeName");
    if (!attribute) errors.NotNull("timeToLiveSpecification.attributeName");
    if (!enabled) errors.NotNull("timeToLiveSpecification.enabled");
    if (attribute && (attribute->empty() || attribute->size() > kMaxAttributeNameLength)) {
      errors.Add("Value '" + std::string(*attribute) +
                 "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                 "Member must have length " +
                 (attribute->empty() ? "greater than or equal to 1"
                                     : "less than or equal to " + std::to_string(kMaxAttributeNameLength)));
    }
  }
  errors.ThrowIfAny();

  // Checked and changed under the engine's write lock, so a concurrent
  // UpdateTable (a stream enable, say) is neither lost nor raced.
  ctx.engine.UpdateTable(*table_name, [&](const TableInfo& current, TableInfo* updated) {
    const TtlSettings& ttl = current.ttl;
    if (ttl.enabled && ttl.attribute != *attribute) {
      throw ApiError::Validation(
          "TimeToLive is active on a different AttributeName: current AttributeName is " + ttl.attribute);
    }
    if (*enabled && ttl.enabled) throw ApiError::Validation("TimeToLive is already enabled");
    if (!*enabled && !ttl.enabled) throw ApiError::Validation("TimeToLive is already disabled");
    // A disabled TTL has no attribute: DescribeTimeToLive then shows only
    // {"TimeToLiveStatus": "DISABLED"}, as DynamoDB does.
    updated->ttl = *enabled ? TtlSettings{true, std::string(*attribute)} : TtlSettings{};
  });

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("TimeToLiveSpecification");
  w.StartObject();
  w.Key("Enabled");
  w.Bool(*enabled);
  w.Key("AttributeName");
  w.String(attribute->data(), static_cast<rapidjson::SizeType>(attribute->size()));
  w.EndObject();
  w.EndObject();
}

void HandleDescribeTimeToLive(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto table_name = StringMember(ctx.request, "TableName");
  errors.TableName(table_name);
  errors.ThrowIfAny();
  TableInfoPtr table = TableOrNotFound(ctx, *table_name);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("TimeToLiveDescription");
  w.StartObject();
  w.Key("TimeToLiveStatus");
  // Real DynamoDB passes through ENABLING (and DISABLING) for up to an hour;
  // eddy applies the change at once and answers ENABLED/DISABLED, which
  // every client treats as the settled state.
  w.String(table->ttl.enabled ? "ENABLED" : "DISABLED");
  if (table->ttl.enabled) {
    w.Key("AttributeName");
    w.String(table->ttl.attribute);
  }
  w.EndObject();
  w.EndObject();
}

}  // namespace eddy

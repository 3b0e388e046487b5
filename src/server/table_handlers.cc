// CreateTable, DescribeTable, DeleteTable, UpdateTable, ListTables.
#include <algorithm>
#include <set>

#include "core/api_error.h"
#include "server/handlers.h"
#include "server/request_fields.h"
#include "server/index_updates.h"
#include "server/table_definition.h"
#include "server/table_description.h"

namespace eddy {
namespace {

const std::vector<std::string_view> kBillingModes = {"PROVISIONED", "PAY_PER_REQUEST"};
const std::vector<std::string_view> kStreamViewTypes = {"NEW_IMAGE", "OLD_IMAGE",
                                                        "NEW_AND_OLD_IMAGES", "KEYS_ONLY"};

// DynamoDB's ceiling for a table's provisioned capacity units, checked
// before the key schema and before the table is looked up.
constexpr int64_t kMaxCapacityUnits = 1'000'000'000'000;

void CheckThroughputBounds(const JsonValue& request) {
  const JsonValue* throughput = ObjectMember(request, "ProvisionedThroughput");
  if (!throughput) return;
  for (const char* member : {"ReadCapacityUnits", "WriteCapacityUnits"}) {
    auto units = IntegerMember(*throughput, member);
    if (units && *units > kMaxCapacityUnits) {
      throw ApiError::Validation("Given value " + std::to_string(*units) + " for " + member + " is out of bounds");
    }
  }
}

// BillingMode and ProvisionedThroughput, with DynamoDB's rules for each mode.
void ReadBilling(const JsonValue& request, std::optional<BillingMode> current, TableInfo* table) {
  ConstraintErrors errors;
  auto mode = StringMember(request, "BillingMode");
  errors.Enum(mode, "billingMode", kBillingModes);
  const JsonValue* throughput = ObjectMember(request, "ProvisionedThroughput");
  std::optional<int64_t> rcu, wcu;
  if (throughput) {
    rcu = IntegerMember(*throughput, "ReadCapacityUnits");
    wcu = IntegerMember(*throughput, "WriteCapacityUnits");
    if (!rcu) errors.NotNull("provisionedThroughput.readCapacityUnits");
    if (!wcu) errors.NotNull("provisionedThroughput.writeCapacityUnits");
    errors.Range(rcu, "provisionedThroughput.readCapacityUnits", 1, INT64_MAX);
    errors.Range(wcu, "provisionedThroughput.writeCapacityUnits", 1, INT64_MAX);
  }
  errors.ThrowIfAny();
  BillingMode billing = mode ? (*mode == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                                           : BillingMode::kProvisioned)
                             : current.value_or(BillingMode::kProvisioned);
  if (billing == BillingMode::kPayPerRequest && throughput) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
        "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  }
  const bool switching_to_provisioned = current && *current != billing;
  if (billing == BillingMode::kProvisioned && !throughput && (!current || switching_to_provisioned)) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must "
        "both be specified when BillingMode is PROVISIONED");
  }
  // UpdateTable: `table` still holds the current throughput here.
  if (current && !switching_to_provisioned && throughput && billing == BillingMode::kProvisioned &&
      table->throughput.read_capacity_units == *rcu && table->throughput.write_capacity_units == *wcu) {
    const std::string r = std::to_string(*rcu), w = std::to_string(*wcu);
    throw ApiError::Validation(
        "The provisioned throughput for the table will not change. The requested value equals the "
        "current value. Current ReadCapacityUnits provisioned for the table: " + r +
        ". Requested ReadCapacityUnits: " + r +
        ". Current WriteCapacityUnits provisioned for the table: " + w +
        ". Requested WriteCapacityUnits: " + w +
        ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
        "higher limits.");
  }
  table->billing_mode = billing;
  if (billing == BillingMode::kPayPerRequest) {
    table->throughput = {};
  } else if (throughput) {
    table->throughput = {*rcu, *wcu};
  }
}

// StreamSpecification. Returns false when the request has none.
bool ReadStreamSpecification(const JsonValue& request, StreamSettings* stream) {
  const JsonValue* spec = ObjectMember(request, "StreamSpecification");
  if (!spec) return false;
  ConstraintErrors errors;
  auto enabled = BoolMember(*spec, "StreamEnabled");
  auto view_type = StringMember(*spec, "StreamViewType");
  if (!enabled) errors.NotNull("streamSpecification.streamEnabled");
  errors.Enum(view_type, "streamSpecification.streamViewType", kStreamViewTypes);
  errors.ThrowIfAny();
  if (*enabled && !view_type) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: If stream is being enabled then UpdateViewType "
        "is required");
  }
  if (!*enabled && view_type) {
    throw ApiError::Validation(
        "One or more parameter values were invalid: If stream is being disabled, then "
        "UpdateViewType must not be specified");
  }
  stream->enabled = *enabled;
  stream->view_type = view_type ? std::string(*view_type) : std::string();
  return true;
}

void RejectUnsupported(const JsonValue& request, std::string_view member) {
  if (Member(request, member)) {
    throw ApiError::Validation("eddy does not support " + std::string(member) + " yet");
  }
}

// Deletion protection is not implemented: refuse to turn it on rather than
// accept it and then let the table be deleted.
void RejectDeletionProtection(const JsonValue& request) {
  if (BoolMember(request, "DeletionProtectionEnabled").value_or(false)) {
    throw ApiError::Validation("eddy does not support DeletionProtectionEnabled yet");
  }
}

// The TableName member; `arn_allowed` for operations on an existing table.
std::string_view RequiredTableName(const JsonValue& request, bool arn_allowed = true) {
  ConstraintErrors errors;
  auto name = StringMember(request, "TableName");
  if (arn_allowed) {
    errors.TableNameOrArn(&name);
  } else {
    errors.TableName(name);
  }
  errors.ThrowIfAny();
  return *name;
}

void WriteDescriptionResponse(HandlerContext& ctx, const char* member, const TableInfo& table,
                              std::string_view status) {
  ctx.out.StartObject();
  ctx.out.Key(member);
  WriteTableDescription(ctx, table, status);
  ctx.out.EndObject();
}

}  // namespace

void HandleCreateTable(HandlerContext& ctx) {
  TableInfo spec;
  spec.name = std::string(RequiredTableName(ctx.request, /*arn_allowed=*/false));
  ConstraintErrors errors;
  TableDefinition definition = ReadTableDefinition(ctx.request, errors);
  errors.ThrowIfAny();
  CheckThroughputBounds(ctx.request);
  ReadBilling(ctx.request, std::nullopt, &spec);
  ApplyTableDefinition(definition, spec.billing_mode, &spec);
  StreamSettings stream;
  if (ReadStreamSpecification(ctx.request, &stream) && stream.enabled) spec.stream = stream;
  RejectDeletionProtection(ctx.request);
  if (const JsonValue* tags = ArrayMember(ctx.request, "Tags")) ReadTags(*tags, &spec.tags);
  TableInfoPtr table = ctx.engine.CreateTable(std::move(spec));
  // eddy creates tables at once; DynamoDB would say CREATING first, and
  // waiters accept ACTIVE straight away.
  WriteDescriptionResponse(ctx, "TableDescription", *table, {});
}

void HandleDescribeTable(HandlerContext& ctx) {
  std::string_view name = RequiredTableName(ctx.request);
  TableInfoPtr table =
      ctx.engine.GetTable(name, "Requested resource not found: Table: " + std::string(name) + " not found");
  WriteDescriptionResponse(ctx, "Table", *table, {});
}

void HandleDeleteTable(HandlerContext& ctx) {
  TableInfoPtr table = ctx.engine.DeleteTable(RequiredTableName(ctx.request));
  WriteDescriptionResponse(ctx, "TableDescription", *table, "DELETING");
}

void HandleUpdateTable(HandlerContext& ctx) {
  std::string_view name = RequiredTableName(ctx.request);
  ConstraintErrors errors;
  IndexUpdates index_updates = ReadIndexUpdates(ctx.request, errors);
  errors.ThrowIfAny();
  CheckThroughputBounds(ctx.request);
  RejectUnsupported(ctx.request, "ReplicaUpdates");
  RejectDeletionProtection(ctx.request);
  const bool has_billing = Member(ctx.request, "BillingMode") || Member(ctx.request, "ProvisionedThroughput");
  StreamSettings stream;
  const bool has_stream = ReadStreamSpecification(ctx.request, &stream);
  const bool other_changes = has_billing || has_stream || Member(ctx.request, "SSESpecification") ||
                             Member(ctx.request, "TableClass") || Member(ctx.request, "DeletionProtectionEnabled");
  if (!other_changes && index_updates.updates.empty()) {
    throw ApiError::Validation(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
  }
  CheckIndexUpdates(index_updates, other_changes, Member(ctx.request, "ProvisionedThroughput") != nullptr,
                    has_stream);
  // Checked against the current settings under the engine's write lock, so
  // two concurrent updates cannot both pass a check or undo each other.
  TableInfoPtr table = ctx.engine.UpdateTable(name, [&](const TableInfo& current, TableInfo* updated) {
    if (has_billing) {
      ReadBilling(ctx.request, current.billing_mode, updated);
      if (updated->billing_mode == BillingMode::kPayPerRequest) {
        for (IndexInfo& index : updated->indexes) index.throughput = {};
      }
    }
    ApplyIndexUpdates(index_updates, current, updated);
    if (!has_stream) return;
    if (stream.enabled && current.stream.enabled) {
      throw ApiError::Validation("Table already has an enabled stream: TableName: " + current.name);
    }
    if (!stream.enabled && !current.stream.enabled) {
      throw ApiError::Validation("Table has no stream to disable: TableName: " + current.name);
    }
    updated->stream.enabled = stream.enabled;
    if (stream.enabled) updated->stream.view_type = stream.view_type;
  });
  WriteDescriptionResponse(ctx, "TableDescription", *table, {});
}

void HandleListTables(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto limit = IntegerMember(ctx.request, "Limit");
  auto start = StringMember(ctx.request, "ExclusiveStartTableName");
  errors.Range(limit, "limit", 1, 100);
  if (start) errors.TableName(start, "exclusiveStartTableName");
  errors.ThrowIfAny();
  const std::vector<std::string> names = ctx.engine.TableNames();
  auto it = start ? std::upper_bound(names.begin(), names.end(), std::string(*start)) : names.begin();
  const size_t max = static_cast<size_t>(limit.value_or(100));
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("TableNames");
  w.StartArray();
  size_t written = 0;
  for (; it != names.end() && written < max; ++it, ++written) w.String(*it);
  w.EndArray();
  if (it != names.end() && written > 0) {
    w.Key("LastEvaluatedTableName");
    w.String(*(it - 1));
  }
  w.EndObject();
}

}  // namespace eddy

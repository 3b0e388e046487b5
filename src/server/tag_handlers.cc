// TagResource, UntagResource, ListTagsOfResource (tables are the only
// taggable resources here), and DescribeContinuousBackups, which IaC tools
// (Terraform, CDK) read after creating a table.
#include <algorithm>

#include "core/api_error.h"
#include "server/handlers.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

constexpr size_t kMaxTags = 50;

// The table a ResourceArn names. DynamoDB's message really says "ResourcArn".
TableInfoPtr TableOfArn(HandlerContext& ctx) {
  auto arn = StringMember(ctx.request, "ResourceArn");
  ConstraintErrors errors;
  if (!arn) errors.NotNull("resourceArn");
  errors.Length(arn, "resourceArn", 1, 1283);
  errors.ThrowIfAny();
  constexpr std::string_view kMarker = ":table/";
  const size_t at = arn->find(kMarker);
  if (at == std::string_view::npos || !arn->starts_with("arn:")) {
    throw ApiError::Validation("Invalid TableArn: Invalid ResourceArn provided as input " + std::string(*arn));
  }
  TableInfoPtr table = ctx.engine.FindTable(arn->substr(at + kMarker.size()));
  if (!table) {
    throw ApiError::ResourceNotFound("Requested resource not found: ResourcArn: " + std::string(*arn) +
                                     " not found");
  }
  return table;
}

}  // namespace

void ReadTags(const JsonValue& tags, std::map<std::string, std::string>* out) {
  ConstraintErrors errors;
  for (rapidjson::SizeType i = 0; i < tags.Size(); ++i) {
    const JsonValue& tag = AsObject(tags[i]);
    const std::string field = "tags." + std::to_string(i + 1) + ".member";
    auto key = StringMember(tag, "Key");
    auto value = StringMember(tag, "Value");
    if (!key) errors.NotNull(field + ".key");
    if (!value) errors.NotNull(field + ".value");
    errors.Length(key, field + ".key", 1, 128);
    errors.Length(value, field + ".value", 0, 256);
    if (key && value) (*out)[std::string(*key)] = std::string(*value);
  }
  errors.ThrowIfAny();
  if (out->size() > kMaxTags) {
    throw ApiError::Validation("One or more parameter values were invalid: Too many tags: the limit is 50");
  }
}

void HandleTagResource(HandlerContext& ctx) {
  TableInfoPtr table = TableOfArn(ctx);
  const JsonValue* tags = ArrayMember(ctx.request, "Tags");
  if (!tags) {
    ConstraintErrors errors;
    errors.NotNull("tags");
    errors.ThrowIfAny();
  }
  ctx.engine.UpdateTable(table->name, [&](const TableInfo&, TableInfo* updated) {
    ReadTags(*tags, &updated->tags);
  });
  ctx.out.StartObject();
  ctx.out.EndObject();
}

void HandleUntagResource(HandlerContext& ctx) {
  TableInfoPtr table = TableOfArn(ctx);
  const JsonValue* keys = ArrayMember(ctx.request, "TagKeys");
  if (!keys) {
    ConstraintErrors errors;
    errors.NotNull("tagKeys");
    errors.ThrowIfAny();
  }
  ctx.engine.UpdateTable(table->name, [&](const TableInfo&, TableInfo* updated) {
    for (const JsonValue& key : keys->GetArray()) updated->tags.erase(std::string(AsString(key)));
  });
  ctx.out.StartObject();
  ctx.out.EndObject();
}

void HandleListTagsOfResource(HandlerContext& ctx) {
  TableInfoPtr table = TableOfArn(ctx);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Tags");
  w.StartArray();
  for (const auto& [key, value] : table->tags) {
    w.StartObject();
    w.Key("Key");
    w.String(key);
    w.Key("Value");
    w.String(value);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void HandleDescribeContinuousBackups(HandlerContext& ctx) {
  ConstraintErrors errors;
  auto name = StringMember(ctx.request, "TableName");
  errors.TableNameOrArn(&name);
  errors.ThrowIfAny();
  if (!ctx.engine.FindTable(*name)) {
    throw ApiError("com.amazonaws.dynamodb.v20120810#TableNotFoundException",
                   "Table not found: " + std::string(*name), 400);
  }
  // eddy keeps no backups: point-in-time recovery is always disabled.
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("ContinuousBackupsDescription");
  w.StartObject();
  w.Key("ContinuousBackupsStatus");
  w.String("DISABLED");
  w.Key("PointInTimeRecoveryDescription");
  w.StartObject();
  w.Key("PointInTimeRecoveryStatus");
  w.String("DISABLED");
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

}  // namespace eddy

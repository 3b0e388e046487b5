// TagResource, UntagResource, ListTagsOfResource (tables are the only
// taggable resources here), and DescribeContinuousBackups, which IaC tools
// (Terraform, CDK) read after creating a table.
#include <algorithm>
#include <cctype>

#include "core/api_error.h"
#include "core/table_name.h"
#include "server/handlers.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

constexpr size_t kMaxTags = 50;

[[noreturn]] void InvalidArn(std::string_view arn) {
  throw ApiError::Validation("Invalid TableArn: Invalid ResourceArn provided as input " + std::string(arn));
}

// The name of the table a ResourceArn names: "arn:...:table/<name>", the name
// with TableName's rules (so an index's ARN, ".../table/t/index/i", is not
// one). Checked before the table is looked up.
std::string_view TableNameOfArn(std::string_view arn) {
  constexpr std::string_view kMarker = ":table/";
  const size_t at = arn.find(kMarker);
  if (at == std::string_view::npos || !arn.starts_with("arn:")) InvalidArn(arn);
  const std::string_view name = arn.substr(at + kMarker.size());
  if (!IsTableName(name)) InvalidArn(arn);
  return name;
}

// The table named by the request's ResourceArn, whose name has been checked.
// DynamoDB's message really says "ResourcArn".
TableInfoPtr TableOfArn(HandlerContext& ctx, std::string_view name) {
  TableInfoPtr table = ctx.engine.FindTable(name);
  if (!table) {
    throw ApiError::ResourceNotFound("Requested resource not found: ResourcArn: " +
                                     std::string(*StringMember(ctx.request, "ResourceArn")) + " not found");
  }
  return table;
}

std::string_view ResourceTableName(HandlerContext& ctx) {
  return TableNameOfArn(*StringMember(ctx.request, "ResourceArn"));  // present: the request's shape requires it
}

// AWS's tag character set: letters, digits, spaces and _ . : / = + - @
// (any character beyond ASCII is taken as a letter: eddy has no Unicode
// category tables).
bool IsTagText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) || std::string_view(" _.:/=+-@").find(c) != std::string_view::npos;
  });
}

constexpr std::string_view kTagPattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";

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
    for (auto [text, name] : {std::pair{key, ".key"}, std::pair{value, ".value"}}) {
      if (text && !IsTagText(*text)) {
        errors.Add("Value '" + std::string(*text) + "' at '" + field + name +
                   "' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
                   std::string(kTagPattern));
      }
    }
    if (key && value) (*out)[std::string(*key)] = std::string(*value);
  }
  errors.ThrowIfAny();
  if (out->size() > kMaxTags) {
    throw ApiError::Validation("One or more parameter values were invalid: Too many tags: the limit is 50");
  }
}

// The checks come in DynamoDB's order: the ARN, the tags, then the table.
void HandleTagResource(HandlerContext& ctx) {
  const std::string_view name = ResourceTableName(ctx);
  const JsonValue& tags = *ArrayMember(ctx.request, "Tags");  // required by the request's shape
  if (tags.Empty()) throw ApiError::Validation("Atleast one Tag needs to be provided as Input.");
  std::map<std::string, std::string> added;
  ReadTags(tags, &added);
  TableInfoPtr table = TableOfArn(ctx, name);
  ctx.engine.UpdateTable(table->name, [&](const TableInfo&, TableInfo* updated) {
    for (auto& [key, value] : added) updated->tags[key] = value;
    if (updated->tags.size() > kMaxTags) {
      throw ApiError::Validation("One or more parameter values were invalid: Too many tags: the limit is 50");
    }
  });
  // DynamoDB answers TagResource and UntagResource with an empty body.
}

void HandleUntagResource(HandlerContext& ctx) {
  const std::string_view name = ResourceTableName(ctx);
  const JsonValue& keys = *ArrayMember(ctx.request, "TagKeys");  // required by the request's shape
  if (keys.Empty()) throw ApiError::Validation("Atleast one Tag Key needs to be provided as Input.");
  TableInfoPtr table = TableOfArn(ctx, name);
  ctx.engine.UpdateTable(table->name, [&](const TableInfo&, TableInfo* updated) {
    for (const JsonValue& key : keys.GetArray()) updated->tags.erase(std::string(AsString(key)));
  });
}

void HandleListTagsOfResource(HandlerContext& ctx) {
  TableInfoPtr table = TableOfArn(ctx, ResourceTableName(ctx));
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

// PutItem, GetItem, DeleteItem, UpdateItem.
#include <algorithm>

#include "core/api_error.h"
#include "core/item_size.h"
#include "core/json_codec.h"
#include "ops/batch.h"
#include "ops/write_item.h"
#include "server/capacity.h"
#include "server/expression_params.h"
#include "server/handlers.h"
#include "server/legacy_parameters.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

// ReturnValues (one of the enum: the request's shape was validated), limited
// to what the operation allows (PutItem and DeleteItem: NONE and ALL_OLD).
ReturnValues ReadReturnValues(const JsonValue& request, bool update) {
  auto value = StringMember(request, "ReturnValues");
  if (!value || *value == "NONE") return ReturnValues::kNone;
  if (*value == "ALL_OLD") return ReturnValues::kAllOld;
  if (!update) throw ApiError::Validation("Return values set to invalid value");
  if (*value == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (*value == "ALL_NEW") return ReturnValues::kAllNew;
  return ReturnValues::kUpdatedNew;
}

bool ReadReturnOldOnConditionFailure(const JsonValue& request) {
  auto value = StringMember(request, "ReturnValuesOnConditionCheckFailure");  // ALL_OLD or NONE
  return value && *value == "ALL_OLD";
}

struct ItemRequest {
  std::string_view table_name;
  AttributeMap attributes;  // the Item or Key
  CapacityMode capacity;
  bool item_collection_metrics = false;  // ReturnItemCollectionMetrics SIZE
  TableInfoPtr table = nullptr;          // looked up once the request is read
};

// Mixed legacy and expression parameters, then the Item's or Key's
// attribute values (before the details of the legacy parameters and the
// expressions): all before the table is looked up, as DynamoDB checks. The
// request's shape was validated by the dispatcher.
ItemRequest ReadItemRequest(HandlerContext& ctx, const char* required_member) {
  const std::string_view table_name = TableNameOfNameOrArn(*StringMember(ctx.request, "TableName"));
  CapacityMode capacity = ReadCapacityMode(ctx.request);
  CheckLegacyParameters(ctx.request);
  AttributeMap attributes = DecodeAttributeMap(*Member(ctx.request, required_member));
  return {table_name, std::move(attributes), capacity};
}

// Runs a write and writes the response.
void RunWrite(HandlerContext& ctx, const ItemRequest& req, const WriteOp& op, ReturnValues return_values,
              bool return_old_on_failure) {
  WriteItemResult result =
      WriteItem(ctx.engine, *req.table, op, return_values, return_old_on_failure, ctx.conflicts);
  JsonWriter& w = ctx.out;
  w.StartObject();
  if (result.attributes && !result.attributes->empty()) {
    w.Key("Attributes");
    EncodeAttributeMap(w, *result.attributes);
  }
  WriteConsumedCapacity(w, req.capacity, req.table->name, result.capacity, false);
  if (req.item_collection_metrics && HasItemCollections(*req.table)) {
    w.Key("ItemCollectionMetrics");
    WriteItemCollectionMetrics(w, ctx.engine, *req.table, op.key().hash);
  }
  w.EndObject();
}

}  // namespace

namespace {

// PutItem and DeleteItem: one item (`member` is Item or Key), an optional
// ConditionExpression, ReturnValues NONE or ALL_OLD.
template <typename Op>
void HandleConditionalWrite(HandlerContext& ctx, const char* member) {
  ItemRequest req = ReadItemRequest(ctx, member);
  req.item_collection_metrics = ReadItemCollectionMetrics(ctx.request);
  ReturnValues return_values = ReadReturnValues(ctx.request, false);
  bool return_old = ReadReturnOldOnConditionFailure(ctx.request);
  ExpressionParams params(ctx.request);
  auto condition = params.Condition("ConditionExpression");
  params.Finish();
  if (!condition) condition = ReadExpected(ctx.request);
  req.table = ctx.engine.GetTable(req.table_name);
  Op op(*req.table, std::move(req.attributes), std::move(condition));
  RunWrite(ctx, req, op, return_values, return_old);
}

}  // namespace

void HandlePutItem(HandlerContext& ctx) { HandleConditionalWrite<PutOp>(ctx, "Item"); }

void HandleDeleteItem(HandlerContext& ctx) { HandleConditionalWrite<DeleteOp>(ctx, "Key"); }

void HandleUpdateItem(HandlerContext& ctx) {
  ItemRequest req = ReadItemRequest(ctx, "Key");
  req.item_collection_metrics = ReadItemCollectionMetrics(ctx.request);
  ReturnValues return_values = ReadReturnValues(ctx.request, true);
  bool return_old = ReadReturnOldOnConditionFailure(ctx.request);
  ExpressionParams params(ctx.request);
  auto update = params.Update();
  auto condition = params.Condition("ConditionExpression");
  params.Finish();
  if (auto legacy = ReadAttributeUpdates(ctx.request)) update = std::move(*legacy);
  if (!condition) condition = ReadExpected(ctx.request);
  req.table = ctx.engine.GetTable(req.table_name);
  UpdateOp op(*req.table, std::move(req.attributes), std::move(update),
              std::move(condition));
  RunWrite(ctx, req, op, return_values, return_old);
}

void HandleGetItem(HandlerContext& ctx) {
  ItemRequest req = ReadItemRequest(ctx, "Key");
  const bool consistent = BoolMember(ctx.request, "ConsistentRead").value_or(false);
  ExpressionParams params(ctx.request);
  auto projection = params.Projection();
  params.Finish();
  if (!projection) projection = ReadAttributesToGet(ctx.request);
  req.table = ctx.engine.GetTable(req.table_name);
  PrimaryKey key = KeyFromKeyParameter(req.table->key_space, std::move(req.attributes));
  if (projection) CheckKeyPathsAreScalar(*req.table, projection->Paths());
  const GetItemResult result = GetItem(ctx.engine, *req.table, key, projection ? &*projection : nullptr, consistent);
  JsonWriter& w = ctx.out;
  w.StartObject();
  if (result.item) {
    w.Key("Item");
    EncodeAttributeMap(w, *result.item);
  }
  WriteConsumedCapacity(w, req.capacity, req.table->name, result.capacity, true);
  w.EndObject();
}

}  // namespace eddy

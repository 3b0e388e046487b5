// BatchWriteItem and BatchGetItem. eddy processes every request of a batch,
// so UnprocessedItems and UnprocessedKeys are always empty.
#include <algorithm>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "core/api_error.h"
#include "core/item_size.h"
#include "core/json_codec.h"
#include "server/capacity.h"
#include "server/expression_params.h"
#include "server/handlers.h"
#include "server/legacy_parameters.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

constexpr size_t kMaxBatchWrites = 25;
constexpr size_t kMaxBatchGets = 100;
// BatchGetItem answers at most 16 MB; keys past that come back unprocessed.
constexpr size_t kMaxBatchGetResponseBytes = 16 * 1024 * 1024;

const JsonValue& RequestItems(const JsonValue& request) {
  const JsonValue* items = ObjectMember(request, "RequestItems");
  ConstraintErrors errors;
  if (!items) {
    errors.NotNull("requestItems");
  } else if (items->MemberCount() == 0) {
    errors.Add("Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length "
               "greater than or equal to 1");
  }
  errors.ThrowIfAny();
  return *items;
}

std::string_view TableNameOf(const JsonValue::ConstMemberIterator& member) {
  std::optional<std::string_view> name(std::in_place, member->name.GetString(),
                                       member->name.GetStringLength());
  ConstraintErrors errors;
  errors.TableNameOrArn(&name, "requestItems.key");
  errors.ThrowIfAny();
  return *name;
}

struct TableWrites {
  TableInfoPtr table;
  std::vector<std::unique_ptr<WriteOp>> ops;
};

}  // namespace

void HandleBatchWriteItem(HandlerContext& ctx) {
  const JsonValue& request_items = RequestItems(ctx.request);
  CapacityMode capacity = ReadCapacityMode(ctx.request);
  const bool item_collection_metrics = ReadItemCollectionMetrics(ctx.request);
  size_t total = 0;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) {
    if (!m->value.IsArray()) throw ApiError::Serialization("Unexpected value type in payload, expected a list");
    if (m->value.Empty()) {
      throw ApiError::Validation(
          "1 validation error detected: Value '{" + std::string(m->name.GetString()) +
          "=[]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
          "[Member must have length less than or equal to 25, Member must have length greater than "
          "or equal to 1]");
    }
    total += m->value.Size();
  }
  if (total > kMaxBatchWrites) {
    throw ApiError::Validation("Too many items requested for the BatchWriteItem call");
  }
  // Validate everything before writing anything.
  std::vector<TableWrites> writes;
  // Across entries too: one table can be named twice (by name and by ARN).
  // A storage key starts with its table's id.
  std::set<std::string> keys;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) {
    TableWrites tw{ctx.engine.GetTable(TableNameOf(m)), {}};
    for (const JsonValue& entry : m->value.GetArray()) {
      const JsonValue& e = AsObject(entry);
      const JsonValue* put = ObjectMember(e, "PutRequest");
      const JsonValue* del = ObjectMember(e, "DeleteRequest");
      if ((put != nullptr) == (del != nullptr)) {
        throw ApiError::Validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      std::unique_ptr<WriteOp> op;
      if (put) {
        const JsonValue* item = ObjectMember(*put, "Item");
        if (!item) throw ApiError::Validation("1 validation error detected: Value null at 'requestItems." +
                                              std::string(tw.table->name) +
                                              ".member.putRequest.item' failed to satisfy constraint: Member must not be null");
        op = std::make_unique<PutOp>(*tw.table, DecodeAttributeMap(*item));
      } else {
        const JsonValue* key = ObjectMember(*del, "Key");
        if (!key) throw ApiError::Validation("1 validation error detected: Value null at 'requestItems." +
                                             std::string(tw.table->name) +
                                             ".member.deleteRequest.key' failed to satisfy constraint: Member must not be null");
        op = std::make_unique<DeleteOp>(*tw.table, DecodeAttributeMap(*key));
      }
      if (!keys.insert(op->key().storage_key).second) {
        throw ApiError::Validation("Provided list of item keys contains duplicates");
      }
      tw.ops.push_back(std::move(op));
    }
    writes.push_back(std::move(tw));
  }

  JsonWriter& w = ctx.out;
  w.StartObject();
  // One commit for the whole batch (DynamoDB promises less: each write on
  // its own).
  std::vector<ItemWrite> list;
  list.reserve(total);
  for (const TableWrites& tw : writes) {
    for (const auto& op : tw.ops) list.push_back({tw.table.get(), op.get()});
  }
  std::vector<WriteOutcome> outcomes = ctx.engine.WriteAll(list);
  for (WriteOutcome& outcome : outcomes) {
    if (outcome.error) throw *outcome.error;
  }
  std::vector<std::pair<std::string, CapacityUse>> consumed;
  size_t next = 0;
  for (const TableWrites& tw : writes) {
    CapacityUse use;
    for (size_t i = 0; i < tw.ops.size(); ++i) use.Add(WriteCapacityOf(outcomes[next++]));
    consumed.emplace_back(tw.table->name, std::move(use));
  }
  w.Key("UnprocessedItems");
  w.StartObject();
  w.EndObject();
  if (capacity != CapacityMode::kNone) {
    w.Key("ConsumedCapacity");
    w.StartArray();
    for (const auto& [name, use] : consumed) WriteCapacityObject(w, capacity, name, use, false);
    w.EndArray();
  }
  if (item_collection_metrics &&
      std::any_of(writes.begin(), writes.end(), [](const TableWrites& tw) { return HasItemCollections(*tw.table); })) {
    // One metrics object per write, grouped by table, for tables with LSIs.
    w.Key("ItemCollectionMetrics");
    w.StartObject();
    for (const TableWrites& tw : writes) {
      if (!HasItemCollections(*tw.table)) continue;
      w.Key(tw.table->name.c_str(), static_cast<rapidjson::SizeType>(tw.table->name.size()));
      w.StartArray();
      for (const auto& op : tw.ops) WriteItemCollectionMetrics(w, ctx.engine, *tw.table, op->key().hash);
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
}

void HandleBatchGetItem(HandlerContext& ctx) {
  const JsonValue& request_items = RequestItems(ctx.request);
  CapacityMode capacity = ReadCapacityMode(ctx.request);
  size_t total = 0;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) {
    const JsonValue& spec = AsObject(m->value);
    const JsonValue* keys = ArrayMember(spec, "Keys");
    if (keys) total += keys->Size();
  }
  if (total > kMaxBatchGets) {
    throw ApiError::Validation("Too many items requested for the BatchGetItem call");
  }

  struct TableGets {
    TableInfoPtr table;
    std::vector<PrimaryKey> keys;
    std::unique_ptr<ExpressionParams> params;
    std::optional<expr::Projection> projection;
    bool consistent = false;
    const JsonValue* spec = nullptr;           // the request's entry, echoed in UnprocessedKeys
    std::vector<const JsonValue*> key_json;    // the request's keys, in order
    size_t processed = 0;                      // keys answered; the rest are unprocessed
  };
  std::vector<TableGets> gets;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) {
    const JsonValue& spec = m->value;
    TableGets tg;
    tg.spec = &spec;
    tg.table = ctx.engine.GetTable(TableNameOf(m));
    const JsonValue* keys = ArrayMember(spec, "Keys");
    if (!keys || keys->Empty()) {
      throw ApiError::Validation("1 validation error detected: Value null at 'requestItems." +
                                 tg.table->name +
                                 ".member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    CheckLegacyParameters(spec);
    tg.params = std::make_unique<ExpressionParams>(spec);
    tg.projection = tg.params->Projection();
    tg.params->Finish();
    if (!tg.projection) tg.projection = ReadAttributesToGet(spec);
    tg.consistent = BoolMember(spec, "ConsistentRead").value_or(false);
    std::set<std::string> seen;
    for (const JsonValue& key : keys->GetArray()) {
      PrimaryKey k = KeyFromKeyParameter(tg.table->key_space, DecodeAttributeMap(AsObject(key)));
      if (!seen.insert(k.storage_key).second) {
        throw ApiError::Validation("Provided list of item keys contains duplicates");
      }
      tg.keys.push_back(std::move(k));
      tg.key_json.push_back(&key);
    }
    gets.push_back(std::move(tg));
  }

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Responses");
  w.StartObject();
  std::vector<std::pair<std::string, double>> consumed;
  size_t response_bytes = 0;
  bool full = false;
  for (TableGets& tg : gets) {
    w.Key(tg.table->name.c_str(), static_cast<rapidjson::SizeType>(tg.table->name.size()));
    w.StartArray();
    double units = 0;
    for (; tg.processed < tg.keys.size() && !full; ++tg.processed) {
      std::optional<Item> item = ctx.engine.GetItem(*tg.table, tg.keys[tg.processed]);
      if (!item) {
        units += ReadCapacityUnits(0, tg.consistent);
        continue;
      }
      const size_t size = ItemSize(*item);
      if (response_bytes + size > kMaxBatchGetResponseBytes) {
        full = true;  // this key and the rest go back in UnprocessedKeys
        break;
      }
      response_bytes += size;
      units += ReadCapacityUnits(size, tg.consistent);
      EncodeAttributeMap(w, tg.projection ? tg.projection->Apply(*item) : *item);
    }
    w.EndArray();
    consumed.emplace_back(tg.table->name, units);
  }
  w.EndObject();
  w.Key("UnprocessedKeys");
  w.StartObject();
  for (const TableGets& tg : gets) {
    if (tg.processed == tg.keys.size()) continue;
    w.Key(tg.table->name.c_str(), static_cast<rapidjson::SizeType>(tg.table->name.size()));
    w.StartObject();
    for (const auto& member : tg.spec->GetObject()) {
      if (std::string_view(member.name.GetString()) == "Keys") continue;
      member.name.Accept(w);
      member.value.Accept(w);
    }
    w.Key("Keys");
    w.StartArray();
    for (size_t i = tg.processed; i < tg.keys.size(); ++i) tg.key_json[i]->Accept(w);
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
  if (capacity != CapacityMode::kNone) {
    w.Key("ConsumedCapacity");
    w.StartArray();
    for (const auto& [name, units] : consumed) WriteCapacityObject(w, capacity, name, CapacityUse{units, {}}, true);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace eddy

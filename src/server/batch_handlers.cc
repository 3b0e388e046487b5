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
#include "ops/batch.h"
#include "server/capacity.h"
#include "server/expression_params.h"
#include "server/handlers.h"
#include "server/legacy_parameters.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

// Present, with at least one table and each table's list within its
// bounds: the request's shape was validated by the dispatcher.
const JsonValue& RequestItems(const JsonValue& request) { return *ObjectMember(request, "RequestItems"); }

std::string_view TableNameOf(const JsonValue::ConstMemberIterator& member) {
  std::optional<std::string_view> name(std::in_place, member->name.GetString(),
                                       member->name.GetStringLength());
  ConstraintErrors errors;
  errors.TableNameOrArn(&name, "requestItems.key");
  errors.ThrowIfAny();
  return *name;
}

}  // namespace

void HandleBatchWriteItem(HandlerContext& ctx) {
  const JsonValue& request_items = RequestItems(ctx.request);
  CapacityMode capacity = ReadCapacityMode(ctx.request);
  const bool item_collection_metrics = ReadItemCollectionMetrics(ctx.request);
  size_t total = 0;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) total += m->value.Size();
  if (total > kMaxBatchWrites) {
    throw ApiError::Validation("Too many items requested for the BatchWriteItem call");
  }
  // Validate everything before writing anything: first what the request
  // alone shows (each entry's one request and its attribute values), then,
  // with the tables looked up, the keys.
  struct Entry {
    bool put;
    AttributeMap attributes;  // the Item or the Key
  };
  std::vector<std::vector<Entry>> entries;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) {
    std::vector<Entry>& table_entries = entries.emplace_back();
    for (const JsonValue& entry : m->value.GetArray()) {
      // The request's shape requires PutRequest's Item and DeleteRequest's Key.
      const JsonValue* put = ObjectMember(AsObject(entry), "PutRequest");
      const JsonValue* del = ObjectMember(entry, "DeleteRequest");
      if ((put != nullptr) == (del != nullptr)) {
        throw ApiError::Validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      table_entries.push_back({put != nullptr, DecodeAttributeMap(put ? *Member(*put, "Item") : *Member(*del, "Key"))});
    }
  }
  std::vector<BatchTableWrites> writes;
  // Across entries too: one table can be named twice (by name and by ARN).
  // A storage key starts with its table's id.
  std::set<std::string> keys;
  size_t table_index = 0;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m, ++table_index) {
    BatchTableWrites tw{ctx.engine.GetTable(TableNameOf(m)), {}};
    for (Entry& entry : entries[table_index]) {
      std::unique_ptr<WriteOp> op;
      if (entry.put) {
        op = std::make_unique<PutOp>(*tw.table, std::move(entry.attributes));
      } else {
        op = std::make_unique<DeleteOp>(*tw.table, std::move(entry.attributes));
      }
      if (!keys.insert(op->key().storage_key).second) {
        throw ApiError::Validation("Provided list of item keys contains duplicates");
      }
      tw.ops.push_back(std::move(op));
    }
    writes.push_back(std::move(tw));
  }

  const std::vector<TableCapacity> consumed = BatchWriteItems(ctx.engine, writes);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("UnprocessedItems");
  w.StartObject();
  w.EndObject();
  WriteCapacityList(w, capacity, consumed, false);
  if (item_collection_metrics && std::any_of(writes.begin(), writes.end(), [](const BatchTableWrites& tw) {
        return HasItemCollections(*tw.table);
      })) {
    // One metrics object per write, grouped by table, for tables with LSIs.
    w.Key("ItemCollectionMetrics");
    w.StartObject();
    for (const BatchTableWrites& tw : writes) {
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

  // What the response needs beside the operation's inputs.
  struct TableRequest {
    const JsonValue* spec = nullptr;         // the request's entry, echoed in UnprocessedKeys
    std::vector<const JsonValue*> key_json;  // the request's keys, in order
    std::vector<AttributeMap> keys;          // decoded, not yet checked against the table
    std::optional<expr::Projection> projection;
    bool consistent = false;
  };
  // First what each entry alone shows (its parameters, expressions and key
  // values), then, with the tables looked up, the keys.
  std::vector<TableRequest> requests;
  requests.reserve(request_items.MemberCount());  // gets point to their projections
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m) {
    const JsonValue& spec = m->value;  // its Keys are required by the request's shape
    TableRequest& tr = requests.emplace_back();
    tr.spec = &spec;
    CheckLegacyParameters(spec);
    ExpressionParams params(spec);
    tr.projection = params.Projection();
    params.Finish();
    if (!tr.projection) tr.projection = ReadAttributesToGet(spec);
    tr.consistent = BoolMember(spec, "ConsistentRead").value_or(false);
    for (const JsonValue& key : Member(spec, "Keys")->GetArray()) {
      tr.keys.push_back(DecodeAttributeMap(AsObject(key)));
      tr.key_json.push_back(&key);
    }
  }
  std::vector<BatchTableGets> gets;
  size_t table_index = 0;
  for (auto m = request_items.MemberBegin(); m != request_items.MemberEnd(); ++m, ++table_index) {
    TableRequest& tr = requests[table_index];
    BatchTableGets tg;
    tg.table = ctx.engine.GetTable(TableNameOf(m));
    if (tr.projection) CheckKeyPathsAreScalar(*tg.table, tr.projection->Paths());
    tg.projection = tr.projection ? &*tr.projection : nullptr;
    tg.consistent = tr.consistent;
    std::set<std::string> seen;
    for (const AttributeMap& key : tr.keys) {
      PrimaryKey k = KeyFromKeyParameter(tg.table->key_space, key);
      if (!seen.insert(k.storage_key).second) {
        throw ApiError::Validation("Provided list of item keys contains duplicates");
      }
      tg.keys.push_back(std::move(k));
    }
    gets.push_back(std::move(tg));
  }

  const BatchGetResult result = BatchGetItems(ctx.engine, gets);
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Responses");
  w.StartObject();
  for (size_t t = 0; t < gets.size(); ++t) {
    const std::string& name = gets[t].table->name;
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.StartArray();
    for (const Item& item : result.items[t]) EncodeAttributeMap(w, item);
    w.EndArray();
  }
  w.EndObject();
  w.Key("UnprocessedKeys");
  w.StartObject();
  for (size_t t = 0; t < gets.size(); ++t) {
    const BatchTableGets& tg = gets[t];
    if (result.processed[t] == tg.keys.size()) continue;
    w.Key(tg.table->name.c_str(), static_cast<rapidjson::SizeType>(tg.table->name.size()));
    w.StartObject();
    for (const auto& member : requests[t].spec->GetObject()) {
      if (std::string_view(member.name.GetString()) == "Keys") continue;
      member.name.Accept(w);
      member.value.Accept(w);
    }
    w.Key("Keys");
    w.StartArray();
    for (size_t i = result.processed[t]; i < tg.keys.size(); ++i) requests[t].key_json[i]->Accept(w);
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
  WriteCapacityList(w, capacity, result.capacity, true);
  w.EndObject();
}

}  // namespace eddy

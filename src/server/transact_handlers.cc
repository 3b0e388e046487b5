// TransactWriteItems and TransactGetItems: the JSON front end of
// ops/transact_write.h. DynamoDB checks a transaction in stages, and so does
// this file: the members' constraints for every action (one "N validation
// errors detected" message), then each action's shape and expressions, then
// the tables, then the keys (an item-level error cancels the transaction
// with a ValidationError reason), then one operation per item, and only
// then the conditions.
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/api_error.h"
#include "core/fnv.h"
#include "core/item_size.h"
#include "core/json_codec.h"
#include "ops/client_tokens.h"
#include "ops/transact_write.h"
#include "server/capacity.h"
#include "server/expression_params.h"
#include "server/handlers.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

// The aggregate size of a transaction's request.
constexpr size_t kMaxTransactionBytes = 4 * 1024 * 1024;

// TransactItems: present, 1 to 100 entries (constraint errors go to `errors`).
const JsonValue* TransactItems(const JsonValue& request, ConstraintErrors& errors) {
  const JsonValue* items = Member(request, "TransactItems");
  if (!items) {
    errors.NotNull("transactItems");
    return nullptr;
  }
  if (!items->IsArray()) throw ApiError::Serialization("Unexpected value type in payload, expected a list");
  if (items->Empty()) {
    errors.Add("Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or "
               "equal to 1");
  } else if (items->Size() > kMaxTransactItems) {
    errors.Add("Value '[" + std::to_string(items->Size()) +
               " items]' at 'transactItems' failed to satisfy constraint: Member must have length less than or "
               "equal to 100");
  }
  return items;
}

// A JSON value with object members sorted by name: equal for requests that
// differ only in member order (DynamoDB compares idempotent requests so).
void WriteCanonical(const JsonValue& value, std::string* out) {
  if (value.IsObject()) {
    std::vector<const JsonValue::Member*> members;
    for (const auto& m : value.GetObject()) members.push_back(&m);
    std::sort(members.begin(), members.end(), [](auto* a, auto* b) {
      return std::string_view(a->name.GetString(), a->name.GetStringLength()) <
             std::string_view(b->name.GetString(), b->name.GetStringLength());
    });
    out->push_back('{');
    for (const auto* m : members) {
      WriteCanonical(m->name, out);
      out->push_back(':');
      WriteCanonical(m->value, out);
      out->push_back(',');
    }
    out->push_back('}');
  } else if (value.IsArray()) {
    out->push_back('[');
    for (const JsonValue& element : value.GetArray()) {
      WriteCanonical(element, out);
      out->push_back(',');
    }
    out->push_back(']');
  } else {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    value.Accept(writer);
    out->append(buffer.GetString(), buffer.GetSize());
  }
}

// What makes two requests with one ClientRequestToken "the same request":
// everything but the token and ReturnConsumedCapacity (a replay reports
// capacity as it asks). Two independent 64-bit hashes of the canonical form.
std::string Fingerprint(const JsonValue& request) {
  std::string canonical;
  for (const auto& m : request.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    if (name == "ClientRequestToken" || name == "ReturnConsumedCapacity") continue;
    canonical.append(name).push_back('=');
    WriteCanonical(m.value, &canonical);
    canonical.push_back(';');
  }
  const uint64_t a = Fnv1a64(canonical);
  const uint64_t b = Fnv1a64(canonical, a ^ 0x9e3779b97f4a7c15ULL);
  return std::to_string(a) + ":" + std::to_string(b) + ":" + std::to_string(canonical.size());
}

// The TableName of an action whose members were checked already: the name,
// or the name its ARN names.
std::string CheckedTableName(const JsonValue& body) {
  std::optional<std::string_view> name = StringMember(body, "TableName");
  ConstraintErrors ignored;
  ignored.TableNameOrArn(&name);
  return std::string(*name);
}

enum class ActionKind { kConditionCheck, kPut, kDelete, kUpdate };

struct ActionKindInfo {
  ActionKind kind;
  const char* member;         // in the request
  const char* field;          // in constraint messages
  const char* item_member;    // Item or Key
  const char* item_field;
};
constexpr ActionKindInfo kActionKinds[] = {
    {ActionKind::kConditionCheck, "ConditionCheck", "conditionCheck", "Key", "key"},
    {ActionKind::kPut, "Put", "put", "Item", "item"},
    {ActionKind::kDelete, "Delete", "delete", "Key", "key"},
    {ActionKind::kUpdate, "Update", "update", "Key", "key"},
};

// One action after the first two stages: its members checked, its
// expressions parsed.
struct ParsedAction {
  const ActionKindInfo* kind = nullptr;
  std::string table_name;
  AttributeMap item;  // Put: the item; others: the key
  std::optional<expr::Condition> condition;
  std::optional<expr::Update> update;
  bool return_old_on_failure = false;
  size_t bytes = 0;  // toward the 4 MB limit
};

// The members' constraints of action `index` (0-based) into `errors`.
const ActionKindInfo* CheckActionMembers(const JsonValue& entry, size_t index, ConstraintErrors& errors) {
  const JsonValue& action = AsObject(entry);
  const ActionKindInfo* found = nullptr;
  size_t count = 0;
  for (const ActionKindInfo& kind : kActionKinds) {
    if (ObjectMember(action, kind.member)) {
      found = &kind;
      ++count;
    }
  }
  if (count == 0) {
    throw ApiError::Validation("Invalid Request: TransactWriteRequest should contain Delete or Put or Update request");
  }
  if (count > 1) throw ApiError::Validation("TransactItems can only contain one of Check, Put, Update or Delete");
  const JsonValue& body = *ObjectMember(action, found->member);
  const std::string path = "transactItems." + std::to_string(index + 1) + ".member." + found->field + ".";
  auto name = StringMember(body, "TableName");
  errors.TableNameOrArn(&name, path + "tableName");
  if (!ObjectMember(body, found->item_member)) errors.NotNull(path + found->item_field);
  if (found->kind == ActionKind::kUpdate && !StringMember(body, "UpdateExpression")) {
    errors.NotNull(path + "updateExpression");
  }
  if (found->kind == ActionKind::kConditionCheck && !StringMember(body, "ConditionExpression")) {
    errors.NotNull(path + "conditionExpression");
  }
  errors.Enum(StringMember(body, "ReturnValuesOnConditionCheckFailure"), path + "returnValuesOnConditionCheckFailure",
              {"ALL_OLD", "NONE"});
  return found;
}

ParsedAction ParseAction(const JsonValue& entry, const ActionKindInfo& kind) {
  const JsonValue& body = *ObjectMember(AsObject(entry), kind.member);
  ParsedAction parsed;
  parsed.kind = &kind;
  parsed.table_name = CheckedTableName(body);
  parsed.return_old_on_failure = StringMember(body, "ReturnValuesOnConditionCheckFailure") == "ALL_OLD";
  ExpressionParams params(body);
  if (kind.kind == ActionKind::kUpdate) parsed.update = params.Update();
  parsed.condition = params.Condition("ConditionExpression");
  params.Finish();
  parsed.item = DecodeAttributeMap(*ObjectMember(body, kind.item_member));
  for (const auto& [attribute, value] : parsed.item) parsed.bytes += attribute.size() + AttributeValueSize(value);
  if (const JsonValue* values = ObjectMember(body, "ExpressionAttributeValues")) {
    for (const auto& [attribute, value] : DecodeAttributeMap(*values)) parsed.bytes += AttributeValueSize(value);
  }
  return parsed;
}

std::unique_ptr<WriteOp> BuildOp(const TableInfo& table, ParsedAction& action) {
  switch (action.kind->kind) {
    case ActionKind::kPut: return std::make_unique<PutOp>(table, std::move(action.item), std::move(action.condition));
    case ActionKind::kDelete: return std::make_unique<DeleteOp>(table, action.item, std::move(action.condition));
    case ActionKind::kUpdate:
      return std::make_unique<UpdateOp>(table, action.item, std::move(action.update), std::move(action.condition));
    case ActionKind::kConditionCheck:
      return std::make_unique<ConditionCheckOp>(table, action.item, std::move(*action.condition));
  }
  return nullptr;
}

void WriteTransactResponse(HandlerContext& ctx, const TransactWriteResult& result, CapacityMode capacity,
                           bool collection_metrics, bool replay) {
  JsonWriter& w = ctx.out;
  w.StartObject();
  WriteCapacityList(w, capacity, replay ? result.replay_capacity : result.write_capacity, replay);
  if (collection_metrics && !result.collections.empty()) {
    w.Key("ItemCollectionMetrics");
    w.StartObject();
    std::vector<const TableInfo*> tables;
    for (const auto& [table, partition] : result.collections) {
      if (std::find(tables.begin(), tables.end(), table.get()) == tables.end()) tables.push_back(table.get());
    }
    for (const TableInfo* table : tables) {
      w.Key(table->name.c_str(), static_cast<rapidjson::SizeType>(table->name.size()));
      w.StartArray();
      for (const auto& [t, partition] : result.collections) {
        if (t.get() == table) WriteItemCollectionMetrics(w, ctx.engine, *table, partition);
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndObject();
}

}  // namespace

void HandleTransactWriteItems(HandlerContext& ctx) {
  const JsonValue& request = ctx.request;
  ConstraintErrors errors;
  const JsonValue* items = TransactItems(request, errors);
  std::vector<const ActionKindInfo*> kinds;
  if (items && items->Size() <= kMaxTransactItems) {  // TransactItems checked it is a list
    for (size_t i = 0; i < items->Size(); ++i) kinds.push_back(CheckActionMembers((*items)[i], i, errors));
  }
  auto token = StringMember(request, "ClientRequestToken");
  errors.Length(token, "clientRequestToken", 1, 36);
  errors.ThrowIfAny();
  const CapacityMode capacity = ReadCapacityMode(request);
  const bool collection_metrics = ReadItemCollectionMetrics(request);

  std::vector<ParsedAction> parsed;
  size_t bytes = 0;
  for (size_t i = 0; i < kinds.size(); ++i) {
    parsed.push_back(ParseAction((*items)[i], *kinds[i]));
    bytes += parsed.back().bytes;
  }
  if (bytes > kMaxTransactionBytes) {
    throw ApiError::Validation("Transaction request size cannot exceed 4 MB. Payload Size: " + std::to_string(bytes));
  }
  std::vector<TableInfoPtr> tables;
  for (const ParsedAction& action : parsed) tables.push_back(ctx.engine.GetTable(action.table_name));
  std::vector<TransactAction> actions;
  for (size_t i = 0; i < parsed.size(); ++i) {
    actions.push_back(MakeTransactAction(tables[i], parsed[i].return_old_on_failure,
                                         [&](const TableInfo& table) { return BuildOp(table, parsed[i]); }));
  }

  std::optional<std::string> claimed;  // the token this request runs under
  if (token && ctx.tokens) {
    const std::string token_text(*token);
    if (auto replay = ctx.tokens->Begin(token_text, Fingerprint(request))) {
      WriteTransactResponse(ctx, *replay, capacity, collection_metrics, true);
      return;
    }
    claimed = token_text;
  }
  try {
    TransactWriteResult result = TransactWriteItems(ctx.engine, actions, ctx.conflicts);
    // Committed: the token is the transaction's whatever the response does.
    if (claimed) ctx.tokens->Finish(*claimed, result);
    claimed.reset();
    WriteTransactResponse(ctx, result, capacity, collection_metrics, false);
  } catch (...) {
    if (claimed) ctx.tokens->Abandon(*claimed);
    throw;
  }
}

void HandleTransactGetItems(HandlerContext& ctx) {
  const JsonValue& request = ctx.request;
  ConstraintErrors errors;
  const JsonValue* items = TransactItems(request, errors);
  std::vector<const JsonValue*> bodies;
  if (items && items->Size() <= kMaxTransactItems) {  // TransactItems checked it is a list
    for (size_t i = 0; i < items->Size(); ++i) {
      const JsonValue* get = ObjectMember(AsObject((*items)[i]), "Get");
      const std::string path = "transactItems." + std::to_string(i + 1) + ".member.get";
      if (!get) {
        errors.NotNull(path);
        continue;
      }
      auto name = StringMember(*get, "TableName");
      errors.TableNameOrArn(&name, path + ".tableName");
      if (!ObjectMember(*get, "Key")) errors.NotNull(path + ".key");
      bodies.push_back(get);
    }
  }
  errors.ThrowIfAny();
  const CapacityMode capacity = ReadCapacityMode(request);

  struct ParsedGet {
    std::string table_name;
    AttributeMap key;
    std::optional<expr::Projection> projection;
  };
  std::vector<ParsedGet> parsed;
  for (const JsonValue* get : bodies) {
    ParsedGet p;
    p.table_name = CheckedTableName(*get);
    ExpressionParams params(*get);
    p.projection = params.Projection();
    params.Finish();
    p.key = DecodeAttributeMap(*ObjectMember(*get, "Key"));
    parsed.push_back(std::move(p));
  }
  std::vector<TableInfoPtr> tables;
  for (const ParsedGet& p : parsed) {
    tables.push_back(ctx.engine.GetTable(p.table_name));
    if (p.projection) CheckKeyPathsAreScalar(*tables.back(), p.projection->Paths());
  }
  std::vector<TransactGet> gets;
  for (size_t i = 0; i < parsed.size(); ++i) {
    try {
      gets.push_back({tables[i], KeyFromKeyParameter(tables[i]->key_space, parsed[i].key)});
    } catch (const ApiError& error) {
      if (!error.item_level()) throw;
      throw ValidationCancellation(parsed.size(), i, error);
    }
  }
  TransactGetResult result = TransactGetItems(ctx.engine, gets, ctx.conflicts);

  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Responses");
  w.StartArray();
  for (size_t i = 0; i < gets.size(); ++i) {
    w.StartObject();
    if (result.items[i]) {
      w.Key("Item");
      EncodeAttributeMap(w, parsed[i].projection ? parsed[i].projection->Apply(*result.items[i]) : *result.items[i]);
    }
    w.EndObject();
  }
  w.EndArray();
  WriteCapacityList(w, capacity, result.capacity, true);
  w.EndObject();
}

}  // namespace eddy

// ExecuteStatement: PartiQL as a second front end over the operations layer.
// The statement is parsed (src/partiql/parser.h), translated into the JSON
// API's inputs (partiql/translate.h: an operation, its Key or Item, and
// expression text with #names and :values), and those go through the same
// expression parser, WriteOps, ops:: calls and engine reads as the JSON
// handlers, so every rule, error, capacity figure and stream record is
// theirs. See docs/PARTIQL_NOTES.md.
#include <cstdio>

#include "core/api_error.h"
#include "core/base64.h"
#include "core/fnv.h"
#include "core/json_codec.h"
#include "expr/substitutions.h"
#include "ops/batch.h"
#include "ops/write_item.h"
#include "partiql/parser.h"
#include "partiql/translate.h"
#include "server/capacity.h"
#include "server/handlers.h"
#include "server/read_common.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

using partiql::Statement;

// NextToken: "<statement hash>.<LastEvaluatedKey as JSON>", base64 (the
// URL alphabet). The hash ties a token to its statement.
std::string StatementHash(std::string_view statement) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(Fnv1a64(statement)));
  return hex;
}

std::string EncodeNextToken(std::string_view statement, const AttributeMap& last_key) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  EncodeAttributeMap(w, last_key);
  return Base64Encode(StatementHash(statement) + "." + std::string(buffer.GetString(), buffer.GetSize()),
                      Base64Alphabet::kUrl);
}

// eddy's wording: DynamoDB's for a token it did not issue is not known.
AttributeMap DecodeNextToken(std::string_view statement, std::string_view token) {
  const ApiError invalid = ApiError::Validation("Invalid NextToken");
  std::string bytes;
  if (!Base64Decode(token, &bytes, Base64Alphabet::kUrl)) throw invalid;
  const std::string hash = StatementHash(statement);
  if (bytes.size() <= hash.size() || bytes.compare(0, hash.size(), hash) != 0 || bytes[hash.size()] != '.') {
    throw invalid;
  }
  JsonDocument doc;
  doc.Parse(bytes.data() + hash.size() + 1, bytes.size() - hash.size() - 1);
  if (doc.HasParseError() || !doc.IsObject()) throw invalid;
  try {
    return DecodeAttributeMap(doc);
  } catch (const ApiError&) {
    throw invalid;
  }
}

ReturnValues ReturnValuesOf(partiql::Returning returning) {
  switch (returning) {
    case partiql::Returning::kNone: return ReturnValues::kNone;
    case partiql::Returning::kAllOld: return ReturnValues::kAllOld;
    case partiql::Returning::kModifiedOld: return ReturnValues::kUpdatedOld;
    case partiql::Returning::kAllNew: return ReturnValues::kAllNew;
    case partiql::Returning::kModifiedNew: return ReturnValues::kUpdatedNew;
  }
  return ReturnValues::kNone;
}

struct StatementRequest {
  std::string_view text;
  Statement statement;
  std::vector<AttributeValue> parameters;
  CapacityMode capacity = CapacityMode::kNone;
  bool consistent = false;
  std::optional<int64_t> limit;
  std::optional<std::string_view> next_token;
  bool return_old_on_failure = false;
};

// Parses the expression text a translation built, as the JSON handlers do.
struct Expressions {
  explicit Expressions(const partiql::Translator& t) : names(t.names()), values(t.values()), subs(&names, &values) {}
  std::map<std::string, std::string> names;
  AttributeMap values;
  expr::Substitutions subs;
};

void ExecuteSelect(HandlerContext& ctx, const StatementRequest& req, const TableInfo& table) {
  const Statement& st = req.statement;
  const IndexInfo* index = st.index ? ReadableIndex(table, *st.index, req.consistent) : nullptr;
  const KeySchema& schema = table.KeySpaceOf(index).schema;
  partiql::Translator translator(st, req.parameters);
  const partiql::SelectPlan plan = translator.Select(schema);
  Expressions ex(translator);
  std::optional<expr::Projection> projection;
  if (!st.select_all) projection = expr::Projection::FromPaths(plan.projection);
  std::optional<expr::Condition> filter;
  if (!plan.filter.empty()) filter = expr::Condition::Parse(plan.filter, "FilterExpression", ex.subs);
  if (filter) CheckKeyPathsAreScalar(table, filter->Paths());
  if (projection) CheckKeyPathsAreScalar(table, projection->Paths());

  // ORDER BY: the sort key (the partition key too, which a Query fixes),
  // of a Query only. The wordings are eddy's.
  bool forward = true;
  for (const partiql::OrderBy& order : st.order_by) {
    if (plan.kind == partiql::SelectPlan::Kind::kScan) {
      throw ApiError::Validation(
          "ORDER BY requires a WHERE clause with an equality on the partition key of the table or index");
    }
    bool key = false;
    for (const KeyAttribute* part : schema.RangeParts()) {
      if (part->name == order.attribute) {
        key = true;
        forward = !order.descending;
      }
    }
    for (const KeyAttribute* part : schema.HashParts()) key = key || part->name == order.attribute;
    if (!key) throw ApiError::Validation("ORDER BY is supported only on key attributes: " + order.attribute);
  }

  JsonWriter& w = ctx.out;
  if (plan.kind == partiql::SelectPlan::Kind::kGetItem) {
    PrimaryKey key = KeyFromKeyParameter(table.key_space, plan.key);
    GetItemResult result = GetItem(ctx.engine, table, key, projection ? &*projection : nullptr, req.consistent);
    // GetItem applies no filter: a GetItem plan has none.
    w.StartObject();
    w.Key("Items");
    w.StartArray();
    if (result.item) EncodeAttributeMap(w, *result.item);
    w.EndArray();
    WriteConsumedCapacity(w, req.capacity, table.name, result.capacity, true);
    w.EndObject();
    return;
  }

  ReadOptions options;
  options.index = index;
  options.limit = req.limit.value_or(0);
  if (req.next_token) options.exclusive_start_key = DecodeNextToken(req.text, *req.next_token);
  options.filter = filter ? &*filter : nullptr;
  options.projection = projection ? &*projection : nullptr;
  SetLocalIndexFetch(table, index, options.projection, options.filter, &options);
  if (index && !index->global && st.select_all && index->projection != ProjectionType::kAll) {
    // SELECT * of an LSI answers whole items, as ALL_ATTRIBUTES does.
    options.fetch_from_table = true;
    options.all_attributes = true;
  }
  ReadPage page;
  std::optional<expr::KeyCondition> key_condition;
  if (plan.kind == partiql::SelectPlan::Kind::kQuery) {
    key_condition = expr::KeyCondition::Parse(plan.key_condition, schema, ex.subs);
    page = ctx.engine.Query(table, QuerySpec{options, &*key_condition, forward});
  } else {
    page = ctx.engine.Scan(table, ScanSpec{options, 0, 1});
  }
  w.StartObject();
  w.Key("Items");
  w.StartArray();
  for (const Item& item : page.items) EncodeAttributeMap(w, item);
  w.EndArray();
  if (page.last_evaluated_key) {
    const std::string token = EncodeNextToken(req.text, *page.last_evaluated_key);
    w.Key("NextToken");
    w.String(token.data(), static_cast<rapidjson::SizeType>(token.size()));
    w.Key("LastEvaluatedKey");
    EncodeAttributeMap(w, *page.last_evaluated_key);
  }
  WriteConsumedCapacity(w, req.capacity, table.name, ReadCapacityOf(page, index, req.consistent), true);
  w.EndObject();
}

void ExecuteWrite(HandlerContext& ctx, const StatementRequest& req, const TableInfo& table) {
  const Statement& st = req.statement;
  if (st.index) {
    // eddy's wording.
    throw ApiError::Validation("INSERT, UPDATE and DELETE statements take a table, not an index: " +
                               st.table + "." + *st.index);
  }
  partiql::Translator translator(st, req.parameters);
  partiql::WritePlan plan;
  switch (st.kind) {
    case Statement::Kind::kInsert: plan = translator.Insert(table.key_space.schema); break;
    case Statement::Kind::kUpdate: plan = translator.Update(table.key_space.schema); break;
    default: plan = translator.Delete(table.key_space.schema); break;
  }
  Expressions ex(translator);
  std::optional<expr::Condition> condition;
  if (!plan.condition.empty()) condition = expr::Condition::Parse(plan.condition, "ConditionExpression", ex.subs);
  const ReturnValues return_values = ReturnValuesOf(st.returning);
  WriteItemResult result;
  if (st.kind == Statement::Kind::kInsert) {
    PutOp op(table, std::move(plan.item_or_key), std::move(condition));
    try {
      result = WriteItem(ctx.engine, table, op, ReturnValues::kNone, false, ctx.conflicts);
    } catch (const ApiError& e) {
      if (!e.type().ends_with("#ConditionalCheckFailedException")) throw;
      throw ApiError("com.amazonaws.dynamodb.v20120810#DuplicateItemException", std::string(partiql::kDuplicateItem),
                     400);
    }
  } else if (st.kind == Statement::Kind::kUpdate) {
    std::optional<expr::Update> update = expr::Update::Parse(plan.update, ex.subs);
    UpdateOp op(table, std::move(plan.item_or_key), std::move(update), std::move(condition));
    result = WriteItem(ctx.engine, table, op, return_values, req.return_old_on_failure, ctx.conflicts);
  } else {
    DeleteOp op(table, std::move(plan.item_or_key), std::move(condition));
    result = WriteItem(ctx.engine, table, op, return_values, req.return_old_on_failure, ctx.conflicts);
  }
  JsonWriter& w = ctx.out;
  w.StartObject();
  w.Key("Items");
  w.StartArray();
  if (result.attributes && !result.attributes->empty()) EncodeAttributeMap(w, *result.attributes);
  w.EndArray();
  WriteConsumedCapacity(w, req.capacity, table.name, result.capacity, false);
  w.EndObject();
}

}  // namespace

void HandleExecuteStatement(HandlerContext& ctx) {
  const JsonValue& r = ctx.request;
  StatementRequest req;
  req.text = *StringMember(r, "Statement");  // required by the request's shape
  req.capacity = ReadCapacityMode(r);
  req.consistent = BoolMember(r, "ConsistentRead").value_or(false);
  req.limit = IntegerMember(r, "Limit");
  req.next_token = StringMember(r, "NextToken");
  auto on_failure = StringMember(r, "ReturnValuesOnConditionCheckFailure");
  req.return_old_on_failure = on_failure && *on_failure == "ALL_OLD";
  if (const JsonValue* parameters = ArrayMember(r, "Parameters")) {
    for (const JsonValue& p : parameters->GetArray()) req.parameters.push_back(DecodeAttributeValue(p));
  }
  req.statement = partiql::Parse(req.text);
  if (req.parameters.size() != req.statement.parameter_count) {
    throw ApiError::Validation(std::string(partiql::kParameterCount));
  }
  if (req.statement.kind == Statement::Kind::kExists) {
    // DynamoDB takes EXISTS only inside ExecuteTransaction (eddy's wording).
    throw ApiError::Validation("EXISTS is supported only in ExecuteTransaction");
  }
  TableInfoPtr table = ctx.engine.GetTable(req.statement.table);
  if (req.statement.kind == Statement::Kind::kSelect) {
    ExecuteSelect(ctx, req, *table);
  } else {
    ExecuteWrite(ctx, req, *table);
  }
}

}  // namespace eddy

#include "server/legacy_parameters.h"

#include <string>
#include <string_view>

#include "core/api_error.h"
#include "core/json_codec.h"
#include "server/request_fields.h"

namespace eddy {
namespace {

// The orders DynamoDB lists them in its mixing error.
constexpr std::string_view kLegacy[] = {"AttributeUpdates", "AttributesToGet",     "Expected",     "QueryFilter",
                                        "ScanFilter",       "ConditionalOperator", "KeyConditions"};
constexpr std::string_view kExpressions[] = {"UpdateExpression", "ProjectionExpression", "ConditionExpression",
                                             "FilterExpression", "KeyConditionExpression"};

ApiError Invalid(const std::string& message) {
  return ApiError::Validation("One or more parameter values were invalid: " + message);
}

// "{A, B}" of the members of `names` present in the request (KeyConditions
// counts only beside KeyConditionExpression: it may go with the others).
template <size_t N>
std::string PresentSet(const JsonValue& request, const std::string_view (&names)[N]) {
  std::string set;
  for (std::string_view name : names) {
    if (!Member(request, name)) continue;
    if (name == "KeyConditions" && !Member(request, "KeyConditionExpression")) continue;
    set += set.empty() ? "{" : ", ";
    set += name;
  }
  return set.empty() ? set : set + "}";
}

size_t MemberCountOf(const JsonValue& request, std::string_view name) {
  const JsonValue* value = ObjectMember(request, name);
  return value ? value->MemberCount() : 0;
}

// A Condition ({ComparisonOperator, AttributeValueList}) of a filter or
// KeyConditions; `field` is "queryFilter", "scanFilter" or "keyConditions".
expr::LegacyCondition ReadCondition(std::string attribute, const JsonValue& json, std::string_view field) {
  const JsonValue& condition = AsObject(json);
  auto op_name = StringMember(condition, "ComparisonOperator");
  ConstraintErrors errors;
  const std::string path = std::string(field) + "." + attribute + ".member.comparisonOperator";
  std::optional<expr::LegacyOp> op;
  if (!op_name) {
    errors.NotNull(path);
  } else if (!(op = expr::ParseLegacyOp(*op_name))) {
    errors.Add("Value '" + std::string(*op_name) + "' at '" + path +
               "' failed to satisfy constraint: Member must satisfy enum value set: " + expr::LegacyOpEnumList());
  }
  errors.ThrowIfAny();
  expr::LegacyCondition result{std::move(attribute), *op, {}};
  if (const JsonValue* list = ArrayMember(condition, "AttributeValueList")) {
    for (const JsonValue& value : list->GetArray()) result.args.push_back(DecodeAttributeValue(value));
  }
  expr::CheckLegacyArguments(result);
  return result;
}

bool UsesOr(const JsonValue& request) { return StringMember(request, "ConditionalOperator") == "OR"; }

// One entry of Expected, in DynamoDB's order of checks.
expr::LegacyCondition ReadExpectedEntry(std::string attribute, const JsonValue& json) {
  const JsonValue& entry = AsObject(json);
  const JsonValue* value = Member(entry, "Value");
  const JsonValue* list = Member(entry, "AttributeValueList");
  auto exists = BoolMember(entry, "Exists");
  auto op_name = StringMember(entry, "ComparisonOperator");
  const std::string suffix = " for Attribute: " + attribute;
  std::optional<expr::LegacyOp> op;
  if (op_name && !(op = expr::ParseLegacyOp(*op_name))) {
    throw ApiError::Validation("1 validation error detected: Value '" + std::string(*op_name) + "' at 'expected." +
                               attribute + ".member.comparisonOperator' failed to satisfy constraint: Member must "
                               "satisfy enum value set: " + expr::LegacyOpEnumList());
  }
  if (exists && op) throw Invalid("Exists and ComparisonOperator cannot be used together" + suffix);
  if (value && list) throw Invalid("Value and AttributeValueList cannot be used together" + suffix);
  if (!op && list) throw Invalid("AttributeValueList can only be used with a ComparisonOperator" + suffix);
  if (exists == false && value) throw Invalid("Value cannot be used when Exists is false" + suffix);
  if (!value && !list) {
    if (op && *op != expr::LegacyOp::kNull && *op != expr::LegacyOp::kNotNull) {
      throw Invalid("Value or AttributeValueList must be used with ComparisonOperator: " + std::string(*op_name) +
                    suffix);
    }
    if (!op && exists != false) {
      throw Invalid(std::string("Value must be provided when Exists is ") + (exists ? "true" : "null") + suffix);
    }
  }
  expr::LegacyCondition result{std::move(attribute), expr::LegacyOp::kEq, {}};
  if (value) result.args.push_back(DecodeAttributeValue(*value));
  if (list) {
    for (const JsonValue& v : AsArray(*list).GetArray()) result.args.push_back(DecodeAttributeValue(v));
  }
  if (op) {
    result.op = *op;
    expr::CheckLegacyArguments(result);
  } else if (exists == false) {
    result.op = expr::LegacyOp::kNull;  // the attribute must not exist
  }
  return result;
}

}  // namespace

void CheckLegacyParameters(const JsonValue& request) {
  const std::string legacy = PresentSet(request, kLegacy);
  const bool any_legacy = !legacy.empty() || Member(request, "KeyConditions");
  if (!any_legacy) return;
  const std::string expressions = PresentSet(request, kExpressions);
  if (!legacy.empty() && !expressions.empty()) {
    throw ApiError::Validation(
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: " + legacy + " Expression parameters: " + expressions);
  }
  if (expressions.empty()) {
    if (Member(request, "ExpressionAttributeNames")) {
      throw ApiError::Validation("ExpressionAttributeNames can only be specified when using expressions");
    }
    if (Member(request, "ExpressionAttributeValues")) {
      throw ApiError::Validation("ExpressionAttributeValues can only be specified when using expressions");
    }
  }
  if (auto op = StringMember(request, "ConditionalOperator")) {
    if (*op != "AND" && *op != "OR") {
      throw ApiError::Validation("1 validation error detected: Value '" + std::string(*op) +
                                 "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum "
                                 "value set: [OR, AND]");
    }
    const size_t conditions = MemberCountOf(request, "Expected") + MemberCountOf(request, "QueryFilter") +
                              MemberCountOf(request, "ScanFilter");
    if (conditions == 0) throw ApiError::Validation("ConditionalOperator cannot be used without Filter or Expected");
    if (conditions == 1) {
      throw ApiError::Validation("ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
  }
}

std::optional<expr::Condition> ReadExpected(const JsonValue& request) {
  const JsonValue* expected = ObjectMember(request, "Expected");
  if (!expected) return std::nullopt;
  std::vector<expr::LegacyCondition> conditions;
  for (const auto& m : expected->GetObject()) {
    conditions.push_back(ReadExpectedEntry(std::string(m.name.GetString(), m.name.GetStringLength()), m.value));
  }
  return expr::ConditionFromLegacy(conditions, UsesOr(request));
}

std::optional<expr::Condition> ReadFilter(const JsonValue& request, std::string_view member,
                                          std::vector<std::string>* attributes) {
  const JsonValue* filter = ObjectMember(request, member);
  if (!filter) return std::nullopt;
  const std::string field = member == "QueryFilter" ? "queryFilter" : "scanFilter";
  std::vector<expr::LegacyCondition> conditions;
  for (const auto& m : filter->GetObject()) {
    conditions.push_back(ReadCondition(std::string(m.name.GetString(), m.name.GetStringLength()), m.value, field));
    if (attributes) attributes->push_back(conditions.back().attribute);
  }
  return expr::ConditionFromLegacy(conditions, UsesOr(request));
}

std::optional<expr::Update> ReadAttributeUpdates(const JsonValue& request) {
  const JsonValue* updates = ObjectMember(request, "AttributeUpdates");
  if (!updates) return std::nullopt;
  std::vector<expr::AttributeUpdate> entries;
  for (const auto& m : updates->GetObject()) {
    const JsonValue& entry = AsObject(m.value);
    expr::AttributeUpdate update;
    update.attribute.assign(m.name.GetString(), m.name.GetStringLength());
    auto action = StringMember(entry, "Action");
    if (action == "ADD") {
      update.action = expr::AttributeUpdate::Action::kAdd;
    } else if (action == "DELETE") {
      update.action = expr::AttributeUpdate::Action::kDelete;
    } else if (action && *action != "PUT") {
      throw ApiError::Validation("1 validation error detected: Value '" + std::string(*action) +
                                 "' at 'attributeUpdates." + update.attribute +
                                 ".member.action' failed to satisfy constraint: Member must satisfy enum value set: "
                                 "[ADD, PUT, DELETE]");
    }
    if (const JsonValue* value = Member(entry, "Value")) update.value = DecodeAttributeValue(*value);
    entries.push_back(std::move(update));
  }
  return expr::UpdateFromAttributeUpdates(entries);
}

std::optional<expr::Projection> ReadAttributesToGet(const JsonValue& request) {
  const JsonValue* list = Member(request, "AttributesToGet");
  if (!list) return std::nullopt;
  if (AsArray(*list).Empty()) {
    throw ApiError::Validation("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
                               "constraint: Member must have length greater than or equal to 1");
  }
  std::vector<std::string> names;
  for (const JsonValue& name : list->GetArray()) names.emplace_back(AsString(name));
  return expr::ProjectionFromAttributeNames(names);
}

std::optional<std::vector<expr::LegacyCondition>> ReadKeyConditions(const JsonValue& request) {
  const JsonValue* key_conditions = ObjectMember(request, "KeyConditions");
  if (!key_conditions) return std::nullopt;
  std::vector<expr::LegacyCondition> conditions;
  for (const auto& m : key_conditions->GetObject()) {
    conditions.push_back(ReadCondition(std::string(m.name.GetString(), m.name.GetStringLength()), m.value,
                                       "keyConditions"));
  }
  if (conditions.empty() || conditions.size() > 2) {
    throw ApiError::Validation("Conditions can be of length 1 or 2 only");
  }
  return conditions;
}

}  // namespace eddy

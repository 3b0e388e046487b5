#include "server/expression_params.h"

#include "core/api_error.h"
#include "core/json_codec.h"
#include "server/request_fields.h"

namespace eddy {

ExpressionParams::ExpressionParams(const JsonValue& request)
    : request_(request), subs_(&names_, &values_) {
  if (const JsonValue* names = ObjectMember(request, "ExpressionAttributeNames")) {
    has_names_ = true;
    if (names->MemberCount() == 0) {
      throw ApiError::Validation("ExpressionAttributeNames must not be empty");
    }
    for (const auto& m : names->GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      if (!key.starts_with('#')) {
        throw ApiError::Validation("ExpressionAttributeNames contains invalid key: Syntax error; key: \"" +
                                   key + "\"");
      }
      std::string_view value = AsString(m.value);
      if (value.empty()) {
        throw ApiError::Validation(
            "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
      }
      names_.emplace(std::move(key), std::string(value));
    }
  }
  if (const JsonValue* values = ObjectMember(request, "ExpressionAttributeValues")) {
    has_values_ = true;
    if (values->MemberCount() == 0) {
      throw ApiError::Validation("ExpressionAttributeValues must not be empty");
    }
    for (const auto& m : values->GetObject()) {
      std::string key(m.name.GetString(), m.name.GetStringLength());
      if (!key.starts_with(':')) {
        throw ApiError::Validation("ExpressionAttributeValues contains invalid key: Syntax error; key: \"" +
                                   key + "\"");
      }
      try {
        values_.emplace(key, DecodeAttributeValue(m.value));
      } catch (const ApiError& e) {
        if (e.http_status() != 400 || e.type().find("ValidationException") == std::string::npos) throw;
        throw ApiError::Validation("ExpressionAttributeValues contains invalid value: " + e.message() +
                                   " for key " + key);
      }
    }
  }
}

std::optional<std::string_view> ExpressionParams::Text(std::string_view member) {
  auto text = StringMember(request_, member);
  if (text) used_expression_ = true;
  return text;
}

std::optional<expr::Condition> ExpressionParams::Condition(std::string_view member) {
  auto text = Text(member);
  if (!text) return std::nullopt;
  return expr::Condition::Parse(*text, member, subs_);
}

std::optional<expr::Update> ExpressionParams::Update() {
  auto text = Text("UpdateExpression");
  if (!text) return std::nullopt;
  return expr::Update::Parse(*text, subs_);
}

std::optional<expr::Projection> ExpressionParams::Projection() {
  auto text = Text("ProjectionExpression");
  if (!text) return std::nullopt;
  return expr::Projection::Parse(*text, subs_);
}

std::optional<std::vector<expr::KeyTerm>> ExpressionParams::KeyConditionTerms() {
  auto text = Text("KeyConditionExpression");
  if (!text) return std::nullopt;
  return expr::KeyCondition::ParseTerms(*text, subs_);
}

void ExpressionParams::Finish() const {
  if (!used_expression_) {
    if (has_names_) {
      throw ApiError::Validation("ExpressionAttributeNames can only be specified when using expressions");
    }
    if (has_values_) {
      throw ApiError::Validation("ExpressionAttributeValues can only be specified when using expressions");
    }
  }
  subs_.CheckAllUsed();
}

}  // namespace eddy

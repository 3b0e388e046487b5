// The expression parameters of one request: ExpressionAttributeNames and
// ExpressionAttributeValues decoded once, every expression of the request
// parsed through one expr::Substitutions, and DynamoDB's checks that apply
// across them (unused names/values, names/values given without expressions).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "engine/table_info.h"
#include "expr/condition.h"
#include "expr/key_condition.h"
#include "expr/projection.h"
#include "expr/substitutions.h"
#include "expr/update.h"

namespace eddy {

class ExpressionParams {
 public:
  explicit ExpressionParams(const JsonValue& request);
  ExpressionParams(const ExpressionParams&) = delete;
  ExpressionParams& operator=(const ExpressionParams&) = delete;

  // Each parses the named member when present. `member` is also the name
  // DynamoDB's messages use ("ConditionExpression", "FilterExpression").
  std::optional<expr::Condition> Condition(std::string_view member);
  std::optional<expr::Update> Update();
  std::optional<expr::Projection> Projection();
  // KeyConditionExpression's first half, which needs no table
  // (expr::KeyCondition::FromTerms binds it to the key schema).
  std::optional<std::vector<expr::KeyTerm>> KeyConditionTerms();

  // Call after parsing every expression of the request.
  void Finish() const;

 private:
  std::optional<std::string_view> Text(std::string_view member);

  const JsonValue& request_;
  std::map<std::string, std::string> names_;
  AttributeMap values_;
  bool has_names_ = false;
  bool has_values_ = false;
  bool used_expression_ = false;
  expr::Substitutions subs_;
};

}  // namespace eddy

// ExpressionAttributeNames / ExpressionAttributeValues of one request. All of
// a request's expressions resolve through one Substitutions, so that after
// parsing them all CheckAllUsed() can report the unused ones as DynamoDB does.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/attribute_value.h"

namespace eddy::expr {

class Substitutions {
 public:
  // Either may be null (the request did not carry it). The maps must outlive
  // this object.
  Substitutions(const std::map<std::string, std::string>* names, const AttributeMap* values);

  // Resolve "#n" / ":v" and mark it used. Throw ValidationException
  // "Invalid <parameter>: An expression attribute name used in the document
  // path is not defined; attribute name: #n" (resp. value).
  const std::string& Name(std::string_view ref, std::string_view parameter);
  const AttributeValue& Value(std::string_view ref, std::string_view parameter);

  // "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}",
  // names checked before values.
  void CheckAllUsed() const;

 private:
  const std::map<std::string, std::string>* names_;
  const AttributeMap* values_;
  std::set<std::string, std::less<>> used_names_;
  std::set<std::string, std::less<>> used_values_;
};

}  // namespace eddy::expr

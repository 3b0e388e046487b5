// A parsed statement as the DynamoDB JSON API's inputs: the operation it
// runs as (GetItem, Query, Scan, PutItem, UpdateItem, DeleteItem), its Key
// or Item, and its expressions as text with #names and :values, exactly as
// a JSON request would carry them. The server parses that text with the
// expression parser (src/expr), so a statement and the equivalent JSON
// request share every rule, error and stream record
// (server/partiql_handlers.cc runs the plans; docs/PARTIQL_NOTES.md).
//
// The choice of read is DynamoDB's: every key attribute of the table fixed
// with "=" and nothing else -> GetItem; every partition key attribute fixed
// with "=" (the sort key optionally constrained by one comparison, BETWEEN
// or begins_with) -> Query, the rest of WHERE its filter; otherwise Scan,
// all of WHERE its filter. Only the top-level ANDs of WHERE are split.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/attribute_value.h"
#include "core/table_schema.h"
#include "partiql/ast.h"

namespace eddy::partiql {

inline constexpr std::string_view kMissingKeyEquality =
    "Where clause does not contain a mandatory equality on all key attributes";
inline constexpr std::string_view kParameterCount = "Number of parameters in request and statement don't match.";
inline constexpr std::string_view kDuplicateItem = "Duplicate primary key exists in table";

struct SelectPlan {
  enum class Kind { kGetItem, kQuery, kScan };
  Kind kind = Kind::kScan;
  AttributeMap key;           // kGetItem: the table's key
  std::string key_condition;  // kQuery: KeyConditionExpression
  std::string filter;         // kQuery, kScan: FilterExpression ("" for none)
  std::vector<Path> projection;  // empty: SELECT *
};

struct WritePlan {
  AttributeMap item_or_key;  // INSERT: the Item; UPDATE, DELETE: the Key
  std::string update;        // UPDATE: UpdateExpression
  std::string condition;     // ConditionExpression ("" for none)
};

// Translates one statement with its Parameters (already counted against
// the statement's "?"s). The #names and :values of every expression it
// builds accumulate in names() and values().
class Translator {
 public:
  Translator(const Statement& statement, std::span<const AttributeValue> parameters)
      : statement_(statement), parameters_(parameters) {}

  // SELECT over `schema`: the table's key schema, or the index's.
  SelectPlan Select(const KeySchema& schema);
  // INSERT: PutItem with attribute_not_exists(<hash key>).
  WritePlan Insert(const KeySchema& table);
  // UPDATE: UpdateItem of the Key the WHERE fixes, attribute_exists(<hash
  // key>) AND the rest of WHERE as its condition.
  WritePlan Update(const KeySchema& table);
  // DELETE: DeleteItem of the Key, the rest of WHERE as its condition.
  WritePlan Delete(const KeySchema& table);

  const std::map<std::string, std::string>& names() const { return names_; }
  const AttributeMap& values() const { return values_; }

 private:
  // The top-level conjuncts of WHERE, and which of them fix key attributes.
  std::vector<const Condition*> Conjuncts() const;
  // The value `c` fixes `attribute` to ("attr = v" or "v = attr"), if it does.
  std::optional<AttributeValue> EqualityOn(const Condition& c, const std::string& attribute) const;
  // The Key of UPDATE and DELETE; `used` marks the conjuncts it took.
  AttributeMap KeyOf(const KeySchema& table, const std::vector<const Condition*>& conjuncts,
                     std::vector<bool>* used) const;
  std::string JoinUnused(const std::vector<const Condition*>& conjuncts, const std::vector<bool>& used);

  const AttributeValue& ValueOf(const Operand& operand) const;
  std::string Name(const std::string& name);
  std::string Value(const AttributeValue& value);
  std::string PathText(const Path& path);
  std::string OperandText(const Operand& operand);
  std::string ConditionText(const Condition& condition);

  const Statement& statement_;
  std::span<const AttributeValue> parameters_;
  std::map<std::string, std::string> names_;  // "#n0" -> name
  std::map<std::string, std::string> name_ids_;  // name -> "#n0"
  AttributeMap values_;  // ":v0" -> value
};

}  // namespace eddy::partiql

#include "expr/key_condition.h"

#include "expr/test_util.h"

namespace eddy::expr {
namespace {

using namespace testing;

struct Fixture {
  KeySchema schema{{"p", AttributeType::kString}, KeyAttribute{"c", AttributeType::kNumber}};
  std::map<std::string, std::string> names{{"#p", "p"}, {"#c", "c"}};
  AttributeMap values{{":p", S("key")}, {":c", N("5")}, {":c2", N("7")}, {":s", S("00")}, {":a", N("3")}};

  KeyCondition Parse(std::string_view text) {
    Substitutions subs(&names, &values);
    return KeyCondition::Parse(text, schema, subs);
  }
  std::string Error(std::string_view text) {
    return ErrorOf([&] { Parse(text); });
  }
};

TEST_CASE_FIXTURE(Fixture, "hash only and hash + range in either order") {
  KeyCondition k = Parse("p = :p");
  CHECK(k.hash_value == S("key"));
  CHECK_FALSE(k.range.has_value());

  for (std::string_view text : {"p = :p AND c < :c", "c < :c AND p = :p", "((c < :c) AND (p = :p))",
                                ":p = p AND :c > c", "#p = :p and #c < :c"}) {
    k = Parse(text);
    CHECK(k.hash_value == S("key"));
    REQUIRE(k.range.has_value());
    CHECK(k.range->op == KeyOp::kLt);
    CHECK(k.range->first == N("5"));
  }
  k = Parse("p=:p AnD c BeTwEeN :c aNd :c2");
  CHECK(k.range->op == KeyOp::kBetween);
  CHECK(k.range->second == N("7"));
  CHECK(Parse("p = :p AND c <= :c").range->op == KeyOp::kLe);
  CHECK(Parse("p = :p AND c >= :c").range->op == KeyOp::kGe);
  CHECK(Parse("p = :p AND c > :c").range->op == KeyOp::kGt);
  CHECK(Parse("p = :p AND c = :c").range->op == KeyOp::kEq);
}

TEST_CASE_FIXTURE(Fixture, "RangeKeyCondition::Matches") {
  RangeKeyCondition between{KeyOp::kBetween, N("4"), N("7")};
  CHECK(between.Matches(N("4")));
  CHECK(between.Matches(N("7")));
  CHECK_FALSE(between.Matches(N("8")));
  RangeKeyCondition begins{KeyOp::kBeginsWith, S("ab"), {}};
  CHECK(begins.Matches(S("abc")));
  CHECK_FALSE(begins.Matches(S("b")));
  RangeKeyCondition lt{KeyOp::kLt, B("\x7f"), {}};
  CHECK(lt.Matches(B("\x7e")));
  CHECK_FALSE(lt.Matches(B("\x80")));  // unsigned byte order
}

TEST_CASE_FIXTURE(Fixture, "begins_with") {
  schema.range->type = AttributeType::kString;
  KeyCondition k = Parse("p = :p AND begins_with(c, :s)");
  CHECK(k.range->op == KeyOp::kBeginsWith);
  CHECK(k.range->first == S("00"));
  CHECK(Error("p = :p AND BEGINS_WITH(c, :s)") ==
        "Invalid KeyConditionExpression: Invalid function name; function: BEGINS_WITH");
  schema.range->type = AttributeType::kNumber;
  CHECK(Error("p = :p AND begins_with(c, :c)") ==
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: begins_with, operand type: N");
}

TEST_CASE_FIXTURE(Fixture, "errors") {
  CHECK(Error("") == "Invalid KeyConditionExpression: The expression can not be empty;");
  CHECK(Error("c = :c") == "Query condition missed key schema element: p");
  CHECK(Error("p < :p") == "Query key condition not supported");
  CHECK(Error("p = :p AND p = :p") == "KeyConditionExpressions must only contain one condition per key");
  CHECK(Error("p = :p AND c >= :c AND c <= :c2") == "KeyConditionExpressions must only contain one condition per key");
  CHECK(Error("p = :p AND c >= :c AND a <= :c2") == "Conditions can be of length 1 or 2 only");
  CHECK(Error("p = :p AND a < :a") == "Query condition missed key schema element: c");
  CHECK(Error("p = :p AND a.b < :a") == "KeyConditionExpressions cannot have conditions on nested attributes");
  CHECK(Error("p = :p AND size(c) < :a") == "KeyConditionExpressions cannot contain nested operations");
  CHECK(Error(":c BETWEEN c AND :c2 AND p = :p") ==
        "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
  CHECK(Error("p = :p AND begins_with(:s, c)") ==
        "Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
  CHECK(Error("p = :p AND c <> :c") ==
        "Invalid operator used in KeyConditionExpression: <>");
  CHECK(Error("p = :p AND c IN (:c)") ==
        "Invalid operator used in KeyConditionExpression: IN");
  CHECK(Error("c = :c OR p = :p") ==
        "Invalid operator used in KeyConditionExpression: OR");
  CHECK(Error("NOT c = :c AND p = :p") ==
        "Invalid operator used in KeyConditionExpression: NOT");
  CHECK(Error("p = :p AND attribute_exists(c)") == "Invalid operator used in KeyConditionExpression: attribute_exists");
  CHECK(Error("p = :p AND dog(c, :c)") == "Invalid KeyConditionExpression: Invalid function name; function: dog");
  CHECK(Error("p = c") == "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
  CHECK(Error(":p = :a") == "Invalid condition in KeyConditionExpression: No key attribute specified");
  CHECK(Error("p").starts_with("Invalid KeyConditionExpression: Syntax error"));
  CHECK(Error("p = :p AND c != :c").starts_with("Invalid KeyConditionExpression: Syntax error"));
  const std::string kType =
      "One or more parameter values were invalid: Condition parameter type does not match schema type";
  CHECK(Error("p = :c") == kType);
  CHECK(Error("p = :p AND c = :s") == kType);
  CHECK(Error("p = :p AND c BETWEEN :c2 AND :c") ==
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
        "equal to lower bound; lower bound operand: AttributeValue: {N:7}, upper bound operand: AttributeValue: {N:5}");
  CHECK(Error("p = :zz") ==
        "Invalid KeyConditionExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :zz");
}

TEST_CASE_FIXTURE(Fixture, "hash-only table") {
  schema.range.reset();
  CHECK(Parse("p = :p").hash_value == S("key"));
  CHECK(Error("p = :p AND c = :c") == "Query key condition not supported");
}

}  // namespace
}  // namespace eddy::expr

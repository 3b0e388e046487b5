// The legacy parameters as expression structures: operator semantics that
// differ from the expression functions, argument checks, AttributeUpdates,
// and KeyConditions against key schemas.
#include "expr/legacy.h"

#include "expr/test_util.h"

namespace eddy::expr {
namespace {

using namespace testing;

bool Holds(const std::vector<LegacyCondition>& conditions, const Item& item, bool use_or = false) {
  return ConditionFromLegacy(conditions, use_or)->Evaluate(item);
}

const Item kItem{{"s", S("hello")}, {"n", N("3")}, {"ss", SS({"a", "b"})}, {"l", L({N("1"), S("x")})}};

TEST_CASE("operators every legacy parameter shares") {
  CHECK(Holds({{"n", LegacyOp::kEq, {N("3")}}}, kItem));
  CHECK_FALSE(Holds({{"n", LegacyOp::kEq, {S("3")}}}, kItem));  // another type is not equal
  CHECK(Holds({{"missing", LegacyOp::kNe, {N("3")}}}, kItem));
  CHECK(Holds({{"n", LegacyOp::kBetween, {N("3"), N("4")}}}, kItem));
  CHECK(Holds({{"n", LegacyOp::kIn, {N("1"), N("3")}}}, kItem));
  CHECK(Holds({{"missing", LegacyOp::kNull, {}}}, kItem));
  CHECK(Holds({{"ss", LegacyOp::kNotNull, {}}}, kItem));
  CHECK(Holds({{"l", LegacyOp::kContains, {S("x")}}}, kItem));
  CHECK(Holds({{"s", LegacyOp::kBeginsWith, {S("he")}}}, kItem));
  // NOT_CONTAINS is false for a missing attribute, true for another type.
  CHECK_FALSE(Holds({{"missing", LegacyOp::kNotContains, {S("x")}}}, kItem));
  CHECK(Holds({{"s", LegacyOp::kNotContains, {N("1")}}}, kItem));
  CHECK_FALSE(Holds({{"s", LegacyOp::kNotContains, {S("ell")}}}, kItem));
  // AND by default, OR on request.
  const std::vector<LegacyCondition> one_true = {{"n", LegacyOp::kEq, {N("3")}}, {"n", LegacyOp::kEq, {N("4")}}};
  CHECK_FALSE(Holds(one_true, kItem));
  CHECK(Holds(one_true, kItem, true));
  CHECK_FALSE(ConditionFromLegacy({}, false));
}

TEST_CASE("arguments are checked for count, type, one type, and BETWEEN's order") {
  auto error = [](LegacyCondition c) { return ErrorOf([&] { CheckLegacyArguments(c); }); };
  CHECK(error({"a", LegacyOp::kEq, {}}) ==
        "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator");
  CHECK(error({"a", LegacyOp::kNull, {N("1")}}).find("for the NULL ComparisonOperator") != std::string::npos);
  CHECK(error({"a", LegacyOp::kLt, {SS({"x"})}}) ==
        "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type");
  CHECK(error({"a", LegacyOp::kContains, {L({})}}).find("CONTAINS is not valid for L") != std::string::npos);
  CHECK(error({"a", LegacyOp::kIn, {N("1"), S("1")}}) ==
        "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type");
  CHECK(error({"a", LegacyOp::kBetween, {N("5"), N("1")}}) ==
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound");
  CHECK(error({"a", LegacyOp::kEq, {M({})}}).empty());
  CHECK(error({"a", LegacyOp::kContains, {Bool(true)}}).empty());
}

TEST_CASE("operator names round-trip in DynamoDB's enum order") {
  for (std::string_view name : {"EQ", "NE", "LE", "LT", "GE", "GT", "NOT_NULL", "NULL", "CONTAINS", "NOT_CONTAINS",
                                "BEGINS_WITH", "IN", "BETWEEN"}) {
    REQUIRE(ParseLegacyOp(name));
    CHECK(LegacyOpName(*ParseLegacyOp(name)) == name);
  }
  CHECK_FALSE(ParseLegacyOp("eq"));
  CHECK(LegacyOpEnumList().starts_with("[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ"));
}

TEST_CASE("AttributeUpdates: PUT, ADD (numbers, sets, lists) and DELETE") {
  using Action = AttributeUpdate::Action;
  Update update = UpdateFromAttributeUpdates({{"n", Action::kAdd, N("2")},
                                              {"ss", Action::kDelete, SS({"a", "b"})},
                                              {"l", Action::kAdd, L({N("1")})},
                                              {"s", Action::kDelete, std::nullopt},
                                              {"new", Action::kPut, S("v")}});
  const Item result = update.Apply(kItem);
  CHECK(result == Item{{"n", N("5")}, {"l", L({N("1"), S("x"), N("1")})}, {"new", S("v")}});
  CHECK(ErrorOf([] { UpdateFromAttributeUpdates({{"s", Action::kAdd, N("1")}}).Apply(kItem); }) ==
        "Type mismatch for attribute to update");
  CHECK(ErrorOf([] { UpdateFromAttributeUpdates({{"s", Action::kPut, std::nullopt}}); }).find(
            "Only DELETE action is allowed when no attribute value is specified") != std::string::npos);
  CHECK(ErrorOf([] { UpdateFromAttributeUpdates({{"s", Action::kDelete, L({})}}); }).find(
            "DELETE action with value is not supported for the type L") != std::string::npos);
  CHECK(ErrorOf([] { UpdateFromAttributeUpdates({{"s", Action::kAdd, Bool(true)}}); }).find(
            "ADD action is not supported for the type BOOL") != std::string::npos);
}

TEST_CASE("AttributesToGet selects top-level names literally and refuses duplicates") {
  const Item item{{"a.b", N("1")}, {"a", M({{"b", N("2")}})}};
  CHECK(ProjectionFromAttributeNames({"a.b"}).Apply(item) == Item{{"a.b", N("1")}});
  CHECK(ErrorOf([] { ProjectionFromAttributeNames({"x", "x"}); }) ==
        "One or more parameter values were invalid: Duplicate value in attribute name: x");
}

TEST_CASE("KeyConditions against a key schema") {
  KeySchema schema;
  schema.hash = {"p", AttributeType::kString};
  schema.range = KeyAttribute{"c", AttributeType::kNumber};
  KeyCondition kc = KeyConditionFromLegacy(
      {{"c", LegacyOp::kBetween, {N("1"), N("2")}}, {"p", LegacyOp::kEq, {S("x")}}}, schema);
  CHECK(kc.hash_value == S("x"));
  REQUIRE(kc.range);
  CHECK(kc.range->op == KeyOp::kBetween);
  CHECK(kc.range->second == N("2"));
  auto error = [&](std::vector<LegacyCondition> c) { return ErrorOf([&] { KeyConditionFromLegacy(c, schema); }); };
  CHECK(error({{"c", LegacyOp::kEq, {N("1")}}}) == "Query condition missed key schema element: p");
  CHECK(error({{"p", LegacyOp::kEq, {S("x")}}, {"z", LegacyOp::kEq, {N("1")}}}) ==
        "Query condition missed key schema element: c");
  CHECK(error({{"p", LegacyOp::kIn, {S("x")}}}) == "Attempted conditional constraint is not an indexable operation");
  CHECK(error({{"p", LegacyOp::kEq, {S("x")}}, {"c", LegacyOp::kEq, {S("1")}}}) ==
        "One or more parameter values were invalid: Condition parameter type does not match schema type");
  CHECK(error({{"p", LegacyOp::kGt, {S("x")}}}) == "Query key condition not supported");
  schema.range.reset();
  CHECK(error({{"p", LegacyOp::kEq, {S("x")}}, {"c", LegacyOp::kEq, {N("1")}}}) == "Query key condition not supported");
}

}  // namespace
}  // namespace eddy::expr

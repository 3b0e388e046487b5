#include "partiql/translate.h"

#include "partiql/test_util.h"

namespace eddy::partiql {
namespace {

using namespace testing;

KeySchema HashRange() {
  KeySchema schema;
  schema.hash = {"pk", AttributeType::kString};
  schema.range = KeyAttribute{"sk", AttributeType::kString};
  return schema;
}

std::string ValidationMessage(auto&& run) {
  try {
    run();
  } catch (const ApiError& e) {
    return e.message();
  }
  return "";
}

TEST_CASE("SELECT: GetItem, Query or Scan, as DynamoDB chooses") {
  Statement s = Parse("SELECT * FROM t WHERE pk = 'a' AND sk = 'b'");
  Translator t(s, {});
  SelectPlan plan = t.Select(HashRange());
  CHECK(plan.kind == SelectPlan::Kind::kGetItem);
  CHECK(plan.key == AttributeMap{{"pk", S("a")}, {"sk", S("b")}});

  s = Parse("SELECT * FROM t WHERE pk = ? AND sk > 'b' AND x = 1");
  const std::vector<AttributeValue> params = {S("p")};
  Translator t2(s, params);
  plan = t2.Select(HashRange());
  CHECK(plan.kind == SelectPlan::Kind::kQuery);
  CHECK(plan.key_condition == "#n0 = :v0 AND #n1 > :v1");
  CHECK(plan.filter == "#n2 = :v2");
  CHECK(t2.values().at(":v0") == S("p"));
  CHECK(t2.names().at("#n2") == "x");

  // The full key and more: a Query with a filter.
  s = Parse("SELECT * FROM t WHERE pk = 'a' AND sk = 'b' AND x IS MISSING");
  Translator t3(s, {});
  plan = t3.Select(HashRange());
  CHECK(plan.kind == SelectPlan::Kind::kQuery);
  CHECK(plan.filter == "attribute_not_exists(#n2)");

  s = Parse("SELECT a.b[1] FROM t WHERE pk = 'a' OR x IS NULL");
  Translator t4(s, {});
  plan = t4.Select(HashRange());
  CHECK(plan.kind == SelectPlan::Kind::kScan);
  CHECK(plan.filter == "(#n0 = :v0) OR (attribute_type(#n1, :v1))");
  CHECK(t4.values().at(":v1") == S("NULL"));
  CHECK(plan.projection.size() == 1);
}

TEST_CASE("INSERT, UPDATE, DELETE") {
  Statement s = Parse("INSERT INTO t VALUE {'pk': 'a', 'sk': ?, 'n': 1}");
  const std::vector<AttributeValue> params = {S("b")};
  Translator t(s, params);
  WritePlan plan = t.Insert(HashRange());
  CHECK(plan.item_or_key == AttributeMap{{"pk", S("a")}, {"sk", S("b")}, {"n", N("1")}});
  CHECK(plan.condition == "attribute_not_exists(#n0)");

  s = Parse("UPDATE t SET n = n + 1 SET s = set_add(s, <<'x'>>) REMOVE r WHERE pk = 'a' AND sk = 'b' AND n < 5");
  Translator u(s, {});
  plan = u.Update(HashRange());
  CHECK(plan.item_or_key == AttributeMap{{"pk", S("a")}, {"sk", S("b")}});
  CHECK(plan.update == "SET #n0 = #n0 + :v0 REMOVE #n2 ADD #n1 :v1");
  CHECK(plan.condition == "attribute_exists(#n3) AND (#n0 < :v2)");

  s = Parse("DELETE FROM t WHERE pk = 'a'");
  Translator d(s, {});
  CHECK(ValidationMessage([&] { d.Delete(HashRange()); }) == kMissingKeyEquality);
}

}  // namespace
}  // namespace eddy::partiql

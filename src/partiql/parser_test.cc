#include "partiql/parser.h"

#include "partiql/test_util.h"

namespace eddy::partiql {
namespace {

using namespace testing;

Path P(std::initializer_list<expr::PathElement> elements) { return Path(elements); }

TEST_CASE("SELECT: projection, source, WHERE, ORDER BY") {
  Statement s = Parse("SELECT * FROM \"Music\"");
  CHECK(s.kind == Statement::Kind::kSelect);
  CHECK(s.select_all);
  CHECK(s.table == "Music");
  CHECK_FALSE(s.index);
  CHECK_FALSE(s.where);

  s = Parse("select a, a.b, a[0], \"quoted name\", a.b[1].c, m['k'] from Music.\"by-artist\"");
  CHECK_FALSE(s.select_all);
  CHECK(s.table == "Music");
  CHECK(s.index == "by-artist");
  REQUIRE(s.projection.size() == 6);
  CHECK(s.projection[0] == P({{"a"}}));
  CHECK(s.projection[1] == P({{"a"}, {"b"}}));
  CHECK(s.projection[2] == P({{"a"}, {"", 0}}));
  CHECK(s.projection[3] == P({{"quoted name"}}));
  CHECK(s.projection[4] == P({{"a"}, {"b"}, {"", 1}, {"c"}}));
  CHECK(s.projection[5] == P({{"m"}, {"k"}}));

  s = Parse("SELECT * FROM t WHERE pk = 'a' ORDER BY sk DESC, pk ASC;");
  REQUIRE(s.order_by.size() == 2);
  CHECK(s.order_by[0] == OrderBy{"sk", true});
  CHECK(s.order_by[1] == OrderBy{"pk", false});
}

TEST_CASE("conditions: every operator") {
  Statement s = Parse("SELECT * FROM t WHERE a = 1 AND b <> 2 OR NOT c != 3");
  const Condition& w = *s.where;
  CHECK(w.kind == Condition::Kind::kOr);
  CHECK(w.children[0].kind == Condition::Kind::kAnd);
  CHECK(w.children[0].children[1].op == CompareOp::kNe);
  CHECK(w.children[1].kind == Condition::Kind::kNot);
  CHECK(w.children[1].children[0].op == CompareOp::kNe);

  for (auto [text, op] : {std::pair{"<", CompareOp::kLt}, {"<=", CompareOp::kLe}, {">", CompareOp::kGt},
                          {">=", CompareOp::kGe}, {"=", CompareOp::kEq}}) {
    Statement c = Parse("SELECT * FROM t WHERE a " + std::string(text) + " 1");
    CHECK(c.where->op == op);
  }

  s = Parse("SELECT * FROM t WHERE a BETWEEN 1 AND 5");
  CHECK(s.where->kind == Condition::Kind::kBetween);
  CHECK(s.where->operands.size() == 3);

  s = Parse("SELECT * FROM t WHERE a IN [1, 'x', ?] AND b IN (2, 3)");
  CHECK(s.where->children[0].kind == Condition::Kind::kIn);
  CHECK(s.where->children[0].operands.size() == 4);
  CHECK(s.where->children[0].operands[3].kind == Operand::Kind::kParameter);
  CHECK(s.where->children[1].operands.size() == 3);

  s = Parse("SELECT * FROM t WHERE a NOT IN [1] AND b NOT BETWEEN 1 AND 2");
  CHECK(s.where->children[0].kind == Condition::Kind::kNot);
  CHECK(s.where->children[0].children[0].kind == Condition::Kind::kIn);
  CHECK(s.where->children[1].children[0].kind == Condition::Kind::kBetween);

  s = Parse("SELECT * FROM t WHERE a IS MISSING AND b IS NOT MISSING AND c IS NULL AND d is not null");
  CHECK(ToString(*s.where) == "\"a\" IS MISSING AND \"b\" IS NOT MISSING AND \"c\" IS NULL AND \"d\" IS NOT NULL");
  s = Parse("SELECT * FROM t WHERE a IS BOOLEAN OR a IS STRING OR a IS NUMERIC OR a IS BLOB OR a IS LIST");
  CHECK(s.where->children[1].is_type == IsType::kList);
  CHECK(IsTypeDescriptor(IsType::kNumeric) == "N");

  s = Parse("SELECT * FROM t WHERE begins_with(a, 'x') AND contains(b, 1) AND attribute_type(c, 'S') "
            "AND attribute_exists(d) AND ATTRIBUTE_NOT_EXISTS(e) AND size(f) > 3");
  CHECK(ToString(*s.where) ==
        "begins_with(\"a\", 'x') AND contains(\"b\", 1) AND attribute_type(\"c\", 'S') AND "
        "attribute_exists(\"d\") AND attribute_not_exists(\"e\") AND size(\"f\") > 3");
  CHECK(s.where->children[1].kind == Condition::Kind::kCompare);
  CHECK(s.where->children[1].operands[0].function == "size");

  s = Parse("SELECT * FROM t WHERE (a = 1 OR b = 2) AND (c) = 3");
  CHECK(s.where->kind == Condition::Kind::kAnd);
  CHECK(s.where->children[0].kind == Condition::Kind::kOr);
  CHECK(s.where->children[1].operands[0].path == P({{"c"}}));
}

TEST_CASE("precedence: NOT > AND > OR, left-associative") {
  CHECK(ToString(*Parse("SELECT * FROM t WHERE a = 1 OR b = 1 AND c = 1").where) ==
        "\"a\" = 1 OR \"b\" = 1 AND \"c\" = 1");
  CHECK(Parse("SELECT * FROM t WHERE a = 1 OR b = 1 AND c = 1").where->kind == Condition::Kind::kOr);
  CHECK(Parse("SELECT * FROM t WHERE NOT a = 1 AND b = 1").where->kind == Condition::Kind::kAnd);
  CHECK(ToString(*Parse("SELECT * FROM t WHERE a = 1 AND (b = 1 AND c = 1)").where) ==
        "\"a\" = 1 AND (\"b\" = 1 AND \"c\" = 1)");
}

TEST_CASE("INSERT") {
  Statement s = Parse("INSERT INTO \"Music\" VALUE {'Artist': 'Acme', 'n': 1, 'p': ?, 'm': {'k': [1, 2]}}");
  CHECK(s.kind == Statement::Kind::kInsert);
  CHECK(s.table == "Music");
  REQUIRE(s.item.size() == 4);
  CHECK(s.item[0].first == "Artist");
  CHECK(s.item[0].second.literal == S("Acme"));
  CHECK(s.item[2].second.kind == Operand::Kind::kParameter);
  CHECK(s.item[3].second.literal.as_map().at("k").as_list().size() == 2);
  CHECK(s.parameter_count == 1);
  CHECK(Parse("insert into t value {}").item.empty());
}

TEST_CASE("UPDATE: SET and REMOVE clauses repeat and interleave") {
  Statement s = Parse(
      "UPDATE \"Music\" SET a = 'v', b = a + 1 SET c = list_append(c, [1]) REMOVE x "
      "SET d = set_add(d, <<'x'>>) REMOVE y[0] SET e = SET_DELETE(e, <<1, 2>>), f = b - 2, "
      "g = if_not_exists(g, 0) WHERE pk = 'k' AND sk = 1 RETURNING ALL NEW *");
  CHECK(s.kind == Statement::Kind::kUpdate);
  REQUIRE(s.actions.size() == 9);
  CHECK(s.actions[0].kind == UpdateAction::Kind::kSet);
  CHECK(s.actions[1].value.kind == Operand::Kind::kPlus);
  CHECK(s.actions[2].value.function == "list_append");
  CHECK(s.actions[3].kind == UpdateAction::Kind::kRemove);
  CHECK(s.actions[4].kind == UpdateAction::Kind::kSetAdd);
  CHECK(s.actions[4].value.literal.type == AttributeType::kStringSet);
  CHECK(s.actions[5].path == P({{"y"}, {"", 0}}));
  CHECK(s.actions[6].kind == UpdateAction::Kind::kSetDelete);
  CHECK(s.actions[6].value.literal.type == AttributeType::kNumberSet);
  CHECK(s.actions[7].value.kind == Operand::Kind::kMinus);
  CHECK(s.actions[8].value.function == "if_not_exists");
  CHECK(s.returning == Returning::kAllNew);
  CHECK(s.where->kind == Condition::Kind::kAnd);

  for (auto [text, returning] : {std::pair{"ALL OLD", Returning::kAllOld}, {"MODIFIED OLD", Returning::kModifiedOld},
                                 {"modified new", Returning::kModifiedNew}}) {
    CHECK(Parse("UPDATE t SET a = 1 WHERE pk = 1 RETURNING " + std::string(text) + " *").returning == returning);
  }
  // The WHERE is the executor's to require ("Where clause does not contain
  // a mandatory equality on all key attributes").
  CHECK_FALSE(Parse("UPDATE t SET a = 1").where);
  // set_add with a parameter: its type is checked at execution.
  CHECK(Parse("UPDATE t SET s = set_add(s, ?) WHERE pk = 1").actions[0].value.kind == Operand::Kind::kParameter);
}

TEST_CASE("UPDATE in partiql's FROM-first form") {
  Statement s = Parse("FROM \"t\" WHERE pk = 'x' SET c = 1 REMOVE d RETURNING MODIFIED OLD *");
  CHECK(s.kind == Statement::Kind::kUpdate);
  CHECK(s.actions.size() == 2);
  CHECK(s.where);
  CHECK(ToString(s) == "UPDATE \"t\" SET \"c\" = 1 REMOVE \"d\" WHERE \"pk\" = 'x' RETURNING MODIFIED OLD *");
  CHECK_FALSE(Parse("FROM t SET c = 1").where);
}

TEST_CASE("DELETE and EXISTS") {
  Statement s = Parse("DELETE FROM \"t\" WHERE pk = 1 RETURNING ALL OLD *");
  CHECK(s.kind == Statement::Kind::kDelete);
  CHECK(s.returning == Returning::kAllOld);
  s = Parse("EXISTS(SELECT * FROM \"t\" WHERE pk = 1 AND a > 2)");
  CHECK(s.kind == Statement::Kind::kExists);
  CHECK(s.select_all);
  CHECK(ToString(s) == "EXISTS(SELECT * FROM \"t\" WHERE \"pk\" = 1 AND \"a\" > 2)");
}

TEST_CASE("keywords are case-insensitive, names are not") {
  Statement a = Parse("SELECT Artist FROM Music WHERE Artist = 'x' AND Year2 BETWEEN 1 AND 2 ORDER BY Artist DESC");
  Statement b = Parse("select Artist from Music where Artist = 'x' and Year2 between 1 and 2 order by Artist desc");
  Statement c = Parse("SeLeCt Artist FrOm Music WhErE Artist = 'x' aNd Year2 BeTwEeN 1 AnD 2 oRdEr By Artist DeSc");
  CHECK(a == b);
  CHECK(a == c);
  CHECK(Parse("SELECT artist FROM Music") != Parse("SELECT Artist FROM Music"));
  CHECK(Parse("UPDATE t SET a = TRUE, b = false, c = Null WHERE pk = 1").actions[2].value.literal ==
        AttributeValue::Null());
}

TEST_CASE("parameters are numbered in order of appearance") {
  Statement s = Parse("UPDATE t SET a = ?, b = ? + 1 WHERE pk = ? AND sk IN [?, ?]");
  CHECK(s.parameter_count == 5);
  CHECK(s.actions[0].value.parameter == 0);
  CHECK(s.actions[1].value.args[0].parameter == 1);
  CHECK(s.where->children[0].operands[1].parameter == 2);
  CHECK(s.where->children[1].operands[1].parameter == 3);
  CHECK(s.where->children[1].operands[2].parameter == 4);
  CHECK(Parse("INSERT INTO t VALUE {'pk': ?, 'sk': ?}").parameter_count == 2);
  CHECK(Parse("SELECT * FROM t").parameter_count == 0);
}

TEST_CASE("comments, whitespace and a final semicolon") {
  CHECK(Parse("SELECT * -- the key\nFROM t /* all */ WHERE\tpk = 1 ;") == Parse("SELECT * FROM t WHERE pk = 1"));
}

TEST_CASE("round trips: parse, print, parse again") {
  for (std::string_view text : {
           "SELECT * FROM \"t\"",
           "SELECT \"a\", \"a\".\"b\"[2].\"c\" FROM \"t\".\"i\" WHERE \"pk\" = 'x' ORDER BY \"sk\" DESC",
           "SELECT * FROM t WHERE a = -1.5e3 AND b IN ['x', ?] OR NOT (c < 2 OR d >= ?)",
           "SELECT * FROM t WHERE NOT NOT a IS NOT MISSING AND b IS TUPLE",
           "SELECT * FROM t WHERE a = 1 OR (b = 1 OR c = 1)",
           "SELECT * FROM t WHERE NOT (a = 1 AND b = 2) OR size(l) BETWEEN 1 AND ?",
           "SELECT * FROM t WHERE m = {'k': [1, 'it''s', <<'a', 'b'>>], 'n': {}} AND l = []",
           "INSERT INTO \"t\" VALUE {'pk': 'a''b', 'n': -0.5, 'ss': <<'x', 'y'>>, 'ns': <<3, 1>>, 'p': ?}",
           "UPDATE t SET a = b + 1, c = list_append(c, [1]) SET d = set_add(d, <<'x'>>) REMOVE e[3] WHERE pk = 1",
           "UPDATE t SET s = set_delete(s, ?) WHERE pk = ? RETURNING MODIFIED NEW *",
           "DELETE FROM \"t\" WHERE \"pk\" = 1 AND attribute_exists(\"a\") RETURNING ALL OLD *",
           "EXISTS(SELECT * FROM t WHERE pk = 1)",
           "SELECT * FROM \"we\"\"ird\" WHERE \"a\"\"b\" = 'c''d'",
       }) {
    CAPTURE(text);
    RoundTrip(text);
  }
  CHECK(RoundTrip("select a from t where x = 1e2") == "SELECT \"a\" FROM \"t\" WHERE \"x\" = 100");
}

}  // namespace
}  // namespace eddy::partiql

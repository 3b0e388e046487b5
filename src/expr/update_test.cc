#include "expr/update.h"

#include "expr/test_util.h"

namespace eddy::expr {
namespace {

using namespace testing;

struct Fixture {
  std::map<std::string, std::string> names{{"#n", "x"}, {"#dot", "a.b"}};
  AttributeMap values{{":one", N("1")},          {":two", N("2")},          {":s", S("hi")},
                      {":l", L({N("8"), N("9")})}, {":ss", SS({"b", "c"})}, {":ns", NS({"2", "3"})},
                      {":bs", BS({"\x01"})},        {":m", M({})},           {":big", N("9.9999999999999999999999999999999999999E+125")}};

  Update Parse(std::string_view text) {
    Substitutions subs(&names, &values);
    return Update::Parse(text, subs);
  }
  Item Apply(std::string_view text, const Item& item) { return Parse(text).Apply(item); }
  std::string Error(std::string_view text) {
    return ErrorOf([&] { Parse(text); });
  }
  std::string ApplyError(std::string_view text, const Item& item) {
    return ErrorOf([&] { Apply(text, item); });
  }
};

TEST_CASE_FIXTURE(Fixture, "round trips through ToString") {
  for (std::string_view text : {
           "SET a = :one",
           "SET a = :one, b = a + :two, c = :one - b",
           "SET a = if_not_exists(a, :one), b = list_append(b, :l)",
           "REMOVE a, b.c[2]",
           "ADD a :one, b :ss",
           "DELETE a :ss",
           "SET a = :one REMOVE b ADD c :one DELETE d :ss",
           "DELETE d :ss SET a = :one",
       }) {
    CHECK(Parse(text).ToString() == text);
  }
  CHECK(Parse("set a=:one  remove b").ToString() == "SET a = :one REMOVE b");
}

TEST_CASE_FIXTURE(Fixture, "SET") {
  Item item{{"p", S("k")}, {"a", N("5")}, {"b", S("x")}};
  CHECK(Apply("SET c = :one", item) == Item{{"p", S("k")}, {"a", N("5")}, {"b", S("x")}, {"c", N("1")}});
  CHECK(Apply("SET a = :s", item).at("a") == S("hi"));
  CHECK(Apply("SET c = b", item).at("c") == S("x"));
  CHECK(Apply("SET a = a + :two", item).at("a") == N("7"));
  CHECK(Apply("SET a = :one - a", item).at("a") == N("-4"));
  CHECK(Apply("SET c = a + a", item).at("c") == N("10"));
  CHECK(Apply("SET c = (a + :one)", item).at("c") == N("6"));
  CHECK(Apply("SET c = (a) + (:one)", item).at("c") == N("6"));
  CHECK(Apply("SET c = (:one)", item).at("c") == N("1"));
  // Operands read the old item: this swaps.
  Item swapped = Apply("SET a = b, b = a", item);
  CHECK(swapped.at("a") == S("x"));
  CHECK(swapped.at("b") == N("5"));
  CHECK(Apply("SET #n = :one", item).at("x") == N("1"));
  CHECK(Apply("SET #dot = :one", item).at("a.b") == N("1"));
  // if_not_exists
  CHECK(Apply("SET a = if_not_exists(a, :one)", item).at("a") == N("5"));
  CHECK(Apply("SET c = if_not_exists(c, :one)", item).at("c") == N("1"));
  CHECK(Apply("SET c = if_not_exists(a, :one)", item).at("c") == N("5"));
  CHECK(Apply("SET c = if_not_exists(c, :one) + :two", item).at("c") == N("3"));
  // list_append
  Item with_list{{"l", L({N("1")})}};
  CHECK(Apply("SET l = list_append(l, :l)", with_list).at("l") == L({N("1"), N("8"), N("9")}));
  CHECK(Apply("SET l = list_append(:l, l)", with_list).at("l") == L({N("8"), N("9"), N("1")}));
  CHECK(Apply("SET l = list_append(if_not_exists(l, :l), :l)", {}).at("l") ==
        L({N("8"), N("9"), N("8"), N("9")}));
  // Works on a missing item.
  CHECK(Apply("SET a = :one", {}) == Item{{"a", N("1")}});
}

TEST_CASE_FIXTURE(Fixture, "SET runtime errors") {
  Item item{{"a", N("5")}, {"b", S("x")}, {"l", L({})}};
  const std::string kType = "An operand in the update expression has an incorrect data type";
  const std::string kMissing = "The provided expression refers to an attribute that does not exist in the item";
  CHECK(ApplyError("SET c = z", item) == kMissing);
  CHECK(ApplyError("SET c = z", {}) == kMissing);
  CHECK(ApplyError("SET c = a + z", item) == kMissing);
  CHECK(ApplyError("SET c = a + b", item) == kType);
  CHECK(ApplyError("SET c = l - :one", item) == kType);
  CHECK(ApplyError("SET c = list_append(a, :l)", item) == kType);
  CHECK(ApplyError("SET c = list_append(:l, z)", item) == kMissing);
  CHECK(ApplyError("SET c = a + :big", Item{{"a", N("9.9999999999999999999999999999999999999E+125")}}) != "");
  CHECK(ApplyError("SET x = :one, y = x", item) == kMissing);
}

TEST_CASE_FIXTURE(Fixture, "nested SET and REMOVE") {
  Item item{{"a", M({{"b", N("3")}, {"c", L({S("hi"), M({{"x", M({{"y", L({N("3"), N("5"), N("7")})}})}})})}})}};
  Item got = Apply("SET a.c[1].#n.y[1] = :one", item);
  CHECK(FindPath(got, {{"a"}, {"c"}, {"", 1}, {"x"}, {"y"}})->as_list()[1] == N("1"));
  CHECK(Apply("SET a.d = :one", item).at("a").as_map().at("d") == N("1"));
  CHECK(Apply("SET z = a.c[1].x.y[2]", item).at("z") == N("7"));
  Item removed = Apply("REMOVE a.c[1].x.y[1], a.b", item);
  CHECK(removed.at("a").as_map().count("b") == 0);
  CHECK(FindPath(removed, {{"a"}, {"c"}, {"", 1}, {"x"}, {"y"}})->as_list() == AttributeList{N("3"), N("7")});
  // Removing the last map member / list element leaves an empty container.
  CHECK(Apply("REMOVE a.b", Item{{"a", M({{"b", N("1")}})}}).at("a") == M({}));
  CHECK(Apply("REMOVE a[0]", Item{{"a", L({N("1")})}}).at("a") == L({}));
  // Missing leaves are ignored.
  Item leaf{{"a", M({{"x", N("3")}})}, {"b", L({S("hi")})}};
  CHECK(Apply("REMOVE a.y, b[7], c", leaf) == leaf);
}

TEST_CASE_FIXTURE(Fixture, "list index semantics") {
  Item item{{"a", L({S("one"), S("two"), S("three")})}};
  CHECK(Apply("SET a[1] = :s", item).at("a") == L({S("one"), S("hi"), S("three")}));
  // Past the end appends.
  CHECK(Apply("SET a[7] = :s", item).at("a") == L({S("one"), S("two"), S("three"), S("hi")}));
  // Several appends land in index order, not expression order.
  values[":a1"] = S("a1");
  values[":a2"] = S("a2");
  values[":a3"] = S("a3");
  CHECK(Apply("SET a[84] = :a1, a[37] = :a2, a[17] = :a3", item).at("a") ==
        L({S("one"), S("two"), S("three"), S("a3"), S("a2"), S("a1")}));
  // REMOVE uses the old indexes, whatever the order of sections.
  Item six{{"a", L({N("2"), N("3"), N("4"), N("5"), N("6"), N("7")})}};
  values[":v"] = N("17");
  AttributeValue expected = L({N("2"), N("4"), N("17"), N("6"), N("7")});
  CHECK(Apply("REMOVE a[1] SET a[3] = :v", six).at("a") == expected);
  CHECK(Apply("SET a[3] = :v REMOVE a[1]", six).at("a") == expected);
  CHECK(Apply("REMOVE a[1], a[3]", six).at("a") == L({N("2"), N("4"), N("6"), N("7")}));
  CHECK(Apply("REMOVE a[17]", six) == six);
}

TEST_CASE_FIXTURE(Fixture, "invalid document paths") {
  const std::string kInvalid = "The document path provided in the update expression is invalid for update";
  Item item{{"a", S("hello")}, {"b", L({S("hi")})}};
  CHECK(ApplyError("SET a.c = :one", item) == kInvalid);
  CHECK(ApplyError("SET b.c = :one", item) == kInvalid);
  CHECK(ApplyError("SET c.c = :one", item) == kInvalid);
  CHECK(ApplyError("SET c.c = :one", {}) == kInvalid);
  CHECK(ApplyError("SET a[0] = :one", item) == kInvalid);
  CHECK(ApplyError("SET c[0] = :one", item) == kInvalid);
  CHECK(ApplyError("SET b[5].x = :one", item) == kInvalid);
  CHECK(ApplyError("REMOVE a.c", item) == kInvalid);
  CHECK(ApplyError("REMOVE c.c", item) == kInvalid);
  CHECK(ApplyError("REMOVE a[0]", item) == kInvalid);
  // DELETE from a path that cannot exist (dynalite's updateItem tests,
  // recorded against the service), even beside a valid SET.
  CHECK(ApplyError("DELETE a.c :ss", item) == kInvalid);
  CHECK(ApplyError("DELETE a[1] :ss", item) == kInvalid);
  CHECK(ApplyError("DELETE y.a :ss", item) == kInvalid);
  CHECK(ApplyError("DELETE b.x :ss SET z = :one", item) == kInvalid);
  // A path that could exist but does not is still a no-op.
  Item holder{{"m", M({})}};
  CHECK(Apply("DELETE m.x :ss", holder) == holder);
  // DynamoDB ignores a nested REMOVE (or DELETE) on an item that does not exist.
  CHECK(ApplyError("REMOVE x.y", {}) == "");
  CHECK(ApplyError("REMOVE x[0]", {}) == "");
  CHECK(ApplyError("DELETE x.y :ss", {}) == "");
}

TEST_CASE_FIXTURE(Fixture, "ADD and DELETE") {
  Item item{{"n", N("3")}, {"ss", SS({"a", "b"})}, {"ns", NS({"1", "2"})}, {"bs", BS({"\x02"})}, {"s", S("x")}};
  CHECK(Apply("ADD n :two", item).at("n") == N("5"));
  CHECK(Apply("ADD z :two", item).at("z") == N("2"));
  CHECK(Apply("ADD z :two", {}) == Item{{"z", N("2")}});
  CHECK(Apply("ADD ss :ss", item).at("ss") == SS({"a", "b", "c"}));
  CHECK(Apply("ADD ns :ns", item).at("ns") == NS({"1", "2", "3"}));
  CHECK(Apply("ADD bs :bs", item).at("bs") == BS({"\x01", "\x02"}));
  CHECK(Apply("ADD z :ss", item).at("z") == SS({"b", "c"}));
  CHECK(Apply("DELETE ss :ss", item).at("ss") == SS({"a"}));
  CHECK(Apply("DELETE ns :ns", item).at("ns") == NS({"1"}));
  CHECK(Apply("DELETE bs :bs", item).at("bs") == BS({"\x02"}));
  CHECK(Apply("DELETE z :ss", item) == item);
  // Deleting every member removes the attribute.
  CHECK(Apply("DELETE ss :ss", Item{{"ss", SS({"b"})}}) == Item{});
  const std::string kType = "An operand in the update expression has an incorrect data type";
  CHECK(ApplyError("ADD s :one", item) == kType);
  CHECK(ApplyError("ADD ss :ns", item) == kType);
  CHECK(ApplyError("ADD n :ss", item) == kType);
  CHECK(ApplyError("DELETE ns :ss", item) == kType);
  CHECK(ApplyError("DELETE s :ss", item) == kType);
  // Nested paths work too.
  Item nested{{"m", M({{"k", N("1")}})}};
  CHECK(Apply("ADD m.k :one", nested).at("m").as_map().at("k") == N("2"));
}

TEST_CASE_FIXTURE(Fixture, "parse-time errors") {
  CHECK(Error("") == "Invalid UpdateExpression: The expression can not be empty;");
  CHECK(Error("SET a = :one SET b = :one") ==
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  CHECK(Error("remove a SET b = :one remove c") ==
        "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;");
  CHECK(Error("HELLO b = :one") == "Invalid UpdateExpression: Syntax error; token: \"HELLO\", near: \"HELLO b\"");
  CHECK(Error("SET _123 = :one") == "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"SET _123\"");
  CHECK(Error("SET :a = :one").starts_with("Invalid UpdateExpression: Syntax error; token: \":a\""));
  CHECK(Error("SET a = :one + :one + :two").starts_with("Invalid UpdateExpression: Syntax error; token: \"+\""));
  CHECK(Error("SET c = if_not_exists(c, :one+:two)").starts_with("Invalid UpdateExpression: Syntax error; token: \"+\""));
  CHECK(Error("SET a[:one] = :two").starts_with("Invalid UpdateExpression: Syntax error; token: \":one\""));
  CHECK(Error("ADD a b").starts_with("Invalid UpdateExpression: Syntax error; token: \"b\""));
  CHECK(Error("SET a = :one,").starts_with("Invalid UpdateExpression: Syntax error; token: \"<EOF>\""));
  CHECK(Error("SET a = :one REMOVE a") ==
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
        "of these paths; path one: [a], path two: [a]");
  CHECK(Error("SET a = :one, a.b = :two") ==
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one "
        "of these paths; path one: [a], path two: [a, b]");
  CHECK(Error("SET a[1][1] = :one, a[1] = :two").find("overlap") != std::string::npos);
  CHECK(Error("SET a.b = :one, a[1] = :two") ==
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one "
        "of these paths; path one: [a, b], path two: [a, [1]]");
  CHECK(Error("SET a.b = :one, a.c = :two, b[1] = :one, b[2] = :two") == "");
  CHECK(Error("SET #n = :one, x = :two").find("overlap") != std::string::npos);
  CHECK(Error("SET a = f(b, c)") == "Invalid UpdateExpression: Invalid function name; function: f");
  CHECK(Error("SET a = LIST_APPEND(:l, :l)") == "Invalid UpdateExpression: Invalid function name; function: LIST_APPEND");
  CHECK(Error("SET a = list_append(:l)") ==
        "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or "
        "function: list_append, number of operands: 1");
  CHECK(Error("SET a = list_append(:l, :s)") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
        "function: list_append, operand type: S");
  CHECK(Error("SET a = list_append(list_append(:l, :l), :l)") ==
        "Invalid UpdateExpression: The function is not allowed to be used this way in an expression; "
        "function: list_append");
  CHECK(Error("SET b = if_not_exists(:one, :two)") ==
        "Invalid UpdateExpression: Operator or function requires a document path; operator or "
        "function: if_not_exists");
  CHECK(Error("SET b = if_not_exists(:zz, :two)") ==
        "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :zz");
  CHECK(Error("SET b = size(a)") ==
        "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
  CHECK(Error("SET b = :s + :one") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or "
        "function: +, operand type: S");
  CHECK(Error("ADD a :s") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
        "operand type: STRING");
  CHECK(Error("ADD a :l") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, "
        "operand type: LIST");
  CHECK(Error("DELETE a :one") ==
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, "
        "operand type: NUMBER");
  CHECK(Error("SET a = :one SET status = :two") ==
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
  CHECK(Error("SET a = f(:one) SET b = :two") == "Invalid UpdateExpression: Invalid function name; function: f");
  CHECK(Error("SET a = :zz SET b = :two") ==
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  CHECK(Error("SET status = :one") ==
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
}

TEST_CASE_FIXTURE(Fixture, "paths() lists every written path") {
  Update update = Parse("SET a = b, c.d = :one REMOVE e[1] ADD f :one DELETE g :ss");
  std::vector<Path> expected{{{"a"}}, {{"c"}, {"d"}}, {{"e"}, {"", 1}}, {{"f"}}, {{"g"}}};
  CHECK(update.paths() == expected);
}

}  // namespace
}  // namespace eddy::expr

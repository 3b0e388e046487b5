#include "expr/projection.h"

#include "expr/test_util.h"

namespace eddy::expr {
namespace {

using namespace testing;

struct Fixture {
  std::map<std::string, std::string> names{{"#s", "status"}, {"#dot", "a.b"}};
  Item item{{"a", M({{"b", N("1")}, {"c", M({{"d", S("x")}, {"e", S("y")}})}})},
            {"l", L({S("zero"), S("one"), M({{"k", S("v")}, {"w", S("u")}}), S("three")})},
            {"status", S("ok")},
            {"a.b", N("9")},
            {"s", S("plain")}};

  Projection Parse(std::string_view text) {
    Substitutions subs(&names, nullptr);
    return Projection::Parse(text, subs);
  }
  Item Apply(std::string_view text) { return Parse(text).Apply(item); }
  std::string Error(std::string_view text) {
    return ErrorOf([&] { Parse(text); });
  }
};

TEST_CASE_FIXTURE(Fixture, "round trips") {
  CHECK(Parse("a, l[2].k, s").ToString() == "a, l[2].k, s");
  CHECK(Parse(" a ,l [ 2 ] . k").ToString() == "a, l[2].k");
}

TEST_CASE_FIXTURE(Fixture, "top-level and nested projection") {
  CHECK(Apply("s") == Item{{"s", S("plain")}});
  CHECK(Apply("s, zzz") == Item{{"s", S("plain")}});
  CHECK(Apply("#s, #dot") == Item{{"status", S("ok")}, {"a.b", N("9")}});
  CHECK(Apply("a.b") == Item{{"a", M({{"b", N("1")}})}});
  CHECK(Apply("a.c.d, a.b") == Item{{"a", M({{"b", N("1")}, {"c", M({{"d", S("x")}})}})}});
  CHECK(Apply("a.zzz") == Item{});
  CHECK(Apply("s.x") == Item{});
  CHECK(Apply("s[0]") == Item{});
  // List indexes keep only the selected elements, in index order.
  CHECK(Apply("l[3], l[1]") == Item{{"l", L({S("one"), S("three")})}});
  CHECK(Apply("l[2].k") == Item{{"l", L({M({{"k", S("v")}})})}});
  CHECK(Apply("l[9]") == Item{});
  CHECK(Parse("s").Apply({}) == Item{});
}

TEST_CASE_FIXTURE(Fixture, "FromPaths") {
  Projection projection = Projection::FromPaths({{{"a"}, {"c"}, {"e"}}, {{"l"}, {"", 0}}});
  CHECK(projection.Apply(item) == Item{{"a", M({{"c", M({{"e", S("y")}})}})}, {"l", L({S("zero")})}});
}

TEST_CASE_FIXTURE(Fixture, "errors") {
  CHECK(Error("") == "Invalid ProjectionExpression: The expression can not be empty;");
  CHECK(Error("a, a.b") ==
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite "
        "one of these paths; path one: [a], path two: [a, b]");
  CHECK(Error("a.b, a[0]") ==
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or rewrite "
        "one of these paths; path one: [a, b], path two: [a, [0]]");
  CHECK(Error("a, a").find("overlap") != std::string::npos);
  CHECK(Error("status") ==
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status");
  CHECK(Error("a,") == "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"");
  CHECK(Error("a b") == "Invalid ProjectionExpression: Syntax error; token: \"b\", near: \"a b\"");
  CHECK(Error("#zz") ==
        "Invalid ProjectionExpression: An expression attribute name used in the document path is not "
        "defined; attribute name: #zz");
}

}  // namespace
}  // namespace eddy::expr

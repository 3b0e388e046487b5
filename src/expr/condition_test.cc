#include "expr/condition.h"

#include "expr/parser.h"

#include "expr/test_util.h"

namespace eddy::expr {
namespace {

using namespace testing;

struct Fixture {
  std::map<std::string, std::string> names{{"#n", "name"}, {"#s", "status"}, {"#dot", "a.b"}};
  AttributeMap values{{":s", S("abc")}, {":s2", S("b")},   {":n", N("5")},     {":n2", N("10")},
                      {":b", B("\x01\x02")},           {":l", L({S("x"), N("1")})},
                      {":t", Bool(true)},             {":null", Null()},  {":type", S("SS")},
                      {":badtype", S("XX")},          {":ss", SS({"a"})}, {":m", M({{"k", S("v")}})}};
  Item item{{"s", S("abc")},
            {"n", N("5")},
            {"b", B("\x01\x02\x03")},
            {"ss", SS({"x", "y"})},
            {"ns", NS({"1", "2"})},
            {"bs", BS({"\x01", "\x02"})},
            {"l", L({S("x"), N("1"), M({{"k", S("v")}})})},
            {"m", M({{"k", S("v")}, {"kid", M({{"deep", N("7")}})}})},
            {"t", Bool(true)},
            {"nul", Null()},
            {"name", S("eddy")},
            {"nm", S("eddy")},
            {"status", S("ok")},
            {"a.b", N("1")}};

  // Syntax only (names and values as written), for round trips.
  std::string Reprint(std::string_view text) {
    return Parser(text, "ConditionExpression").ParseWholeCondition().ToString();
  }
  Condition Parse(std::string_view text) {
    Substitutions subs(&names, &values);
    return Condition::Parse(text, "ConditionExpression", subs);
  }
  bool Eval(std::string_view text) { return Parse(text).Evaluate(item); }
  bool EvalEmpty(std::string_view text) { return Parse(text).Evaluate({}); }
  std::string Error(std::string_view text) {
    return ErrorOf([&] { Parse(text); });
  }
};

TEST_CASE_FIXTURE(Fixture, "round trips through ToString") {
  for (std::string_view text : {
           "a = :n",
           "a <> :n",
           "a.b[2].c < :n",
           "#n >= :s",
           "a BETWEEN :n AND :n2",
           "a IN (:n, :n2, :s)",
           "attribute_exists(a)",
           "NOT attribute_not_exists(a.b)",
           "begins_with(a, :s)",
           "size(a) > :n",
           "a = :n AND b = :n OR c = :n",
           "a = :n AND (b = :n OR c = :n)",
           "NOT (a = :n AND b = :n)",
           "contains(l, size(m))",
           "a = :n AND b = :n AND c = :n",
           "a = :n OR b = :n OR c = :n",
       }) {
    CHECK(Reprint(text) == text);
  }
  CHECK(Reprint("a=:n and(b=:n)") == "a = :n AND b = :n");
  CHECK(Reprint("((a = :n) OR b = :n) AND c = :n") == "(a = :n OR b = :n) AND c = :n");
  CHECK(Reprint("not not a = :n") == "NOT NOT a = :n");
}

TEST_CASE_FIXTURE(Fixture, "precedence: NOT > AND > OR") {
  // true OR (false AND false) == true; (true OR false) AND false == false.
  CHECK(Eval("s = :s OR n = :s AND n = :s"));
  CHECK_FALSE(Eval("(s = :s OR n = :s) AND n = :s"));
  CHECK(Eval("NOT n = :s AND s = :s"));
  CHECK_FALSE(Eval("NOT (n = :n AND s = :s)"));
}

TEST_CASE_FIXTURE(Fixture, "comparisons") {
  CHECK(Eval("s = :s"));
  CHECK(Eval("n = :n"));
  CHECK(Eval("n < :n2"));
  CHECK(Eval("n <= :n"));
  CHECK_FALSE(Eval("n > :n"));
  CHECK(Eval("n >= :n"));
  CHECK(Eval("s < :s2"));  // "abc" < "b"
  CHECK(Eval("b > :b"));   // binary prefix sorts first
  CHECK(Eval("l = :l") == false);
  CHECK(Eval("m.k = :s") == false);
  CHECK(Eval("m = :m") == false);
  CHECK(Eval("t = :t"));
  CHECK(Eval("nul = :null"));
  CHECK(Eval("ss <> :ss"));
  // Different types: = false, <> true, ordering false (not an error).
  CHECK_FALSE(Eval("n = :s"));
  CHECK(Eval("n <> :s"));
  CHECK_FALSE(Eval("n < :s"));
  CHECK_FALSE(Eval("s > :n"));
  // A missing attribute: everything false except <>.
  CHECK_FALSE(Eval("zzz = :n"));
  CHECK(Eval("zzz <> :n"));
  CHECK_FALSE(Eval("zzz < :n"));
  CHECK_FALSE(EvalEmpty("s = :s"));
  CHECK(EvalEmpty("s <> :s"));
  // Path against path.
  CHECK(Eval("s < nm"));
  // Number comparison is numeric, not textual.
  values[":big"] = N("100");
  CHECK(Eval("n < :big"));
  CHECK(Eval("m.kid.deep > n"));
}

TEST_CASE_FIXTURE(Fixture, "nested paths and substitutions") {
  values[":one"] = N("1");
  values[":v"] = S("v");
  CHECK(Eval("l[1] = :one"));
  CHECK(Eval("l[2].k = :v"));
  CHECK(Eval("m.k = :v"));
  CHECK_FALSE(Eval("l[3] = :one"));
  CHECK_FALSE(Eval("s[0] = :one"));
  CHECK_FALSE(Eval("s.k = :one"));
  values[":eddy"] = S("eddy");
  CHECK(Eval("#n = :eddy"));
  values[":ok"] = S("ok");
  CHECK(Eval("#s = :ok"));
  CHECK(Eval("#dot = :one"));  // a dot inside a substituted name is literal
}

TEST_CASE_FIXTURE(Fixture, "BETWEEN and IN") {
  values[":one"] = N("1");
  CHECK(Eval("n BETWEEN :n AND :n2"));
  CHECK(Eval("n BETWEEN :one AND :n"));
  CHECK_FALSE(Eval("n2 BETWEEN :one AND :n"));
  CHECK_FALSE(Eval("s BETWEEN :n AND :n2"));
  CHECK(Eval("s BETWEEN :s AND :s2"));
  CHECK(Eval("n IN (:s, :n)"));
  CHECK_FALSE(Eval("n IN (:s, :n2)"));
  CHECK_FALSE(Eval("zzz IN (:s, :n2)"));
  CHECK(Eval("l IN (:l, l)"));
}

TEST_CASE_FIXTURE(Fixture, "functions") {
  CHECK(Eval("attribute_exists(s)"));
  CHECK(Eval("attribute_exists(m.kid.deep)"));
  CHECK_FALSE(Eval("attribute_exists(m.kid.nothing)"));
  CHECK(Eval("attribute_not_exists(zzz)"));
  CHECK(EvalEmpty("attribute_not_exists(s)"));
  CHECK_FALSE(EvalEmpty("attribute_exists(s)"));

  CHECK(Eval("attribute_type(ss, :type)"));
  CHECK_FALSE(Eval("attribute_type(s, :type)"));
  CHECK_FALSE(Eval("attribute_type(zzz, :type)"));

  values[":a"] = S("a");
  values[":bin1"] = B("\x01");
  CHECK(Eval("begins_with(s, :a)"));
  CHECK_FALSE(Eval("begins_with(s, :s2)"));
  CHECK(Eval("begins_with(b, :bin1)"));
  CHECK_FALSE(Eval("begins_with(b, :a)"));  // type mismatch: false
  CHECK_FALSE(Eval("begins_with(n, :a)"));
  CHECK_FALSE(Eval("begins_with(zzz, :a)"));

  values[":x"] = S("x");
  values[":one"] = N("1");
  values[":bc"] = S("bc");
  CHECK(Eval("contains(s, :bc)"));
  CHECK_FALSE(Eval("contains(s, :x)"));
  CHECK(Eval("contains(ss, :x)"));
  CHECK_FALSE(Eval("contains(ss, :a)"));
  CHECK(Eval("contains(ns, :one)"));
  CHECK_FALSE(Eval("contains(ns, :x)"));
  CHECK(Eval("contains(bs, :bin1)"));
  CHECK(Eval("contains(l, :x)"));
  CHECK(Eval("contains(l, :one)"));
  CHECK(Eval("contains(l, :m)"));
  CHECK_FALSE(Eval("contains(m, :x)"));
  CHECK_FALSE(Eval("contains(n, :one)"));

  values[":three"] = N("3");
  values[":two"] = N("2");
  CHECK(Eval("size(s) = :three"));
  CHECK(Eval("size(b) = :three"));
  CHECK(Eval("size(ss) = :two"));
  CHECK(Eval("size(ns) = :two"));
  CHECK(Eval("size(l) = :three"));
  CHECK(Eval("size(m) = :two"));
  CHECK_FALSE(Eval("size(n) = :one"));  // size of a number is undefined
  CHECK_FALSE(Eval("size(zzz) = :one"));
  CHECK(Eval("size(zzz) <> :one"));
  CHECK(Eval("size(l) BETWEEN :one AND :three"));
}

TEST_CASE_FIXTURE(Fixture, "syntax errors") {
  CHECK(Error("") == "Invalid ConditionExpression: The expression can not be empty;");
  CHECK(Error("a = = :n") == "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :n\"");
  CHECK(Error("a =") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  CHECK(Error("a") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
  CHECK(Error("_a = :n") == "Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_a\"");
  CHECK(Error("a != :n") == "Invalid ConditionExpression: Syntax error; token: \"!\", near: \"a !=\"");
  CHECK(Error("a = :n b") == "Invalid ConditionExpression: Syntax error; token: \"b\", near: \":n b\"");
  CHECK(Error("(a = :n") == "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \":n\"");
  CHECK(Error("a[:n] = :n").starts_with("Invalid ConditionExpression: Syntax error; token: \":n\""));
  CHECK(Error("a BETWEEN :n OR :n2").starts_with("Invalid ConditionExpression: Syntax error; token: \"OR\""));
  CHECK(Error("a IN ()").starts_with("Invalid ConditionExpression: Syntax error; token: \")\""));
  CHECK(Error("# = :n").starts_with("Invalid ConditionExpression: Syntax error; token: \"#\""));
  CHECK(Error("((a = :n))") == "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(Error("((a)) = :n") == "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(Error("(size(a)) = :n OR (a) BETWEEN (:n) AND :n2 OR (a) IN ((:n), :n2)") == "");
  CHECK(Error("a = (size((b)))") == "");
  // Syntax errors are reported before reserved words and redundant parentheses.
  CHECK(Error("((status = :n)) AND").starts_with("Invalid ConditionExpression: Syntax error"));
  CHECK(Error("((status = :n))") == "Invalid ConditionExpression: The expression has redundant parentheses;");
  CHECK(Error("((a = :n) AND (b = :n))") == "");
}

TEST_CASE_FIXTURE(Fixture, "size limit") {
  std::string text = "a = :n";
  text += std::string(4096 - text.size(), ' ');
  CHECK(Error(text) == "");
  CHECK(Error(text + " ") ==
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; "
        "expression size: 4097");
}

TEST_CASE_FIXTURE(Fixture, "depth limit") {
  std::string deep(Parser::kMaxDepth + 5, '(');
  CHECK(Error(deep + "a = :n") == "Invalid ConditionExpression: The expression is nested too deeply;");
  std::string nots;
  for (int i = 0; i < 500; ++i) nots += "NOT ";
  CHECK(Error(nots + "a = :n") == "Invalid ConditionExpression: The expression is nested too deeply;");
  std::string path = "a";
  for (int i = 0; i < 32; ++i) path += ".b";
  CHECK(Error(path + " = :n") ==
        "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33");
}

TEST_CASE_FIXTURE(Fixture, "reserved words and substitution errors") {
  CHECK(Error("status = :s") ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
  CHECK(Error("a.Size = :s") ==
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Size");
  CHECK(Error("#s = :s") == "");
  CHECK(Error("#zz = :s") ==
        "Invalid ConditionExpression: An expression attribute name used in the document path is not "
        "defined; attribute name: #zz");
  CHECK(Error("a = :zz") ==
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
        "attribute value: :zz");
}

TEST_CASE_FIXTURE(Fixture, "function validation errors") {
  CHECK(Error("foo(a)") == "Invalid ConditionExpression: Invalid function name; function: foo");
  CHECK(Error("Attribute_Exists(a)") ==
        "Invalid ConditionExpression: Invalid function name; function: Attribute_Exists");
  CHECK(Error("attribute_exists(a, b)") ==
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
        "operator or function: attribute_exists, number of operands: 2");
  CHECK(Error("attribute_exists(:n)") ==
        "Invalid ConditionExpression: Operator or function requires a document path; operator or "
        "function: attribute_exists");
  CHECK(Error("size(a)") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: size");
  CHECK(Error("attribute_exists(a) = :n") ==
        "Invalid ConditionExpression: The function is not allowed to be used this way in an "
        "expression; function: attribute_exists");
  CHECK(Error("a = if_not_exists(a, :n)") ==
        "Invalid ConditionExpression: The function is not allowed in a condition expression; "
        "function: if_not_exists");
  CHECK(Error("begins_with(a, :n)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: begins_with, operand type: N");
  CHECK(Error("attribute_type(a, :badtype)") ==
        "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: "
        "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
  CHECK(Error("attribute_type(a, :n)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: attribute_type, operand type: N");
  // Ordering against a constant that has no order (a list) is rejected up
  // front, as DynamoDB does; against a path it is simply false at run time.
  CHECK(Error("a < :l") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: <, operand type: L");
  CHECK(Error("a < b") == "");
  CHECK(Error("a BETWEEN :l AND :l") == "");
  CHECK(Error("a = a") ==
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands "
        "for this operator or function; operator: =, first operand: [a]");
  CHECK(Error("begins_with(a.b, a.b)") ==
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands "
        "for this operator or function; operator: begins_with, first operand: [a, b]");
  CHECK(Error("size(:n) = :n") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: size, operand type: N");
  CHECK(Error("size(size(a)) = :n") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: size, operand type: N");
  CHECK(Error("begins_with(size(a), :s)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: begins_with, operand type: N");
  CHECK(Error("attribute_type(a, b)") ==
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or "
        "function: attribute_type, operand type: {NS,SS,L,BS,N,M,B,BOOL,NULL,S}");
  CHECK(Error("a BETWEEN :n2 AND :n") ==
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
        "equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:5}");
  CHECK(Error("a BETWEEN :n AND :s") ==
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper "
        "bounds; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {S:abc}");
  std::string in = "a IN (:n";
  for (int i = 0; i < 100; ++i) in += ", :n";
  CHECK(Error(in + ")") ==
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of "
        "operands: 101");
  CHECK(Error("a IN (:n" + std::string(", :n") + ")") == "");
}

TEST_CASE("FilterExpression names itself in errors") {
  Substitutions subs(nullptr, nullptr);
  CHECK(ErrorOf([&] { Condition::Parse("a = :v", "FilterExpression", subs); }) ==
        "Invalid FilterExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :v");
}

TEST_CASE("Substitutions reports unused names and values") {
  std::map<std::string, std::string> names{{"#a", "a"}, {"#b", "b"}, {"#c", "c"}};
  AttributeMap values{{":x", testing::N("1")}, {":y", testing::N("2")}};
  Substitutions subs(&names, &values);
  Condition::Parse("#a = :x", "ConditionExpression", subs);
  CHECK(ErrorOf([&] { subs.CheckAllUsed(); }) ==
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b, #c}");
  Condition::Parse("#b = #c", "ConditionExpression", subs);
  CHECK(ErrorOf([&] { subs.CheckAllUsed(); }) ==
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:y}");
  Condition::Parse("#b = :y", "ConditionExpression", subs);
  CHECK(ErrorOf([&] { subs.CheckAllUsed(); }) == "");
}

}  // namespace
}  // namespace eddy::expr

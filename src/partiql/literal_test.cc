#include "partiql/parser.h"

#include "partiql/test_util.h"

namespace eddy::partiql {
namespace {

using namespace testing;

TEST_CASE("strings: '' escapes a quote; double quotes are names") {
  CHECK(LiteralOf("'it''s'") == S("it's"));
  CHECK(LiteralOf("''") == S(""));
  CHECK(LiteralOf("''''") == S("'"));
  CHECK(LiteralOf("'a\"b'") == S("a\"b"));
  CHECK(LiteralOf("'héllo 🎵'") == S("héllo 🎵"));
  Statement s = Parse("SELECT * FROM t WHERE \"it\"\"s\" = 1");
  CHECK(s.where->operands[0].path[0].name == "it\"s");
}

TEST_CASE("numbers: integers, decimals, exponents, signs, normalized") {
  CHECK(LiteralOf("1") == N("1"));
  CHECK(LiteralOf("-17") == N("-17"));
  CHECK(LiteralOf("+3") == N("3"));
  CHECK(LiteralOf("- -3") == N("3"));
  CHECK(LiteralOf("1.50") == N("1.5"));
  CHECK(LiteralOf(".5") == N("0.5"));
  CHECK(LiteralOf("5.") == N("5"));
  CHECK(LiteralOf("1e3") == N("1000"));
  CHECK(LiteralOf("1E+3") == N("1000"));
  CHECK(LiteralOf("-2.5e-3") == N("-0.0025"));
  CHECK(LiteralOf("0") == N("0"));
  CHECK(LiteralOf("-0") == N("0"));
  CHECK(LiteralOf("12345678901234567890123456789012345678") == N("12345678901234567890123456789012345678"));
  CHECK(LiteralOf("9.9999999999999999999999999999999999999e125").type == AttributeType::kNumber);
  CHECK(LiteralOf("1e-130") == N("1e-130"));
}

TEST_CASE("booleans and null, any case") {
  CHECK(LiteralOf("TRUE") == AttributeValue::Bool(true));
  CHECK(LiteralOf("false") == AttributeValue::Bool(false));
  CHECK(LiteralOf("nUlL") == AttributeValue::Null());
}

TEST_CASE("lists and maps, empty and nested") {
  CHECK(LiteralOf("[]") == AttributeValue::List({}));
  CHECK(LiteralOf("{}") == AttributeValue::Map({}));
  CHECK(LiteralOf("[1, 'a', [TRUE, NULL], {'k': []}]") ==
        AttributeValue::List({N("1"), S("a"),
                              AttributeValue::List({AttributeValue::Bool(true), AttributeValue::Null()}),
                              AttributeValue::Map({{"k", AttributeValue::List({})}})}));
  CHECK(LiteralOf("{'a': {'b': {'c': 1}}, 'it''s': 'x'}") ==
        AttributeValue::Map({{"a", AttributeValue::Map({{"b", AttributeValue::Map({{"c", N("1")}})}})},
                             {"it's", S("x")}}));
}

TEST_CASE("sets: strings and numbers, sorted and normalized") {
  CHECK(LiteralOf("<<'b', 'a'>>") == AttributeValue::StringSet({"a", "b"}));
  CHECK(LiteralOf("<<3, -1, 2.50>>") ==
        AttributeValue::NumberSet({Number::Parse("-1"), Number::Parse("2.5"), Number::Parse("3")}));
  CHECK(LiteralOf("<<''>>") == AttributeValue::StringSet({""}));
  CHECK(LiteralOf("[<<1>>, <<'x'>>]").as_list()[1].type == AttributeType::kStringSet);
}

TEST_CASE("literals DynamoDB refuses") {
  const std::string bag_type =
      "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";
  CHECK(Error("SELECT * FROM t WHERE x = <<>>") == "Empty bags are not supported");
  CHECK(Error("SELECT * FROM t WHERE x = <<1, 'a'>>") == bag_type);
  CHECK(Error("SELECT * FROM t WHERE x = <<TRUE>>") == bag_type);
  CHECK(Error("SELECT * FROM t WHERE x = <<[1]>>") == bag_type);
  CHECK(Error("SELECT * FROM t WHERE x = <<'a', 'a'>>") ==
        "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
  CHECK(Error("SELECT * FROM t WHERE x = <<1, 1.0>>") == "Input collection contains duplicates");
  CHECK(Error("INSERT INTO t VALUE {'a': 1, 'a': 2}") == "Duplicate keys in tuple. Key: a under root");
  CHECK(Error("INSERT INTO t VALUE {'m': {'k': 1, 'k': 2}}") == "Duplicate keys in tuple. Key: k under root");
  CHECK(Error("INSERT INTO t VALUE {'m': {1: 2}}") ==
        "Tuple keys must be of type String. Actual type: DECIMAL under root");
  CHECK(Error("INSERT INTO t VALUE {'m': [1, ?]}") == "Unsupported data type: Parameter under key root[1]");
  CHECK(Error("INSERT INTO t VALUE {'m': {'x': a}}") == "Unsupported data type: VariableReference under key root.x");
  CHECK(Error("INSERT INTO t VALUE {'m': MISSING}") == "MISSING must be compared using IS operator");
}

TEST_CASE("numbers DynamoDB refuses, with the value's place (pinned against DynamoDB)") {
  const std::string overflow =
      "Number overflow. Attempting to store a number with magnitude larger than supported range";
  const std::string underflow =
      "Number underflow. Attempting to store a number with magnitude smaller than supported range";
  CHECK(Error("SELECT * FROM t WHERE pk = 1e126") == overflow + " under root");
  CHECK(Error("SELECT * FROM t WHERE pk = 1e-131") == underflow + " under root");
  CHECK(Error("SELECT * FROM t WHERE pk = 123456789012345678901234567890123456789") ==
        "Attempting to store more than 38 significant digits in a Number under root");
  CHECK(Error("INSERT INTO t VALUE {'pk': 1e126}") == overflow + " under root");
  CHECK(Error("UPDATE t SET a = 1e-131 WHERE pk = 1") == underflow + " under root");
  CHECK(Error("INSERT INTO t VALUE {'pk': 1, 'm': {'x': 1e126}}") == overflow + " under root.x");
  CHECK(Error("INSERT INTO t VALUE {'pk': 1, 'l': [1, 1e126]}") == overflow + " under root[1]");
  // Exponents and scales beyond 32 bits do not parse at all.
  CHECK(Error("SELECT * FROM t WHERE pk = 1e2147483648") == kMalformed);
  CHECK(Error("SELECT * FROM t WHERE pk = 1e99999999999") == kMalformed);
  CHECK(Error("SELECT * FROM t WHERE pk = 1.5e-2147483647") == kMalformed);
  CHECK(Error("SELECT * FROM t WHERE pk = 0e2147483647") == "");
  // "1 e5" is a number then a name.
  CHECK(Error("SELECT * FROM t WHERE pk = 1 e5") == kMalformed + "Unexpected token after expression");
}

TEST_CASE("nesting is bounded") {
  std::string deep = "SELECT * FROM t WHERE x = " + std::string(Parser::kMaxDepth, '[') +
                     std::string(Parser::kMaxDepth, ']');
  CHECK(Error(deep) == "");
  deep = "SELECT * FROM t WHERE x = " + std::string(Parser::kMaxDepth + 1, '[') +
         std::string(Parser::kMaxDepth + 1, ']');
  CHECK(Error(deep) == kMalformed + "Statement is nested too deeply");
  std::string parens = "SELECT * FROM t WHERE " + std::string(Parser::kMaxDepth + 1, '(') + "a = 1" +
                       std::string(Parser::kMaxDepth + 1, ')');
  CHECK(Error(parens) == kMalformed + "Statement is nested too deeply");
  std::string nots = "SELECT * FROM t WHERE ";
  for (int i = 0; i <= Parser::kMaxDepth; ++i) nots += "NOT ";
  CHECK(Error(nots + "a = 1") == kMalformed + "Statement is nested too deeply");
  // Far beyond the limit, still an error and not a crash.
  CHECK(Error("SELECT * FROM t WHERE x = " + std::string(4000, '{')) == kMalformed + "Statement is nested too deeply");
}

}  // namespace
}  // namespace eddy::partiql

#include "logs/filter_pattern.h"

#include <doctest/doctest.h>

namespace eddy::logs {
namespace {

bool Match(std::string_view pattern, std::string_view message) {
  std::string error;
  auto parsed = FilterPattern::Parse(pattern, &error);
  REQUIRE_MESSAGE(parsed, error);
  return parsed->Matches(message);
}

std::string ErrorOf(std::string_view pattern) {
  std::string error;
  CHECK_FALSE(FilterPattern::Parse(pattern, &error));
  return error;
}

}  // namespace

TEST_CASE("empty pattern matches everything") {
  CHECK(Match("", "anything"));
  CHECK(Match("   ", ""));
}

TEST_CASE("term patterns") {
  CHECK(Match("ERROR", "[ERROR] boom"));
  CHECK_FALSE(Match("ERROR", "[error] boom"));  // case-sensitive
  CHECK(Match("ERROR Exception", "ERROR: NullPointerException"));
  CHECK_FALSE(Match("ERROR Exception", "ERROR: nothing"));
  CHECK(Match("\"out of memory\"", "fatal: out of memory!"));
  CHECK_FALSE(Match("\"out of memory\"", "out of the memory"));
  CHECK(Match("?ERROR ?WARN", "WARN low disk"));
  CHECK(Match("?ERROR ?WARN", "ERROR x"));
  CHECK_FALSE(Match("?ERROR ?WARN", "INFO ok"));
  CHECK(Match("ERROR -DEBUG", "ERROR x"));
  CHECK_FALSE(Match("ERROR -DEBUG", "DEBUG ERROR x"));
  CHECK(Match("-DEBUG", "INFO"));
  CHECK_FALSE(Match("-DEBUG", "DEBUG"));
  CHECK(Match("START RequestId", "START RequestId: 1234 Version: $LATEST"));
  CHECK(ErrorOf("\"unclosed") == "Invalid filter pattern");
}

TEST_CASE("regex patterns") {
  CHECK(Match("%[Ee]rror%", "an error"));
  CHECK_FALSE(Match("%^Error%", "an Error"));
  CHECK(ErrorOf("%[%") == "Invalid filter pattern");
}

TEST_CASE("JSON patterns: strings and wildcards") {
  const char* event = R"({"eventType":"UpdateTrail","user":{"name":"ann","roles":["admin","dev"]},"n":null,"ok":true,"off":false,"code":200,"latency":1.5})";
  CHECK(Match(R"({ $.eventType = "UpdateTrail" })", event));
  CHECK(Match(R"({$.eventType = UpdateTrail})", event));
  CHECK_FALSE(Match(R"({ $.eventType = "Update" })", event));
  CHECK(Match(R"({ $.eventType = "Update*" })", event));
  CHECK(Match(R"({ $.eventType = "*Trail" })", event));
  CHECK(Match(R"({ $.eventType != "Other" })", event));
  CHECK_FALSE(Match(R"({ $.missing != "Other" })", event));
  CHECK(Match(R"({ $.user.name = "ann" })", event));
  CHECK(Match(R"({ $.user.roles[1] = "dev" })", event));
  CHECK_FALSE(Match(R"({ $.user.roles[2] = "dev" })", event));
  CHECK(Match(R"({ $.user.roles[*] = "admin" })", event));
  CHECK(Match(R"({ $.eventType = %Update.*% })", event));
}

TEST_CASE("JSON patterns: numbers, null, booleans, existence") {
  const char* event = R"({"code":200,"latency":1.5,"n":null,"ok":true,"off":false,"s":"200"})";
  CHECK(Match("{ $.code = 200 }", event));
  CHECK(Match("{ $.code != 404 }", event));
  CHECK(Match("{ $.code >= 200 }", event));
  CHECK_FALSE(Match("{ $.code > 200 }", event));
  CHECK(Match("{ $.latency < 2 }", event));
  CHECK(Match("{ $.latency <= 1.5 }", event));
  CHECK(Match("{ $.latency > 1e-3 }", event));
  CHECK(Match("{ $.s = 200 }", event));         // a number literal still matches the string's text
  CHECK_FALSE(Match("{ $.s > 100 }", event));   // ordering compares numbers only
  CHECK(Match("{ $.n IS NULL }", event));
  CHECK_FALSE(Match("{ $.code IS NULL }", event));
  CHECK(Match("{ $.ok IS TRUE }", event));
  CHECK(Match("{ $.off IS FALSE }", event));
  CHECK_FALSE(Match("{ $.ok IS FALSE }", event));
  CHECK(Match("{ $.nope NOT EXISTS }", event));
  CHECK_FALSE(Match("{ $.n NOT EXISTS }", event));
}

TEST_CASE("JSON patterns: && || and parentheses") {
  const char* event = R"({"a":1,"b":"x","c":{"d":[1,2,3]}})";
  CHECK(Match(R"({ $.a = 1 && $.b = "x" })", event));
  CHECK_FALSE(Match(R"({ $.a = 2 && $.b = "x" })", event));
  CHECK(Match(R"({ $.a = 2 || $.b = "x" })", event));
  CHECK(Match(R"({ ($.a = 2 || $.b = "x") && $.c.d[2] = 3 })", event));
  CHECK_FALSE(Match(R"({ ($.a = 2 || $.b = "y") && $.c.d[2] = 3 })", event));
  // && binds tighter than ||.
  CHECK(Match(R"({ $.a = 1 || $.a = 2 && $.b = "y" })", event));
}

TEST_CASE("JSON patterns only match JSON messages") {
  CHECK_FALSE(Match(R"({ $.a = 1 })", "START RequestId: x"));
  CHECK_FALSE(Match(R"({ $.a NOT EXISTS })", "plain text"));
  CHECK(Match(R"({ $.a NOT EXISTS })", "{}"));
}

TEST_CASE("invalid patterns") {
  CHECK(ErrorOf("{ $.a = 1") == "If a filter pattern starts with '{' it must end with '}'");
  CHECK(ErrorOf("{ }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ $.a }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ $.a = }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ $.a > \"x\" }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ ($.a = 1 }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ $.a = 1 && }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ a = 1 }") == "Invalid filter pattern");
  CHECK(ErrorOf("{ $.a IS MAYBE }") == "Invalid filter pattern");
  CHECK(ErrorOf("[ip, user]").find("space-delimited") != std::string::npos);
  CHECK(ErrorOf("{" + std::string(200, '(') + "$.a = 1" + std::string(200, ')') + "}") == "Invalid filter pattern");
}

TEST_CASE("glob") {
  CHECK(GlobMatch("*", ""));
  CHECK(GlobMatch("a*c", "abbbc"));
  CHECK(GlobMatch("a*b*c", "axxbyyc"));
  CHECK_FALSE(GlobMatch("a*c", "abcd"));
  CHECK(GlobMatch("abc", "abc"));
  CHECK_FALSE(GlobMatch("abc", "abcd"));
}

}  // namespace eddy::logs

#include <doctest/doctest.h>

#include "iam/form.h"

namespace eddy::iam {
namespace {

TEST_CASE("form components decode + and %20 as spaces, and keep a stray %") {
  CHECK(DecodeFormComponent("a+b%20c") == "a b c");
  CHECK(DecodeFormComponent("%7B%22k%22%3A1%7D") == "{\"k\":1}");
  CHECK(DecodeFormComponent("%2B") == "+");
  CHECK(DecodeFormComponent("100%") == "100%");
  CHECK(DecodeFormComponent("%zz%4") == "%zz%4");
  CHECK(DecodeFormComponent("%c3%a9") == "\xc3\xa9");
}

TEST_CASE("a form parses into names and values; lists stay flattened") {
  FormParams params;
  ParseForm("Action=CreateRole&Version=2010-05-08&Tags.member.1.Key=team&Tags.member.1.Value=a+b&Empty=&Bare&&",
            &params);
  CHECK(params.at("Action") == "CreateRole");
  CHECK(params.at("Tags.member.1.Key") == "team");
  CHECK(params.at("Tags.member.1.Value") == "a b");
  CHECK(params.at("Empty").empty());
  CHECK(params.at("Bare").empty());
  CHECK(params.size() == 6);
  ParseForm("Action=GetRole", &params);  // a later value wins
  CHECK(params.at("Action") == "GetRole");
}

TEST_CASE("percent-encoding leaves only unreserved characters and writes spaces as %20") {
  CHECK(PercentEncode("{\"a\": \"b+c~d_e.f-g\"}") == "%7B%22a%22%3A%20%22b%2Bc~d_e.f-g%22%7D");
  CHECK(DecodeFormComponent(PercentEncode("x y+z/\xc3\xa9")) == "x y+z/\xc3\xa9");
}

}  // namespace
}  // namespace eddy::iam

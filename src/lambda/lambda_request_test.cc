#include "lambda/lambda_request.h"

#include <doctest/doctest.h>

namespace eddy::lambda {
namespace {

TEST_CASE("paths and queries are percent-decoded") {
  CHECK(PathSegments("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/code") ==
        std::vector<std::string>{"2015-03-31", "functions", "arn:aws:lambda:us-east-1:000000000000:function:f",
                                 "code"});
  CHECK(PathSegments("/") == std::vector<std::string>{});
  CHECK(PercentDecode("a%2") == "a%2");
  CHECK(QueryParameter("Qualifier=%24LATEST&MaxItems=5", "Qualifier") == std::optional<std::string>("$LATEST"));
  CHECK(QueryParameter("MaxItems=5", "Marker") == std::nullopt);
  CHECK(QueryParameter("Marker", "Marker") == std::optional<std::string>(""));
}

TEST_CASE("a function is named by its name, its ARN or a partial ARN") {
  CHECK(FunctionNameOf("f-1_x", "us-east-1") == "f-1_x");
  CHECK(FunctionNameOf("arn:aws:lambda:us-east-1:000000000000:function:f", "us-east-1") == "f");
  CHECK(FunctionNameOf("arn:aws:lambda:us-east-1:000000000000:function:f:$LATEST", "us-east-1") == "f");
  CHECK(FunctionNameOf("000000000000:function:f", "us-east-1") == "f");
  CHECK(FunctionNameOf("f:$LATEST", "us-east-1") == "f");
  CHECK_THROWS_AS(FunctionNameOf("f:1", "us-east-1"), ApiError);  // no published versions
  CHECK_THROWS_AS(FunctionNameOf("bad name", "us-east-1"), ApiError);
  CHECK_THROWS_AS(FunctionNameOf(std::string(65, 'a'), "us-east-1"), ApiError);
}

TEST_CASE("constraint errors use Lambda's wording") {
  try {
    CheckRange(0, "timeout", 1, 900);
    FAIL("no error");
  } catch (const ApiError& e) {
    CHECK(e.type() == "ValidationException");
    CHECK(e.message() == "1 validation error detected: Value '0' at 'timeout' failed to satisfy constraint: Member "
                         "must have value greater than or equal to 1");
  }
  CHECK_THROWS_AS(JsonBody("[1]"), ApiError);
  CHECK(JsonBody("").object().IsObject());
  CHECK(JsonBody(R"({"Timeout": 3})").Integer("Timeout") == std::optional<int64_t>(3));
  CHECK_THROWS_AS(JsonBody(R"({"Timeout": "3"})").Integer("Timeout"), ApiError);
}

}  // namespace
}  // namespace eddy::lambda

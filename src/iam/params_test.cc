#include <doctest/doctest.h>

#include "core/api_error.h"
#include "iam/params.h"
#include "iam/policy_arn.h"

namespace eddy::iam {
namespace {

// The message ThrowIfInvalid throws, or "" when the request is valid.
std::string Problem(const Params& params, std::string* code = nullptr) {
  try {
    params.ThrowIfInvalid();
  } catch (const ApiError& e) {
    if (code) *code = e.type();
    return e.message();
  }
  return "";
}

TEST_CASE("a missing required parameter is 'Value null ... Member must not be null'") {
  Params params({});
  CHECK(params.Required("RoleName", rules::kEntityName).empty());
  std::string code;
  CHECK(Problem(params, &code) ==
        "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  CHECK(code == "ValidationError");
}

TEST_CASE("names are checked against IAM's pattern and length") {
  Params params(FormParams{{"RoleName", "bad name"}, {"PolicyName", std::string(129, 'p')}});
  params.Required("RoleName", rules::kEntityName);
  params.Required("PolicyName", rules::kPolicyName);
  CHECK(Problem(params) ==
        "2 validation errors detected: Value 'bad name' at 'roleName' failed to satisfy constraint: Member must "
        "satisfy regular expression pattern: [\\w+=,.@-]+; Value '" +
            std::string(129, 'p') +
            "' at 'policyName' failed to satisfy constraint: Member must have length less than or equal to 128");
  Params good(FormParams{{"RoleName", "lambda-ex_1+=,.@"}});
  good.Required("RoleName", rules::kEntityName);
  CHECK(Problem(good).empty());
}

TEST_CASE("paths: roles take any printable path between slashes, policies a stricter one") {
  for (const char* path : {"/", "/a/", "/a b/"}) {
    Params params(FormParams{{"Path", path}});
    params.Optional("Path", rules::kRolePath);
    CHECK_MESSAGE(Problem(params).empty() == (std::string(path) != "/a b/"), std::string(path));
  }
  for (const char* path : {"/", "/service-role/", "/a/b/"}) {
    Params params(FormParams{{"Path", path}});
    params.Optional("Path", rules::kPolicyPath);
    CHECK_MESSAGE(Problem(params).empty(), std::string(path));
  }
  for (const char* path : {"a/", "//", "/a", "/a!/"}) {
    Params params(FormParams{{"Path", path}});
    params.Optional("Path", rules::kPolicyPath);
    CHECK_MESSAGE(!Problem(params).empty(), std::string(path));
  }
}

TEST_CASE("integers are range-checked") {
  Params params(FormParams{{"MaxSessionDuration", "100"}, {"MaxItems", "x"}});
  CHECK(params.OptionalInt("MaxSessionDuration", 3600, 43200) == 100);
  params.OptionalInt("MaxItems", 1, 1000);
  CHECK(Problem(params) ==
        "2 validation errors detected: Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must "
        "have value greater than or equal to 3600; Value 'x' at 'maxItems' failed to satisfy constraint: Member must "
        "be a number");
}

TEST_CASE("tags are read from their flattened list and checked") {
  Params params(FormParams{{"Tags.member.1.Key", "team"},
                 {"Tags.member.1.Value", "a b"},
                 {"Tags.member.2.Key", "Empty"},
                 {"Tags.member.2.Value", ""}});
  const std::vector<Tag> tags = params.Tags("Tags");
  REQUIRE(tags.size() == 2);
  CHECK(tags[0].key == "team");
  CHECK(tags[0].value == "a b");
  CHECK(tags[1].value.empty());
  CHECK(Problem(params).empty());

  Params bad(FormParams{{"Tags.member.1.Key", "a!"}, {"Tags.member.1.Value", "v"}});
  bad.Tags("Tags");
  CHECK(Problem(bad) ==
        "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy "
        "regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");

  Params duplicate(FormParams{{"Tags.member.1.Key", "Team"},
                    {"Tags.member.1.Value", "a"},
                    {"Tags.member.2.Key", "team"},
                    {"Tags.member.2.Value", "b"}});
  duplicate.Tags("Tags");
  std::string code;
  CHECK(Problem(duplicate, &code) == "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
  CHECK(code == "InvalidInput");

  FormParams many;
  for (int i = 1; i <= 51; ++i) {
    many["Tags.member." + std::to_string(i) + ".Key"] = "k" + std::to_string(i);
    many["Tags.member." + std::to_string(i) + ".Value"] = "v";
  }
  Params too_many(std::move(many));
  too_many.Tags("Tags");
  CHECK(Problem(too_many) ==
        "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less "
        "than or equal to 50");
}

TEST_CASE("paging defaults to 100 items") {
  Params params(FormParams{{"Marker", "abc"}});
  const Params::Page page = params.Paging();
  CHECK(page.max_items == 100);
  CHECK(page.marker == "abc");
}

TEST_CASE("invalid UTF-8 is replaced before it can reach a message or the XML") {
  Params params(FormParams{{"Description", "a\xff"}});
  CHECK(*params.Find("Description") == "a\xef\xbf\xbd");
}

TEST_CASE("policy ARNs split into account, path and name") {
  auto aws = ParsePolicyArn("arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole");
  REQUIRE(aws);
  CHECK(aws->aws_managed());
  CHECK(aws->path == "/service-role/");
  CHECK(aws->name == "AWSLambdaDynamoDBExecutionRole");
  auto local = ParsePolicyArn("arn:aws:iam::000000000000:policy/p");
  REQUIRE(local);
  CHECK(local->account == "000000000000");
  CHECK(local->path == "/");
  CHECK_FALSE(ParsePolicyArn("longpolicynamebutnoarn"));
  CHECK_FALSE(ParsePolicyArn("arn:aws:iam::000000000000:role/r"));
  CHECK_FALSE(ParsePolicyArn("arn:aws:iam::000000000000:policy/"));
}

}  // namespace
}  // namespace eddy::iam

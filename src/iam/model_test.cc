#include <doctest/doctest.h>

#include "iam/model.h"

namespace eddy::iam {
namespace {

TEST_CASE("a role's stored form reads back the same role") {
  Role role;
  role.name = "lambda-ex";
  role.path = "/service/";
  role.id = "AROAABCDEFGHIJKLMNOPQ";
  role.create_millis = 1'796'637'600'000;
  role.assume_role_policy = R"({"Version":"2012-10-17"})";
  role.description = "d";
  role.max_session_duration = 7200;
  role.tags = {{"team", "a"}, {"empty", ""}};
  role.attached_policies = {"arn:aws:iam::aws:policy/AWSLambdaRole"};
  role.inline_policies = {{"p", "{}"}};
  auto back = RoleFromJson(RoleToJson(role));
  REQUIRE(back);
  CHECK(back->name == role.name);
  CHECK(back->path == role.path);
  CHECK(back->id == role.id);
  CHECK(back->create_millis == role.create_millis);
  CHECK(back->assume_role_policy == role.assume_role_policy);
  CHECK(back->description == role.description);
  CHECK(back->max_session_duration == 7200);
  REQUIRE(back->tags.size() == 2);
  CHECK(back->tags[1].key == "empty");
  CHECK(back->attached_policies == role.attached_policies);
  CHECK(back->inline_policies == role.inline_policies);
  CHECK(RoleArn(role) == "arn:aws:iam::000000000000:role/service/lambda-ex");
}

TEST_CASE("a policy's stored form reads back; malformed records read as nothing") {
  ManagedPolicy policy;
  policy.name = "reader";
  policy.id = "ANPAABCDEFGHIJKLMNOPQ";
  policy.document = "{}";
  auto back = PolicyFromJson(PolicyToJson(policy));
  REQUIRE(back);
  CHECK(back->name == "reader");
  CHECK_FALSE(back->description);
  CHECK(PolicyArn(policy) == "arn:aws:iam::000000000000:policy/reader");
  CHECK_FALSE(RoleFromJson("{"));
  CHECK_FALSE(RoleFromJson(R"({"v":2,"name":"x"})"));
  CHECK_FALSE(RoleFromJson(R"({"v":1,"name":"x"})"));
  CHECK_FALSE(PolicyFromJson("[]"));
}

}  // namespace
}  // namespace eddy::iam

// QueryApi end to end (form in, XML out) on an engine in a temporary
// directory. Messages and statuses are IAM's, as recorded by LocalStack's
// snapshot tests against the live service (tests/aws/services/iam/).
#include <doctest/doctest.h>

#include <memory>

#include "core/clock.h"
#include "engine/engine.h"
#include "iam/form.h"
#include "iam/query_api.h"
#include "testing/temp_dir.h"

namespace eddy::iam {
namespace {

constexpr std::string_view kTrust =
    R"({"Version": "2012-10-17","Statement": [{ "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})";
constexpr std::string_view kPolicy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem","Resource":"*"}]})";
constexpr std::string_view kDynamoDbExecution =
    "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole";

std::string Form(std::string_view text) { return PercentEncode(text); }

struct Harness {
  testing::TempDir dir;
  ManualClock clock{1'796'637'600'000};  // 2026-12-07T10:00:00Z
  std::unique_ptr<Engine> engine = Engine::Open({dir.path.string(), &clock});
  std::unique_ptr<QueryApi> api = std::make_unique<QueryApi>(*engine, "us-east-1");

  // Signed, with no credential scope unless given.
  ApiResponse Call(const std::string& body, std::string_view authorization = "AWS4-HMAC-SHA256 Credential=AKID") {
    ApiRequest request;
    request.body = body;
    request.content_type = "application/x-www-form-urlencoded; charset=utf-8";
    request.authorization = authorization;
    request.has_authorization = !authorization.empty();
    return api->Handle(request);
  }
  ApiResponse Iam(const std::string& params) { return Call("Version=2010-05-08&" + params); }
  ApiResponse CreateRole(const std::string& name, const std::string& extra = "") {
    return Iam("Action=CreateRole&RoleName=" + name + "&AssumeRolePolicyDocument=" + Form(kTrust) + extra);
  }
  void Restart() {
    api.reset();
    engine.reset();
    engine = Engine::Open({dir.path.string(), &clock});
    api = std::make_unique<QueryApi>(*engine, "us-east-1");
  }
};

bool Has(const ApiResponse& response, std::string_view text) {
  return response.body.find(text) != std::string::npos;
}

// Checks an error response's status, code and message.
void CheckError(const ApiResponse& response, int status, std::string_view code, std::string_view message) {
  CHECK(response.status == status);
  CHECK(response.content_type == "text/xml");
  CHECK_MESSAGE(Has(response, "<Code>" + std::string(code) + "</Code>"), response.body);
  CHECK_MESSAGE(Has(response, "<Message>" + std::string(message) + "</Message>"), response.body);
  CHECK(Has(response, "<Type>Sender</Type>"));
}

TEST_CASE("CreateRole answers the role; GetRole adds MaxSessionDuration and RoleLastUsed") {
  Harness iam;
  ApiResponse created = iam.CreateRole("lambda-ex", "&Description=for+the+lab&Tags.member.1.Key=team&Tags.member.1.Value=a");
  REQUIRE(created.status == 200);
  CHECK(created.content_type == "text/xml");
  CHECK(created.body.starts_with(
      "<CreateRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><CreateRoleResult><Role>"
      "<Path>/</Path><RoleName>lambda-ex</RoleName><RoleId>AROA"));
  CHECK(Has(created, "<Arn>arn:aws:iam::000000000000:role/lambda-ex</Arn>"));
  CHECK(Has(created, "<CreateDate>2026-12-07T10:00:00Z</CreateDate>"));
  CHECK(Has(created, "<AssumeRolePolicyDocument>" + PercentEncode(kTrust) + "</AssumeRolePolicyDocument>"));
  CHECK(Has(created, "<Description>for the lab</Description>"));
  CHECK(Has(created, "<Tags><member><Key>team</Key><Value>a</Value></member></Tags>"));
  CHECK_FALSE(Has(created, "MaxSessionDuration"));
  CHECK(Has(created, "<ResponseMetadata><RequestId>"));
  const size_t id_at = created.body.find("<RoleId>") + 8;
  const std::string role_id = created.body.substr(id_at, created.body.find("</RoleId>") - id_at);
  CHECK(role_id.size() == 21);

  ApiResponse got = iam.Iam("Action=GetRole&RoleName=LAMBDA-EX");  // names match regardless of case
  REQUIRE(got.status == 200);
  CHECK(Has(got, "<RoleId>" + role_id + "</RoleId>"));
  CHECK(Has(got, "<MaxSessionDuration>3600</MaxSessionDuration>"));
  CHECK(Has(got, "<RoleLastUsed/>"));
  CHECK(Has(got, "<RoleName>lambda-ex</RoleName>"));
}

TEST_CASE("CreateRole's errors") {
  Harness iam;
  REQUIRE(iam.CreateRole("r", "&Path=%2Fservice%2F&MaxSessionDuration=7200").status == 200);
  CheckError(iam.CreateRole("R"), 409, "EntityAlreadyExists", "Role with name r already exists.");
  CheckError(iam.Iam("Action=CreateRole&RoleName=x&AssumeRolePolicyDocument=%7Bnot"), 400, "MalformedPolicyDocument",
             "This policy contains invalid Json");
  CheckError(iam.CreateRole("a%20b"), 400, "ValidationError",
             "1 validation error detected: Value &apos;a b&apos; at &apos;roleName&apos; failed to satisfy "
             "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
  CheckError(iam.Iam("Action=CreateRole&RoleName=x"), 400, "ValidationError",
             "1 validation error detected: Value null at &apos;assumeRolePolicyDocument&apos; failed to satisfy "
             "constraint: Member must not be null");
  CheckError(iam.CreateRole("x", "&MaxSessionDuration=60"), 400, "ValidationError",
             "1 validation error detected: Value &apos;60&apos; at &apos;maxSessionDuration&apos; failed to satisfy "
             "constraint: Member must have value greater than or equal to 3600");
  ApiResponse got = iam.Iam("Action=GetRole&RoleName=r");
  CHECK(Has(got, "<Arn>arn:aws:iam::000000000000:role/service/r</Arn>"));
  CHECK(Has(got, "<MaxSessionDuration>7200</MaxSessionDuration>"));
}

TEST_CASE("GetRole and DeleteRole of a missing role are NoSuchEntity") {
  Harness iam;
  CheckError(iam.Iam("Action=GetRole&RoleName=nope"), 404, "NoSuchEntity", "The role with name nope cannot be found.");
  CheckError(iam.Iam("Action=DeleteRole&RoleName=nope"), 404, "NoSuchEntity",
             "The role with name nope cannot be found.");
}

TEST_CASE("ListRoles filters by path prefix and pages with Marker and MaxItems") {
  Harness iam;
  for (const char* name : {"c", "a", "B", "d"}) REQUIRE(iam.CreateRole(name).status == 200);
  REQUIRE(iam.CreateRole("e", "&Path=%2Fapp%2F").status == 200);
  ApiResponse all = iam.Iam("Action=ListRoles");
  CHECK(Has(all, "<IsTruncated>false</IsTruncated>"));
  CHECK(all.body.find("<RoleName>a<") < all.body.find("<RoleName>B<"));
  CHECK(all.body.find("<RoleName>B<") < all.body.find("<RoleName>c<"));
  CHECK_FALSE(Has(all, "RoleLastUsed"));

  ApiResponse app = iam.Iam("Action=ListRoles&PathPrefix=%2Fapp%2F");
  CHECK(Has(app, "<RoleName>e<"));
  CHECK_FALSE(Has(app, "<RoleName>a<"));

  ApiResponse first = iam.Iam("Action=ListRoles&MaxItems=2");
  CHECK(Has(first, "<IsTruncated>true</IsTruncated>"));
  const size_t at = first.body.find("<Marker>") + 8;
  const std::string marker = first.body.substr(at, first.body.find("</Marker>") - at);
  ApiResponse second = iam.Iam("Action=ListRoles&MaxItems=2&Marker=" + Form(marker));
  CHECK(Has(second, "<RoleName>c<"));
  CHECK(Has(second, "<RoleName>d<"));
  CHECK_FALSE(Has(second, "<RoleName>a<"));
  CHECK(Has(second, "<IsTruncated>true</IsTruncated>"));
}

TEST_CASE("the tutorial's AWS-managed policy attaches without being created") {
  Harness iam;
  REQUIRE(iam.CreateRole("lambda-ex").status == 200);
  ApiResponse attached = iam.Iam("Action=AttachRolePolicy&RoleName=lambda-ex&PolicyArn=" + Form(kDynamoDbExecution));
  REQUIRE(attached.status == 200);
  CHECK(attached.body.starts_with("<AttachRolePolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                                  "<ResponseMetadata>"));
  REQUIRE(iam.Iam("Action=AttachRolePolicy&RoleName=lambda-ex&PolicyArn=" + Form(kDynamoDbExecution)).status == 200);
  ApiResponse listed = iam.Iam("Action=ListAttachedRolePolicies&RoleName=lambda-ex");
  CHECK(Has(listed, "<AttachedPolicies><member><PolicyName>AWSLambdaDynamoDBExecutionRole</PolicyName><PolicyArn>" +
                        std::string(kDynamoDbExecution) + "</PolicyArn></member></AttachedPolicies>"));

  ApiResponse policy = iam.Iam("Action=GetPolicy&PolicyArn=" + Form(kDynamoDbExecution));
  CHECK(Has(policy, "<Description>Provides list and read access to DynamoDB streams"));
  CHECK(Has(policy, "<AttachmentCount>1</AttachmentCount>"));
  CHECK(Has(policy, "<PolicyId>ANPA"));
  ApiResponse version = iam.Iam("Action=GetPolicyVersion&VersionId=v1&PolicyArn=" + Form(kDynamoDbExecution));
  CHECK(Has(version, "dynamodb%3AGetRecords"));
  CHECK(Has(version, "<IsDefaultVersion>true</IsDefaultVersion>"));

  CheckError(iam.Iam("Action=DeleteRole&RoleName=lambda-ex"), 409, "DeleteConflict",
             "Cannot delete entity, must detach all policies first.");
  REQUIRE(iam.Iam("Action=DetachRolePolicy&RoleName=lambda-ex&PolicyArn=" + Form(kDynamoDbExecution)).status == 200);
  CheckError(iam.Iam("Action=DetachRolePolicy&RoleName=lambda-ex&PolicyArn=" + Form(kDynamoDbExecution)), 404,
             "NoSuchEntity", "Policy " + std::string(kDynamoDbExecution) + " was not found.");
  CHECK(iam.Iam("Action=DeleteRole&RoleName=lambda-ex").status == 200);
  CheckError(iam.Iam("Action=GetRole&RoleName=lambda-ex"), 404, "NoSuchEntity",
             "The role with name lambda-ex cannot be found.");
}

TEST_CASE("attaching a customer policy that does not exist, or a malformed ARN, fails as in IAM") {
  Harness iam;
  REQUIRE(iam.CreateRole("r").status == 200);
  CheckError(iam.Iam("Action=AttachRolePolicy&RoleName=r&PolicyArn=arn:aws:iam::000000000000:policy/missing"), 404,
             "NoSuchEntity", "Policy arn:aws:iam::000000000000:policy/missing does not exist or is not attachable.");
  CheckError(iam.Iam("Action=AttachRolePolicy&RoleName=r&PolicyArn=longpolicynamebutnoarn"), 400, "ValidationError",
             "ARN longpolicynamebutnoarn is not valid.");
  CheckError(iam.Iam("Action=AttachRolePolicy&RoleName=nobody&PolicyArn=" + Form(kDynamoDbExecution)), 404,
             "NoSuchEntity", "The role with name nobody cannot be found.");
  for (int i = 0; i < 10; ++i) {
    REQUIRE(iam.Iam("Action=AttachRolePolicy&RoleName=r&PolicyArn=arn:aws:iam::aws:policy/P" + std::to_string(i))
                .status == 200);
  }
  CheckError(iam.Iam("Action=AttachRolePolicy&RoleName=r&PolicyArn=arn:aws:iam::aws:policy/P10"), 409,
             "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10");
}

TEST_CASE("customer-managed policies: create, get, list, attach, delete") {
  Harness iam;
  ApiResponse created =
      iam.Iam("Action=CreatePolicy&PolicyName=reader&Description=reads&PolicyDocument=" + Form(kPolicy));
  REQUIRE(created.status == 200);
  const std::string arn = "arn:aws:iam::000000000000:policy/reader";
  CHECK(Has(created, "<Arn>" + arn + "</Arn>"));
  CHECK(Has(created, "<DefaultVersionId>v1</DefaultVersionId>"));
  CHECK(Has(created, "<IsAttachable>true</IsAttachable>"));
  CHECK(Has(created, "<PolicyId>ANPA"));
  CheckError(iam.Iam("Action=CreatePolicy&PolicyName=Reader&PolicyDocument=" + Form(kPolicy)), 409,
             "EntityAlreadyExists", "A policy called reader already exists. Duplicate names are not allowed.");
  CheckError(iam.Iam("Action=CreatePolicy&PolicyName=x&PolicyDocument=%5B%5D"), 400, "MalformedPolicyDocument",
             "This policy contains invalid Json");

  CHECK(Has(iam.Iam("Action=GetPolicy&PolicyArn=" + arn), "<Description>reads</Description>"));
  CHECK(Has(iam.Iam("Action=GetPolicyVersion&VersionId=v1&PolicyArn=" + arn), PercentEncode(kPolicy)));
  CheckError(iam.Iam("Action=GetPolicy&PolicyArn=arn:aws:iam::000000000000:policy/none"), 404, "NoSuchEntity",
             "Policy arn:aws:iam::000000000000:policy/none was not found.");

  ApiResponse local = iam.Iam("Action=ListPolicies&Scope=Local");
  CHECK(Has(local, "<PolicyName>reader</PolicyName>"));
  CHECK_FALSE(Has(local, "AWSLambda"));
  CHECK_FALSE(Has(local, "<Description>"));
  CHECK(Has(iam.Iam("Action=ListPolicies"), "<PolicyName>AWSLambdaBasicExecutionRole</PolicyName>"));
  CHECK_FALSE(Has(iam.Iam("Action=ListPolicies&Scope=Local&OnlyAttached=true"), "<member>"));

  REQUIRE(iam.CreateRole("r").status == 200);
  REQUIRE(iam.Iam("Action=AttachRolePolicy&RoleName=r&PolicyArn=" + arn).status == 200);
  CHECK(Has(iam.Iam("Action=ListPolicies&Scope=Local&OnlyAttached=true"), "<AttachmentCount>1</AttachmentCount>"));
  CheckError(iam.Iam("Action=DeletePolicy&PolicyArn=" + arn), 409, "DeleteConflict",
             "Cannot delete a policy attached to entities.");
  REQUIRE(iam.Iam("Action=DetachRolePolicy&RoleName=r&PolicyArn=" + arn).status == 200);
  CHECK(iam.Iam("Action=DeletePolicy&PolicyArn=" + arn).status == 200);
  CheckError(iam.Iam("Action=DeletePolicy&PolicyArn=" + arn), 404, "NoSuchEntity", "Policy " + arn + " was not found.");
}

TEST_CASE("inline policies are kept in the role and block its deletion") {
  Harness iam;
  REQUIRE(iam.CreateRole("r").status == 200);
  REQUIRE(iam.Iam("Action=PutRolePolicy&RoleName=r&PolicyName=p2&PolicyDocument=" + Form(kPolicy)).status == 200);
  REQUIRE(iam.Iam("Action=PutRolePolicy&RoleName=r&PolicyName=p1&PolicyDocument=" + Form(kPolicy)).status == 200);
  ApiResponse got = iam.Iam("Action=GetRolePolicy&RoleName=r&PolicyName=p1");
  CHECK(Has(got, "<GetRolePolicyResult><RoleName>r</RoleName><PolicyName>p1</PolicyName><PolicyDocument>" +
                     PercentEncode(kPolicy) + "</PolicyDocument></GetRolePolicyResult>"));
  CHECK(Has(iam.Iam("Action=ListRolePolicies&RoleName=r"),
            "<PolicyNames><member>p1</member><member>p2</member></PolicyNames><IsTruncated>false</IsTruncated>"));
  CheckError(iam.Iam("Action=PutRolePolicy&RoleName=r&PolicyName=p3&PolicyDocument=nope"), 400,
             "MalformedPolicyDocument", "This policy contains invalid Json");
  CheckError(iam.Iam("Action=DeleteRole&RoleName=r"), 409, "DeleteConflict",
             "Cannot delete entity, must delete policies first.");
  CheckError(iam.Iam("Action=GetRolePolicy&RoleName=r&PolicyName=p9"), 404, "NoSuchEntity",
             "The role policy with name p9 cannot be found.");
  REQUIRE(iam.Iam("Action=DeleteRolePolicy&RoleName=r&PolicyName=p1").status == 200);
  REQUIRE(iam.Iam("Action=DeleteRolePolicy&RoleName=r&PolicyName=p2").status == 200);
  CheckError(iam.Iam("Action=DeleteRolePolicy&RoleName=r&PolicyName=p2"), 404, "NoSuchEntity",
             "The role policy with name p2 cannot be found.");
  CHECK(iam.Iam("Action=DeleteRole&RoleName=r").status == 200);
}

TEST_CASE("UpdateAssumeRolePolicy replaces the trust policy; role tags are kept, merged and removed") {
  Harness iam;
  REQUIRE(iam.CreateRole("r").status == 200);
  const std::string trust = R"({"Version":"2012-10-17","Statement":[]})";
  REQUIRE(iam.Iam("Action=UpdateAssumeRolePolicy&RoleName=r&PolicyDocument=" + Form(trust)).status == 200);
  CHECK(Has(iam.Iam("Action=GetRole&RoleName=r"), PercentEncode(trust)));
  REQUIRE(iam.Iam("Action=TagRole&RoleName=r&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&"
                  "Tags.member.2.Value=2")
              .status == 200);
  REQUIRE(iam.Iam("Action=TagRole&RoleName=r&Tags.member.1.Key=A&Tags.member.1.Value=3").status == 200);
  CHECK(Has(iam.Iam("Action=ListRoleTags&RoleName=r"),
            "<Tags><member><Key>a</Key><Value>3</Value></member><member><Key>b</Key><Value>2</Value></member></Tags>"
            "<IsTruncated>false</IsTruncated>"));
  REQUIRE(iam.Iam("Action=UntagRole&RoleName=r&TagKeys.member.1=B").status == 200);
  CHECK_FALSE(Has(iam.Iam("Action=ListRoleTags&RoleName=r"), "<Key>b</Key>"));
  CheckError(iam.Iam("Action=ListRoleTags&RoleName=x"), 404, "NoSuchEntity", "The role with name x cannot be found.");
}

TEST_CASE("roles and policies survive a restart") {
  Harness iam;
  REQUIRE(iam.CreateRole("lambda-ex", "&Description=kept").status == 200);
  REQUIRE(iam.Iam("Action=AttachRolePolicy&RoleName=lambda-ex&PolicyArn=" + Form(kDynamoDbExecution)).status == 200);
  REQUIRE(iam.Iam("Action=PutRolePolicy&RoleName=lambda-ex&PolicyName=p&PolicyDocument=" + Form(kPolicy)).status ==
          200);
  REQUIRE(iam.Iam("Action=CreatePolicy&PolicyName=reader&PolicyDocument=" + Form(kPolicy)).status == 200);
  const std::string before = iam.Iam("Action=GetRole&RoleName=lambda-ex").body;
  iam.Restart();
  const std::string after = iam.Iam("Action=GetRole&RoleName=lambda-ex").body;
  // The same role; only the request id differs.
  CHECK(before.substr(0, before.find("<ResponseMetadata>")) == after.substr(0, after.find("<ResponseMetadata>")));
  CHECK(Has(iam.Iam("Action=ListAttachedRolePolicies&RoleName=lambda-ex"), std::string(kDynamoDbExecution)));
  CHECK(Has(iam.Iam("Action=ListRolePolicies&RoleName=lambda-ex"), "<member>p</member>"));
  CHECK(iam.Iam("Action=GetPolicy&PolicyArn=arn:aws:iam::000000000000:policy/reader").status == 200);
}

TEST_CASE("STS: GetCallerIdentity is the account's root; AssumeRole needs a stored role") {
  Harness iam;
  ApiResponse identity = iam.Call("Action=GetCallerIdentity&Version=2011-06-15");
  REQUIRE(identity.status == 200);
  CHECK(identity.body.starts_with("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                  "<GetCallerIdentityResult><UserId>000000000000</UserId><Account>000000000000"
                                  "</Account><Arn>arn:aws:iam::000000000000:root</Arn></GetCallerIdentityResult>"));
  REQUIRE(iam.CreateRole("r").status == 200);
  ApiResponse assumed =
      iam.Call("Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/r&RoleSessionName=s1");
  REQUIRE(assumed.status == 200);
  CHECK(Has(assumed, "<AccessKeyId>ASIA"));
  CHECK(Has(assumed, "<Expiration>2026-12-07T11:00:00Z</Expiration>"));
  CHECK(Has(assumed, "<Arn>arn:aws:sts::000000000000:assumed-role/r/s1</Arn>"));
  ApiResponse denied =
      iam.Call("Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/none&RoleSessionName=s1");
  CheckError(denied, 403, "AccessDenied",
             "User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: "
             "arn:aws:iam::000000000000:role/none");
  CHECK(Has(denied, "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\""));
  CheckError(iam.Call("Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::000000000000:role/r&"
                      "RoleSessionName=s1&DurationSeconds=7200"),
             400, "ValidationError",
             "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
}

TEST_CASE("the service comes from Version, else from the credential scope") {
  Harness iam;
  const std::string sts_scope = "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/sts/aws4_request, Signature=0";
  const std::string iam_scope = "AWS4-HMAC-SHA256 Credential=x/20240101/us-east-1/iam/aws4_request, Signature=0";
  CHECK(iam.Call("Action=GetCallerIdentity", sts_scope).status == 200);
  CHECK(iam.Call("Action=GetCallerIdentity").status == 200);  // no scope: known only to STS
  CheckError(iam.Call("Action=GetCallerIdentity", iam_scope), 400, "InvalidAction",
             "Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED");
  CheckError(iam.Call("Action=ListRoles&Version=2011-06-15"), 400, "InvalidAction",
             "Could not find operation ListRoles for version 2011-06-15");
  CheckError(iam.Iam("Action=CreateUser&UserName=u"), 400, "InvalidAction",
             "Could not find operation CreateUser for version 2010-05-08");
  CheckError(iam.Iam("RoleName=r"), 400, "MissingAction", "Missing Action");
}

TEST_CASE("an unsigned call is refused: a web page could send it without a preflight") {
  Harness iam;
  CheckError(iam.Call("Version=2010-05-08&Action=ListRoles", ""), 403, "MissingAuthenticationToken",
             "Request is missing Authentication Token");
}

}  // namespace
}  // namespace eddy::iam

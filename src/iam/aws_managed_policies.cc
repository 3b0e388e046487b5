#include "iam/aws_managed_policies.h"

#include "core/fnv.h"

namespace eddy::iam {
namespace {

// Each with one version, v1, as IAM lists them.
const std::vector<AwsManagedPolicy>& Known() {
  static const std::vector<AwsManagedPolicy> kPolicies = {
      {"AWSLambdaBasicExecutionRole", "/service-role/", "ANPAJNCQGXC42545SKXIK",
       "Provides write permissions to CloudWatch Logs.", "2015-04-09T15:03:43Z",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup",)"
       R"("logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
      {"AWSLambdaDynamoDBExecutionRole", "/service-role/", "ANPAIP7WNAGMIPYNW4WQG",
       "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.",
       "2015-04-09T15:09:29Z",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:DescribeStream",)"
       R"("dynamodb:GetRecords","dynamodb:GetShardIterator","dynamodb:ListStreams","logs:CreateLogGroup",)"
       R"("logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]})"},
      {"AWSLambdaInvocation-DynamoDB", "/", "ANPAJTHQ3EKCQALQDYG5G", "Provides read access to DynamoDB Streams.",
       "2015-02-06T18:40:47Z",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],)"
       R"("Resource":"*"},{"Effect":"Allow","Action":["dynamodb:DescribeStream","dynamodb:GetRecords",)"
       R"("dynamodb:GetShardIterator","dynamodb:ListStreams"],"Resource":"*"}]})"},
      {"AWSLambdaRole", "/service-role/", "ANPAJX4DPCRGTC4NFDUXI", "Default policy for AWS Lambda service role.",
       "2015-02-06T18:41:28Z",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:InvokeFunction"],)"
       R"("Resource":["*"]}]})"},
      {"AWSLambdaExecute", "/", "ANPAJE5FX7FQZSU5XAKGO",
       "Provides Put, Get access to S3 and full access to CloudWatch Logs.", "2015-02-06T18:40:46Z",
       R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:*"],)"
       R"("Resource":"arn:aws:logs:*:*:*"},{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],)"
       R"("Resource":"arn:aws:s3:::*"}]})"},
      {"AmazonDynamoDBFullAccess", "/", "", "Provides full access to Amazon DynamoDB via the AWS Management Console.",
       "2015-02-06T18:40:11Z", ""},
      {"AmazonDynamoDBReadOnlyAccess", "/", "",
       "Provides read only access to Amazon DynamoDB via the AWS Management Console.", "2015-02-06T18:40:12Z", ""},
  };
  return kPolicies;
}

// A stable ANPA id from the ARN, for the policies whose real id eddy does
// not know: the same ARN always answers the same id.
std::string DerivedId(std::string_view path, std::string_view name) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  uint64_t hash = Fnv1a64(name, Fnv1a64(path));
  std::string id = "ANPA";
  for (int i = 0; i < 17; ++i) {
    id.push_back(kAlphabet[hash % 32]);
    hash = hash / 32 ^ (hash << 59);
  }
  return id;
}

AwsManagedPolicy WithId(AwsManagedPolicy policy) {
  if (policy.id.empty()) policy.id = DerivedId(policy.path, policy.name);
  return policy;
}

}  // namespace

AwsManagedPolicy DescribeAwsManagedPolicy(const ParsedPolicyArn& arn) {
  for (const AwsManagedPolicy& known : Known()) {
    if (known.name == arn.name && known.path == arn.path) return WithId(known);
  }
  return WithId({arn.name, arn.path, "", "", "2015-02-06T18:40:00Z", ""});
}

std::vector<AwsManagedPolicy> KnownAwsManagedPolicies() {
  std::vector<AwsManagedPolicy> policies;
  for (const AwsManagedPolicy& known : Known()) policies.push_back(WithId(known));
  return policies;
}

}  // namespace eddy::iam

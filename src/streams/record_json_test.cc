#include <doctest/doctest.h>

#include "streams/record_json.h"

namespace eddy::streams {

TEST_CASE("GetRecords records carry awsRegion around the engine's members") {
  std::string out;
  AppendApiRecord(R"("us-east-1")", R"("eventName":"INSERT","dynamodb":{})", &out);
  CHECK(out == R"({"awsRegion":"us-east-1","eventName":"INSERT","dynamodb":{}})");
}

TEST_CASE("Lambda event records add eventSourceARN and spell a TTL delete's identity Lambda's way") {
  std::string out;
  AppendLambdaRecord(R"("us-east-1")", R"("arn:s")", R"("eventName":"INSERT","dynamodb":{})", &out);
  CHECK(out == R"({"awsRegion":"us-east-1","eventSourceARN":"arn:s","eventName":"INSERT","dynamodb":{}})");
  out.clear();
  AppendLambdaRecord(R"("us-east-1")", R"("arn:s")",
                     R"("eventName":"REMOVE","dynamodb":{},"userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"})",
                     &out);
  CHECK(out == R"({"awsRegion":"us-east-1","eventSourceARN":"arn:s","eventName":"REMOVE","dynamodb":{},)"
               R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"}})");
}

}  // namespace eddy::streams

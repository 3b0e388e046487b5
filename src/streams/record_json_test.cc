#include <doctest/doctest.h>

#include "streams/record_json.h"

namespace eddy::streams {

TEST_CASE("GetRecords records carry awsRegion around the engine's members") {
  std::string out;
  AppendApiRecord(R"("us-east-1")", R"("eventName":"INSERT","dynamodb":{})", &out);
  CHECK(out == R"({"awsRegion":"us-east-1","eventName":"INSERT","dynamodb":{}})");
}

}  // namespace eddy::streams

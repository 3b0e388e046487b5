#include "streams/record_json.h"

namespace eddy::streams {

void AppendApiRecord(std::string_view region_json, std::string_view members, std::string* out) {
  out->append("{\"awsRegion\":").append(region_json).push_back(',');
  out->append(members);
  out->push_back('}');
}

namespace {

// The engine renders a TTL delete's identity as the last member, always
// exactly this text (engine/stream_record.cc).
constexpr std::string_view kApiUserIdentity =
    R"("userIdentity":{"PrincipalId":"dynamodb.amazonaws.com","Type":"Service"})";
constexpr std::string_view kLambdaUserIdentity =
    R"("userIdentity":{"type":"Service","principalId":"dynamodb.amazonaws.com"})";

}  // namespace

void AppendLambdaRecord(std::string_view region_json, std::string_view stream_arn_json, std::string_view members,
                        std::string* out) {
  out->append("{\"awsRegion\":").append(region_json).append(",\"eventSourceARN\":").append(stream_arn_json);
  out->push_back(',');
  if (members.ends_with(kApiUserIdentity)) {
    out->append(members.substr(0, members.size() - kApiUserIdentity.size())).append(kLambdaUserIdentity);
  } else {
    out->append(members);
  }
  out->push_back('}');
}

}  // namespace eddy::streams

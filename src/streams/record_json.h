// One record as GetRecords returns it, or as Lambda's DynamoDB event carries
// it, from the members the engine renders (engine/stream_record.h): the
// reader adds awsRegion, which depends on the request's region.
#pragma once

#include <string>
#include <string_view>

namespace eddy::streams {

// Appends the record's JSON object to `out`. `region_json` is the region as
// a JSON string, quotes included.
void AppendApiRecord(std::string_view region_json, std::string_view members, std::string* out);

// Appends the record as an element of Lambda's event {"Records": [...]}:
// the GetRecords record plus eventSourceARN (the stream ARN), with a TTL
// delete's userIdentity spelled as Lambda spells it ({"type",
// "principalId"}; the Streams API says {"PrincipalId", "Type"}).
// `stream_arn_json` is the stream ARN as a JSON string, quotes included.
void AppendLambdaRecord(std::string_view region_json, std::string_view stream_arn_json, std::string_view members,
                        std::string* out);

}  // namespace eddy::streams

// One record as GetRecords returns it, from the members the engine renders
// (engine/stream_record.h): the reader adds awsRegion, which depends on the
// request's region.
#pragma once

#include <string>
#include <string_view>

namespace eddy::streams {

// Appends the record's JSON object to `out`. `region_json` is the region as
// a JSON string, quotes included.
void AppendApiRecord(std::string_view region_json, std::string_view members, std::string* out);

}  // namespace eddy::streams

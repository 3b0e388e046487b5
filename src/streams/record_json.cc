#include "streams/record_json.h"

namespace eddy::streams {

void AppendApiRecord(std::string_view region_json, std::string_view members, std::string* out) {
  out->append("{\"awsRegion\":").append(region_json).push_back(',');
  out->append(members);
  out->push_back('}');
}

}  // namespace eddy::streams

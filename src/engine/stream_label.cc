#include "engine/stream_label.h"

#include "core/iso_time.h"

namespace eddy {

std::string StreamLabel(int64_t creation_millis) {
  std::string label = FormatIsoMillis(creation_millis);
  label.pop_back();  // DynamoDB's labels have no 'Z'
  return label;
}

}  // namespace eddy

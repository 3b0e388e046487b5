#include "core/uuid.h"

#include <algorithm>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace eddy {

std::string NewUuid() {
  // One generator per thread: it is not thread-safe, and seeding is a syscall.
  thread_local boost::uuids::random_generator generate;
  return boost::uuids::to_string(generate());
}

std::string NewUuidHex() {
  std::string uuid = NewUuid();
  uuid.erase(std::remove(uuid.begin(), uuid.end(), '-'), uuid.end());
  return uuid;
}

}  // namespace eddy

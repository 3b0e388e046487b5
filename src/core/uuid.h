// Random (version 4) UUIDs from Boost.Uuid: DynamoDB's TableId, Lambda's
// request ids and log stream names.
#pragma once

#include <string>

namespace eddy {

// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", lowercase.
std::string NewUuid();
// The same 32 hex digits without dashes.
std::string NewUuidHex();

}  // namespace eddy

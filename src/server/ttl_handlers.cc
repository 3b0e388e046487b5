// UpdateTimeToLive and DescribeTimeToLive: not implemented yet.
#include "core/api_error.h"
#include "server/handlers.h"

namespace eddy {

void HandleUpdateTimeToLive(HandlerContext&) { throw ApiError::UnknownOperation(); }
void HandleDescribeTimeToLive(HandlerContext&) { throw ApiError::UnknownOperation(); }

}  // namespace eddy

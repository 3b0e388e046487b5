// The DynamoDB Streams API: not implemented yet.
#include "core/api_error.h"
#include "server/handlers.h"

namespace eddy {

void HandleListStreams(HandlerContext&) { throw ApiError::UnknownOperation(); }
void HandleDescribeStream(HandlerContext&) { throw ApiError::UnknownOperation(); }
void HandleGetShardIterator(HandlerContext&) { throw ApiError::UnknownOperation(); }
void HandleGetRecords(HandlerContext&) { throw ApiError::UnknownOperation(); }

}  // namespace eddy

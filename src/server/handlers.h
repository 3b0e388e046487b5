// The DynamoDB API handlers, one per operation, grouped by file:
// table_handlers.cc, item_handlers.cc, read_handlers.cc, batch_handlers.cc.
#pragma once

#include <map>
#include <string>

#include "server/handler_context.h"

namespace eddy {

void HandleCreateTable(HandlerContext& ctx);
void HandleDescribeTable(HandlerContext& ctx);
void HandleDeleteTable(HandlerContext& ctx);
void HandleUpdateTable(HandlerContext& ctx);
void HandleListTables(HandlerContext& ctx);

void HandlePutItem(HandlerContext& ctx);
void HandleGetItem(HandlerContext& ctx);
void HandleDeleteItem(HandlerContext& ctx);
void HandleUpdateItem(HandlerContext& ctx);

void HandleQuery(HandlerContext& ctx);
void HandleScan(HandlerContext& ctx);

void HandleBatchWriteItem(HandlerContext& ctx);
void HandleBatchGetItem(HandlerContext& ctx);

// partiql_handlers.cc
void HandleExecuteStatement(HandlerContext& ctx);

// transact_handlers.cc
void HandleTransactWriteItems(HandlerContext& ctx);
void HandleTransactGetItems(HandlerContext& ctx);

// ttl_handlers.cc
void HandleUpdateTimeToLive(HandlerContext& ctx);
void HandleDescribeTimeToLive(HandlerContext& ctx);

// tag_handlers.cc
void HandleTagResource(HandlerContext& ctx);
void HandleUntagResource(HandlerContext& ctx);
void HandleListTagsOfResource(HandlerContext& ctx);
void HandleDescribeContinuousBackups(HandlerContext& ctx);
// Reads a Tags list ([{Key, Value}], DynamoDB's limits) into `tags`.
void ReadTags(const JsonValue& tags, std::map<std::string, std::string>* out);

// streams_handlers.cc (DynamoDBStreams_20120810.*)
void HandleListStreams(HandlerContext& ctx);
void HandleDescribeStream(HandlerContext& ctx);
void HandleGetShardIterator(HandlerContext& ctx);
void HandleGetRecords(HandlerContext& ctx);

// logs_handlers.cc (Logs_20140328.*, CloudWatch Logs)
void HandleCreateLogGroup(HandlerContext& ctx);
void HandleCreateLogStream(HandlerContext& ctx);
void HandleDeleteLogGroup(HandlerContext& ctx);
void HandleDeleteLogStream(HandlerContext& ctx);
void HandlePutRetentionPolicy(HandlerContext& ctx);
void HandleDeleteRetentionPolicy(HandlerContext& ctx);
void HandleDescribeLogGroups(HandlerContext& ctx);
void HandleDescribeLogStreams(HandlerContext& ctx);
void HandlePutLogEvents(HandlerContext& ctx);
void HandleGetLogEvents(HandlerContext& ctx);
void HandleFilterLogEvents(HandlerContext& ctx);

}  // namespace eddy

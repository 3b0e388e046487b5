// Writes DynamoDB's TableDescription object: what DescribeTable, CreateTable,
// UpdateTable and DeleteTable return, and what waiters and IaC tools poll.
#pragma once

#include <string_view>

#include "engine/table_info.h"
#include "server/handler_context.h"

namespace eddy {

// `status` overrides the table's own TableStatus when given (DeleteTable
// answers DELETING).
void WriteTableDescription(HandlerContext& ctx, const TableInfo& table, std::string_view status = {});

}  // namespace eddy

// The rules Query and Scan share with PartiQL's SELECT (read_handlers.cc).
#pragma once

#include <string_view>

#include "engine/read_spec.h"
#include "engine/table_info.h"
#include "expr/condition.h"
#include "expr/projection.h"

namespace eddy {

// IndexName's index of `table`, or ValidationException as DynamoDB words it:
// no such index (or one being deleted), a consistent read of a GSI, a GSI
// still backfilling.
const IndexInfo* ReadableIndex(const TableInfo& table, std::string_view index_name, bool consistent);

// Reading an LSI: sets options->fetch_from_table when the projection or the
// filter names an attribute the index does not project.
void SetLocalIndexFetch(const TableInfo& table, const IndexInfo* index, const expr::Projection* projection,
                        const expr::Condition* filter, ReadOptions* options);

}  // namespace eddy

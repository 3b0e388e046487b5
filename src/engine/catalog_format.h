// The stored form of a table's catalog entry ("table/<TableName>" in the
// catalog column family, storage/layout.h): a JSON object with a "format"
// version. The parser checks every member's presence and type, so a
// malformed entry is an error for the caller to report, never an assertion.
#pragma once

#include <string>
#include <string_view>

#include "engine/table_info.h"

namespace eddy {

std::string SerializeTable(const TableInfo& table);

// Fills *table (counters excepted) from `text`. False, with *error set to
// what is wrong, when `text` is not a well-formed entry of a known format.
bool ParseTable(std::string_view text, TableInfo* table, std::string* error);

}  // namespace eddy

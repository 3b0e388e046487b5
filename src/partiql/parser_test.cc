#include "partiql/parser.h"

#include <doctest/doctest.h>

#include "core/api_error.h"

namespace eddy::partiql {
namespace {

std::string Error(std::string_view text) {
  try {
    Parse(text);
  } catch (const ApiError& e) {
    CHECK(e.type().ends_with("ValidationException"));
    return e.message();
  }
  return "";
}

TEST_CASE("smoke") {
  Statement s = Parse("SELECT * FROM \"t\" WHERE pk = 1");
  CHECK(ToString(s) == "SELECT * FROM \"t\" WHERE \"pk\" = 1");
  CHECK(Error("SLECT") == "Statement wasn't well formed, can't be processed: Expected data manipulation");
}

}  // namespace
}  // namespace eddy::partiql

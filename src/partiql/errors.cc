#include "partiql/errors.h"

#include "core/api_error.h"

namespace eddy::partiql {

// Sources of the wordings in errors.h:
// - pinned against the live service by a public test suite: the wrapper and
//   its empty detail for unlexable text, "Unexpected term", "Unexpected
//   keyword", "Unexpected operator", "Unexpected token after expression",
//   "Missing right-hand side ...", "Expected data manipulation", "Expected
//   identifier for simple path", "Expected type name", "Aliasing is not
//   supported", the RETURNING-in-DELETE message and the number range
//   messages with " under root...";
// - partiql-lang-kotlin's SqlParser: "Expected assignment for SET";
// - DynamoDB Local's ValidationExceptionMessages: the others in errors.h,
//   and the templates built in parser.cc ("Unsupported operator in
//   Condition Expression. Operator: %s", "Unrecognized function: %s", ...).
void ThrowMalformed(std::string_view detail) {
  throw ApiError::Validation("Statement wasn't well formed, can't be processed: " + std::string(detail));
}

void ThrowUnsupported(const std::string& message) { throw ApiError::Validation(message); }

}  // namespace eddy::partiql

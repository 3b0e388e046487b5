// DynamoDB's PartiQL error messages. DynamoDB parses statements with
// partiql-lang-kotlin and wraps the parser's message in "Statement wasn't
// well formed, can't be processed: <detail>"; statements that parse but use
// something DynamoDB does not support get a message of their own (no
// wrapper). Every one is a ValidationException. Where each wording comes
// from (pinned against the live service, DynamoDB Local, or written here)
// is noted beside it in errors.cc.
#pragma once

#include <string>
#include <string_view>

namespace eddy::partiql {

// "Statement wasn't well formed, can't be processed: <detail>".
[[noreturn]] void ThrowMalformed(std::string_view detail);
// A message of its own, without the wrapper.
[[noreturn]] void ThrowUnsupported(const std::string& message);

// The parser's details, as partiql-lang-kotlin words them.
inline constexpr std::string_view kUnexpectedTerm = "Unexpected term";
inline constexpr std::string_view kUnexpectedKeyword = "Unexpected keyword";
inline constexpr std::string_view kUnexpectedOperator = "Unexpected operator";
inline constexpr std::string_view kLeftover = "Unexpected token after expression";
inline constexpr std::string_view kMissingRightHandSide =
    "Missing right-hand side expression of infix operator";
inline constexpr std::string_view kExpectedDataManipulation = "Expected data manipulation";
inline constexpr std::string_view kExpectedSimplePath = "Expected identifier for simple path";
inline constexpr std::string_view kExpectedTypeName = "Expected type name";
inline constexpr std::string_view kExpectedAssignment = "Expected assignment for SET";

// DynamoDB's own messages (DynamoDB Local's ValidationExceptionMessages).
inline constexpr std::string_view kAliasing = "Aliasing is not supported";
inline constexpr std::string_view kSingleSource = "Only select from a single table or index is supported.";
inline constexpr std::string_view kFromComponents = "A path may contain at most 2 components in the FROM clause";
inline constexpr std::string_view kEmptyPathComponent = "Path component cannot be an empty string";
inline constexpr std::string_view kStarAndOthers =
    "Other attributes should not be present in the projection when '*' is used.";
inline constexpr std::string_view kSelectValue = "Select projection doesn't support value or pivot keywords";
inline constexpr std::string_view kEmptyBag = "Empty bags are not supported";
inline constexpr std::string_view kBagType =
    "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags";
inline constexpr std::string_view kMissingLiteral = "MISSING must be compared using IS operator";
inline constexpr std::string_view kInOperands =
    "IN operator must have a left hand argument of type Variable Reference and right hand argument of "
    "type Seq with at least one member";
inline constexpr std::string_view kIsOperand =
    "The left hand side argument to IS must be a Variable Reference, Literal, or Path";
inline constexpr std::string_view kIsInUpdate = "IS operator is not supported in update expressions";
inline constexpr std::string_view kNotOperand = "The argument to NOT must be a Type or Expression";
inline constexpr std::string_view kAndOrOperands = "The arguments to AND/OR must be Expressions";
inline constexpr std::string_view kWhereNotBoolean =
    "WHERE clause must contain an expression that resolves to a boolean";
inline constexpr std::string_view kInsertFormat =
    "Unsupported format in item expression. Please use struct format {...} to express item values for "
    "insert statement.";
inline constexpr std::string_view kInsertMultiple =
    "Unsupported operation: Inserting multiple items in a single statement is not supported, use "
    "\"INSERT INTO tableName VALUE item\" instead";
inline constexpr std::string_view kInsertReturning = "RETURNING is not supported in INSERT";
inline constexpr std::string_view kReturningStar =
    "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause";
inline constexpr std::string_view kReturningMultiple =
    "Invalid syntax with multiple returning elements in RETURNING clause";
inline constexpr std::string_view kOrderByWithoutWhere =
    "Must have WHERE clause in the statement when using ORDER BY clause.";
inline constexpr std::string_view kOneOperation = "Only one operation is allowed in a statement.";
inline constexpr std::string_view kWildcardPath = "Wildcard path component like a[*].b are not supported";
inline constexpr std::string_view kUnpivotPath = "Unpivot path component like a.*.b are not supported";

}  // namespace eddy::partiql

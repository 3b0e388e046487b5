// Resolve: the second pass after parsing. Substitutes "#name" and ":value"
// references through the request's Substitutions (marking them used) and
// runs DynamoDB's semantic checks that need no item: known function names,
// where each function may appear, operand counts, document-path arguments,
// and operand types that are already known because they are constants.
#pragma once

#include <string_view>

#include "expr/ast.h"
#include "expr/substitutions.h"

namespace eddy::expr {

// Which functions an operand may call: condition expressions allow size();
// update expressions allow if_not_exists() and list_append().
enum class OperandContext { kCondition, kUpdate };

// Throws "Invalid function name; function: f" for the first call (in
// `operand` and its arguments) of a function DynamoDB does not have.
void CheckFunctionNames(const Operand& operand, std::string_view parameter);

void ResolvePath(Path& path, Substitutions& subs, std::string_view parameter);
void ResolveOperand(Operand& operand, OperandContext context, Substitutions& subs,
                    std::string_view parameter);
void ResolveCondition(ConditionNode& node, Substitutions& subs, std::string_view parameter);

// "Incorrect operand type for operator or function; operator or function: <op>, operand type: <T>"
[[noreturn]] void ThrowIncorrectOperandType(std::string_view parameter, std::string_view op,
                                            AttributeType type);

}  // namespace eddy::expr

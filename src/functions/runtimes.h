// The rules about a function's Runtime, in one place: which names Lambda
// knows, which of them eddy runs (and with what on this machine), the error
// text for the others, and each runtime's Handler syntax. The functions file
// parser and the Lambda API's CreateFunction / UpdateFunctionConfiguration
// both check a function with these, so they agree.
//
// Runtimes eddy runs:
//   python3.N        the bundled bootstrap (python_bootstrap.h) on the machine's python3
//   nodejsN.x        the bundled bootstrap (node_bootstrap.h) on the machine's node
//   provided, provided.al2, provided.al2023
//                    the code directory's executable `bootstrap`, talking to
//                    eddy through the Lambda Runtime API (runtime_api_server.h)
//   command          eddy's own: an argv run once per invocation (not a Lambda name)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eddy::functions {

enum class RuntimeKind {
  kPython,       // python3.N
  kNode,         // nodejsN.x
  kProvided,     // provided, provided.al2, provided.al2023
  kCommand,      // "command"
  kUnsupported,  // known to Lambda (java21, dotnet8, ruby3.3, python2.7, go1.x, ...), not run by eddy
  kUnknown,      // not a runtime name at all
};

RuntimeKind KindOfRuntime(std::string_view runtime);

// Every value of the Runtime enum in botocore's Lambda model
// (lambda/2015-03-31/service-2.json), in the model's order: what Lambda's
// API accepts as Runtime, for the "Member must satisfy enum value set" error.
const std::vector<std::string_view>& LambdaRuntimeNames();

// Whether Lambda would accept `runtime` as a name: one of LambdaRuntimeNames(),
// or a later python3.N / nodejsN.x than the model lists (eddy runs those too).
bool IsLambdaRuntime(std::string_view runtime);

// The programs eddy starts workers with (FunctionRunner's RunnerEnvironment
// has the same two fields).
struct RuntimeTools {
  std::string python = "python3";
  std::string node = "node";
};

// "" when eddy can run `runtime` on this machine, else why not:
//   "Runtime java21 cannot run on this eddy: eddy runs python3.x (with python3),
//    nodejs*.x (with node) and provided.al2/provided.al2023 functions"
//   "Runtime nodejs20.x needs node, which is not on this machine's PATH"
//   "Runtime foo is not a Lambda runtime" (kUnknown)
// python3.N and nodejsN.x need their program (an absolute path, or a name
// found on PATH as an executable file); provided and command need nothing
// (the bootstrap or command is looked for at invocation, as Lambda does).
std::string RuntimeUnavailableReason(std::string_view runtime, const RuntimeTools& tools = {});

// "" when `handler` is a valid Handler for `runtime`, else a message saying
// what it must be. Lambda's API allows any non-blank text up to 128
// characters; the runtimes then need:
//   python3.N  module.function, e.g. "lambda_function.lambda_handler" (a
//              dotted package path allowed: "pkg.mod.fn")
//   nodejsN.x  [dir/]file.export, e.g. "index.handler" or "src/app.handlers.main"
//              (no "..", as Lambda's Node runtime refuses relative paths)
//   provided   free text, optional (`bootstrap` may read _HANDLER)
//   command    ignored, optional
// `handler` empty means "not given": an error for python and nodejs only.
std::string HandlerSyntaxError(std::string_view runtime, std::string_view handler);

// The value of AWS_EXECUTION_ENV Lambda sets ("AWS_Lambda_nodejs20.x"), or ""
// where it sets none (provided runtimes) or eddy's command runtime.
std::string ExecutionEnvFor(std::string_view runtime);

// The absolute path of `program`: itself when it contains '/', else the first
// executable file of that name in `path_variable` (a PATH value). "" if none.
std::string FindExecutable(std::string_view program, std::string_view path_variable);

}  // namespace eddy::functions

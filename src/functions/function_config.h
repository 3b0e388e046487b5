// One registered function, as read from the functions file
// (functions/functions_file.h). Field names follow Lambda's
// (CreateFunction / AWS::Lambda::Function) so users can copy them from
// their templates.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "functions/runtimes.h"

namespace eddy::functions {

struct FunctionConfig {
  std::string name;     // FunctionName
  // Runtime: what runs the function (functions/runtimes.h has the rules).
  // "python3.x" / "nodejsN.x": `handler` names the function the bundled
  // bootstrap loads from `code_directory` (python_bootstrap.h, node_bootstrap.h).
  // "provided.al2023" / "provided.al2": `code_directory`/bootstrap, through the
  // Lambda Runtime API (runtime_api_server.h). "command": `command` is run
  // for each invocation (docs in README).
  std::string runtime;
  std::string handler;         // Handler: required for python and nodejs, free text for provided
  std::string code_directory;  // CodeDirectory, absolute (resolved by the parser)
  std::vector<std::string> command;  // Command: argv, command runtime only
  int timeout_seconds = 3;     // Timeout: Lambda's default is 3 s
  int memory_size_mb = 128;    // MemorySize: Lambda's default is 128 MB
  std::vector<std::pair<std::string, std::string>> environment;  // Environment.Variables

  RuntimeKind kind() const { return KindOfRuntime(runtime); }
  bool is_python() const { return kind() == RuntimeKind::kPython; }
};

}  // namespace eddy::functions

// One registered function, as read from the functions file
// (functions/functions_file.h). Field names follow Lambda's
// (CreateFunction / AWS::Lambda::Function) so users can copy them from
// their templates.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace eddy::functions {

struct FunctionConfig {
  std::string name;     // FunctionName
  // "python3.x": `handler` is module.function, imported from
  // `code_directory` by the bundled bootstrap (functions/python_bootstrap.h).
  // "command": `command` is run for each invocation (docs in README).
  std::string runtime;
  std::string handler;         // Handler, python runtimes only
  std::string code_directory;  // CodeDirectory, absolute (resolved by the parser)
  std::vector<std::string> command;  // Command: argv, command runtime only
  int timeout_seconds = 3;     // Timeout: Lambda's default is 3 s
  int memory_size_mb = 128;    // MemorySize: Lambda's default is 128 MB
  std::vector<std::pair<std::string, std::string>> environment;  // Environment.Variables

  bool is_python() const { return runtime.rfind("python3", 0) == 0; }
};

}  // namespace eddy::functions

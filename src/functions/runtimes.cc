#include "functions/runtimes.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

namespace eddy::functions {
namespace {

// Lambda's Handler shape: pattern [^\s]+, at most 128 characters.
constexpr size_t kMaxHandlerLength = 128;

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// "python3.N": the bundled bootstrap runs on whatever python3 is installed,
// so any minor version Lambda has (or will have) is run.
bool IsPython3Name(std::string_view runtime) {
  constexpr std::string_view kPrefix = "python3.";
  return runtime.substr(0, kPrefix.size()) == kPrefix && AllDigits(runtime.substr(kPrefix.size()));
}

// "nodejsN.x", the names of every Node.js runtime since nodejs10.x. The
// older ones ("nodejs", "nodejs4.3", "nodejs8.10", "nodejs4.3-edge") had
// other console and callback rules and are long retired: not run.
bool IsNodeName(std::string_view runtime) {
  constexpr std::string_view kPrefix = "nodejs";
  constexpr std::string_view kSuffix = ".x";
  if (runtime.size() <= kPrefix.size() + kSuffix.size()) return false;
  if (runtime.substr(0, kPrefix.size()) != kPrefix) return false;
  if (runtime.substr(runtime.size() - kSuffix.size()) != kSuffix) return false;
  return AllDigits(runtime.substr(kPrefix.size(), runtime.size() - kPrefix.size() - kSuffix.size()));
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsWordChar(char c) { return IsLetter(c) || (c >= '0' && c <= '9') || c == '_'; }

// Python identifier (ASCII): [A-Za-z_][A-Za-z0-9_]*.
bool IsIdentifier(std::string_view text) {
  return !text.empty() && (IsLetter(text[0]) || text[0] == '_') && std::all_of(text.begin(), text.end(), IsWordChar);
}

// "module.function", the module possibly a dotted package path ("pkg.mod.fn"),
// as Lambda's Python runtime resolves it.
bool IsPythonHandler(std::string_view handler) {
  size_t parts = 0;
  while (true) {
    const size_t dot = handler.find('.');
    if (!IsIdentifier(handler.substr(0, dot))) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    handler.remove_prefix(dot + 1);
  }
  return parts >= 2;
}

// Lambda's Node runtime splits the handler's last path component at its
// first dot: "dir/file.a.b" is export a.b of dir/file(.js|.mjs|.cjs).
bool IsNodeHandler(std::string_view handler) {
  if (handler.find("..") != std::string_view::npos) return false;
  std::string_view base = handler.substr(handler.rfind('/') + 1);
  const size_t dot = base.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < base.size();
}

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string ToolMissing(std::string_view runtime, std::string_view program) {
  return "Runtime " + std::string(runtime) + " needs " + std::string(program) +
         ", which is not on this machine's PATH (install it, or choose another runtime)";
}

}  // namespace

const std::vector<std::string_view>& LambdaRuntimeNames() {
  static const std::vector<std::string_view> kNames = {
      "nodejs",      "nodejs4.3",     "nodejs6.10",    "nodejs8.10",     "nodejs10.x",    "nodejs12.x",
      "nodejs14.x",  "nodejs16.x",    "java8",         "java8.al2",      "java11",        "python2.7",
      "python3.6",   "python3.7",     "python3.8",     "python3.9",      "dotnetcore1.0", "dotnetcore2.0",
      "dotnetcore2.1", "dotnetcore3.1", "dotnet6",     "dotnet8",        "nodejs4.3-edge", "go1.x",
      "ruby2.5",     "ruby2.7",       "provided",      "provided.al2",   "nodejs18.x",    "python3.10",
      "java17",      "ruby3.2",       "ruby3.3",       "ruby3.4",        "python3.11",    "nodejs20.x",
      "provided.al2023", "python3.12", "java21",       "python3.13",     "nodejs22.x",    "nodejs24.x",
      "python3.14",  "java25",        "dotnet10",      "ruby4.0",
  };
  return kNames;
}

bool IsLambdaRuntime(std::string_view runtime) {
  const auto& names = LambdaRuntimeNames();
  return std::find(names.begin(), names.end(), runtime) != names.end() || IsPython3Name(runtime) ||
         IsNodeName(runtime);
}

RuntimeKind KindOfRuntime(std::string_view runtime) {
  if (IsPython3Name(runtime)) return RuntimeKind::kPython;
  if (IsNodeName(runtime)) return RuntimeKind::kNode;
  if (runtime == "provided" || runtime == "provided.al2" || runtime == "provided.al2023") return RuntimeKind::kProvided;
  if (runtime == "command") return RuntimeKind::kCommand;
  return IsLambdaRuntime(runtime) ? RuntimeKind::kUnsupported : RuntimeKind::kUnknown;
}

std::string RuntimeUnavailableReason(std::string_view runtime, const RuntimeTools& tools) {
  const char* path = ::getenv("PATH");
  const std::string path_variable = path ? path : "/usr/local/bin:/usr/bin:/bin";
  switch (KindOfRuntime(runtime)) {
    case RuntimeKind::kPython:
      return FindExecutable(tools.python, path_variable).empty() ? ToolMissing(runtime, tools.python) : "";
    case RuntimeKind::kNode:
      return FindExecutable(tools.node, path_variable).empty() ? ToolMissing(runtime, tools.node) : "";
    case RuntimeKind::kProvided:
    case RuntimeKind::kCommand:
      return "";
    case RuntimeKind::kUnsupported:
      return "Runtime " + std::string(runtime) + " cannot run on this eddy: eddy runs python3.x (with " +
             tools.python + "), nodejs*.x (with " + tools.node +
             ") and provided.al2/provided.al2023 functions";
    case RuntimeKind::kUnknown:
      break;
  }
  return "Runtime " + std::string(runtime) +
         " is not a Lambda runtime: eddy runs python3.x, nodejs*.x, provided.al2 and provided.al2023 "
         "functions, and \"command\"";
}

std::string HandlerSyntaxError(std::string_view runtime, std::string_view handler) {
  const RuntimeKind kind = KindOfRuntime(runtime);
  const bool required = kind == RuntimeKind::kPython || kind == RuntimeKind::kNode;
  if (handler.empty()) return required ? "required for Runtime " + std::string(runtime) : "";
  if (handler.size() > kMaxHandlerLength) return "must be at most 128 characters";
  if (std::any_of(handler.begin(), handler.end(), IsSpace)) return "must not contain whitespace";
  if (kind == RuntimeKind::kPython && !IsPythonHandler(handler)) {
    return "must be module.function, e.g. \"lambda_function.lambda_handler\"";
  }
  if (kind == RuntimeKind::kNode && !IsNodeHandler(handler)) {
    return "must be file.export, e.g. \"index.handler\" (a directory before the file allowed, \"..\" not)";
  }
  return "";
}

std::string ExecutionEnvFor(std::string_view runtime) {
  const RuntimeKind kind = KindOfRuntime(runtime);
  if (kind == RuntimeKind::kPython || kind == RuntimeKind::kNode) return "AWS_Lambda_" + std::string(runtime);
  return "";
}

std::string FindExecutable(std::string_view program, std::string_view path_variable) {
  if (program.empty()) return "";
  if (program.find('/') != std::string_view::npos) {
    return IsExecutableFile(std::string(program)) ? std::string(program) : "";
  }
  while (true) {
    const size_t colon = path_variable.find(':');
    std::string_view dir = path_variable.substr(0, colon);
    // An empty PATH entry means the current directory, as for execvp.
    std::string candidate = (dir.empty() ? std::string(".") : std::string(dir)) + "/" + std::string(program);
    if (IsExecutableFile(candidate)) return candidate;
    if (colon == std::string_view::npos) return "";
    path_variable.remove_prefix(colon + 1);
  }
}

}  // namespace eddy::functions

#include "lambda/runtime_check.h"

#include <unistd.h>

#include <cstdlib>

namespace eddy::lambda {
namespace {

// botocore's Lambda model, enum Runtime, in its order (the order of the
// service's message).
constexpr std::string_view kLambdaRuntimes[] = {
    "nodejs",
    "nodejs4.3",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "java8",
    "java8.al2",
    "java11",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet6",
    "dotnet8",
    "nodejs4.3-edge",
    "go1.x",
    "ruby2.5",
    "ruby2.7",
    "provided",
    "provided.al2",
    "nodejs18.x",
    "python3.10",
    "java17",
    "ruby3.2",
    "ruby3.3",
    "ruby3.4",
    "python3.11",
    "nodejs20.x",
    "provided.al2023",
    "python3.12",
    "java21",
    "python3.13",
    "nodejs22.x",
    "nodejs24.x",
    "python3.14",
    "java25",
    "dotnet10",
    "ruby4.0",
};

// An executable `program` on PATH.
bool OnPath(std::string_view program) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const size_t colon = dirs.find(':');
    std::string candidate(dirs.substr(0, colon));
    candidate.append("/").append(program);
    if (access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return false;
}

}  // namespace

RuntimeSupport ClassifyRuntime(std::string_view runtime, std::string* problem) {
  bool known = false;
  for (std::string_view name : kLambdaRuntimes) known = known || name == runtime;
  if (!known) return RuntimeSupport::kUnknown;
  const bool python = runtime.starts_with("python3.");
  const bool node = runtime.starts_with("nodejs") && runtime.ends_with(".x");
  const bool provided = runtime == "provided.al2" || runtime == "provided.al2023";
  if ((python && OnPath("python3")) || (node && OnPath("node")) || provided) return RuntimeSupport::kRunnable;
  *problem = "Runtime " + std::string(runtime) +
             " cannot run on this eddy: eddy runs python3.x (with python3), nodejs*.x (with node) and "
             "provided.al2/provided.al2023 functions";
  if (python || node) *problem += ", and " + std::string(python ? "python3" : "node") + " is not on its PATH";
  return RuntimeSupport::kNotRunnable;
}

std::string KnownRuntimeList() {
  std::string list;
  for (std::string_view name : kLambdaRuntimes) list.append(list.empty() ? "" : ", ").append(name);
  return list;
}

bool RuntimeNeedsNoHandler(std::string_view runtime) { return runtime.starts_with("provided"); }

}  // namespace eddy::lambda

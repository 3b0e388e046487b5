#include "functions/runtimes.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace eddy::functions {

TEST_CASE("runtime kinds: what Lambda knows and what eddy runs") {
  CHECK(KindOfRuntime("python3.8") == RuntimeKind::kPython);
  CHECK(KindOfRuntime("python3.13") == RuntimeKind::kPython);
  CHECK(KindOfRuntime("python3.99") == RuntimeKind::kPython);  // a later version than the model lists
  CHECK(KindOfRuntime("nodejs18.x") == RuntimeKind::kNode);
  CHECK(KindOfRuntime("nodejs24.x") == RuntimeKind::kNode);
  CHECK(KindOfRuntime("nodejs30.x") == RuntimeKind::kNode);
  CHECK(KindOfRuntime("provided") == RuntimeKind::kProvided);
  CHECK(KindOfRuntime("provided.al2") == RuntimeKind::kProvided);
  CHECK(KindOfRuntime("provided.al2023") == RuntimeKind::kProvided);
  CHECK(KindOfRuntime("command") == RuntimeKind::kCommand);
  for (const char* name : {"java21", "java8.al2", "dotnet8", "dotnetcore3.1", "ruby3.3", "go1.x", "python2.7",
                           "nodejs8.10", "nodejs4.3-edge", "nodejs"}) {
    CAPTURE(name);
    CHECK(KindOfRuntime(name) == RuntimeKind::kUnsupported);
  }
  for (const char* name : {"", "python3", "python3.", "python3.x", "nodejs20", "nodejsx.x", "provided.al2024", "Python3.12",
                           "java"}) {
    CAPTURE(name);
    CHECK(KindOfRuntime(name) == RuntimeKind::kUnknown);
  }
  CHECK(IsLambdaRuntime("java21"));
  CHECK(IsLambdaRuntime("python3.15"));
  CHECK_FALSE(IsLambdaRuntime("command"));
  const auto& names = LambdaRuntimeNames();
  CHECK(std::find(names.begin(), names.end(), "provided.al2023") != names.end());
  CHECK(std::find(names.begin(), names.end(), "nodejs22.x") != names.end());
  CHECK(std::all_of(names.begin(), names.end(), [](std::string_view n) { return IsLambdaRuntime(n); }));
}

TEST_CASE("runtime availability on this machine, and the error texts") {
  CHECK(RuntimeUnavailableReason("java21") ==
        "Runtime java21 cannot run on this eddy: eddy runs python3.x (with python3), nodejs*.x (with node) and "
        "provided.al2/provided.al2023 functions");
  CHECK(RuntimeUnavailableReason("provided.al2023").empty());
  CHECK(RuntimeUnavailableReason("command").empty());
  CHECK(RuntimeUnavailableReason("python3.12").empty());  // the tests need python3
  RuntimeTools missing;
  missing.python = "/nonexistent/python3";
  missing.node = "eddy-no-such-node";
  CHECK(RuntimeUnavailableReason("python3.12", missing) ==
        "Runtime python3.12 needs /nonexistent/python3, which is not on this machine's PATH (install it, or choose "
        "another runtime)");
  CHECK(RuntimeUnavailableReason("nodejs20.x", missing).find("needs eddy-no-such-node") != std::string::npos);
  CHECK(RuntimeUnavailableReason("cobol1.x").find("is not a Lambda runtime") != std::string::npos);

  CHECK(FindExecutable("sh", "/nonexistent:/bin:/usr/bin") == "/bin/sh");
  CHECK(FindExecutable("sh", "/nonexistent").empty());
  CHECK(FindExecutable("/bin/sh", "").empty() == false);
  CHECK(FindExecutable("/etc/passwd", "").empty());  // not executable
  CHECK(FindExecutable("", "/bin").empty());
}

TEST_CASE("handler syntax per runtime") {
  CHECK(HandlerSyntaxError("python3.12", "lambda_function.lambda_handler").empty());
  CHECK(HandlerSyntaxError("python3.12", "pkg.mod.fn").empty());
  CHECK(HandlerSyntaxError("python3.12", "app") == "must be module.function, e.g. \"lambda_function.lambda_handler\"");
  CHECK(!HandlerSyntaxError("python3.12", "app.1x").empty());
  CHECK(HandlerSyntaxError("python3.12", "") == "required for Runtime python3.12");

  CHECK(HandlerSyntaxError("nodejs20.x", "index.handler").empty());
  CHECK(HandlerSyntaxError("nodejs20.x", "src/app.handlers.main").empty());
  CHECK(HandlerSyntaxError("nodejs20.x", "my-file.handler").empty());
  CHECK(!HandlerSyntaxError("nodejs20.x", "index").empty());
  CHECK(!HandlerSyntaxError("nodejs20.x", "index.").empty());
  CHECK(!HandlerSyntaxError("nodejs20.x", ".handler").empty());
  CHECK(!HandlerSyntaxError("nodejs20.x", "src.dir/index").empty());  // the dot must be in the file part
  CHECK(!HandlerSyntaxError("nodejs20.x", "../index.handler").empty());
  CHECK(HandlerSyntaxError("nodejs20.x", "") == "required for Runtime nodejs20.x");

  CHECK(HandlerSyntaxError("provided.al2023", "").empty());
  CHECK(HandlerSyntaxError("provided.al2023", "function.handler").empty());
  CHECK(HandlerSyntaxError("provided.al2", "bootstrap").empty());
  CHECK(HandlerSyntaxError("provided.al2", "a b") == "must not contain whitespace");
  CHECK(HandlerSyntaxError("provided.al2", std::string(129, 'x')) == "must be at most 128 characters");
  CHECK(HandlerSyntaxError("command", "").empty());
}

TEST_CASE("AWS_EXECUTION_ENV per runtime") {
  CHECK(ExecutionEnvFor("python3.12") == "AWS_Lambda_python3.12");
  CHECK(ExecutionEnvFor("nodejs20.x") == "AWS_Lambda_nodejs20.x");
  CHECK(ExecutionEnvFor("provided.al2023").empty());
  CHECK(ExecutionEnvFor("command").empty());
}

}  // namespace eddy::functions

#include "core/iso_time.h"
#include "functions/lambda_log_lines.h"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <regex>

namespace eddy::functions {

TEST_CASE("Lambda's platform lines, byte for byte") {
  CHECK(StartLine("id-1") == "START RequestId: id-1 Version: $LATEST\n");
  CHECK(EndLine("id-1") == "END RequestId: id-1\n");

  ReportFields warm;
  warm.duration_ms = 12.341;
  warm.max_memory_used_mb = 41;
  CHECK(ReportLine("id-1", warm) ==
        "REPORT RequestId: id-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\t"
        "Max Memory Used: 41 MB\t\n");

  ReportFields cold = warm;
  cold.duration_ms = 2.0;
  cold.memory_size_mb = 256;
  cold.init_duration_ms = 123.456;
  CHECK(ReportLine("id-2", cold) ==
        "REPORT RequestId: id-2\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 256 MB\t"
        "Max Memory Used: 41 MB\tInit Duration: 123.46 ms\t\n");

  // 2024-02-29T23:59:58.007Z
  CHECK(FormatIsoMillis(1709251198007) == "2024-02-29T23:59:58.007Z");
  CHECK(TimeoutLine(1709251198007, "id-3", 3) == "2024-02-29T23:59:58.007Z id-3 Task timed out after 3.00 seconds\n");
  CHECK(RuntimeExitLine("id-4", "exit status 1") ==
        "RequestId: id-4 Error: Runtime exited with error: exit status 1\nRuntime.ExitError\n");
  CHECK(RuntimeExitMessage("id-5", "exit status 0") == "RequestId: id-5 Error: Runtime exited without providing a reason");
  CHECK(PlatformErrorLine("id-6", "Couldn't find valid bootstrap(s): [/code/bootstrap]", "Runtime.InvalidEntrypoint") ==
        "RequestId: id-6 Error: Couldn't find valid bootstrap(s): [/code/bootstrap]\nRuntime.InvalidEntrypoint\n");
}

TEST_CASE("names: log group, ARN, log stream, request id") {
  CHECK(LambdaLogGroupName("f") == "/aws/lambda/f");
  CHECK(LambdaFunctionArn("eu-west-1", "f") == "arn:aws:lambda:eu-west-1:000000000000:function:f");
  std::string stream = LambdaLogStreamName(1709251198007);
  CHECK(std::regex_match(stream, std::regex(R"(2024/02/29/\[\$LATEST\][0-9a-f]{32})")));
  CHECK(LambdaLogStreamName(0) != LambdaLogStreamName(0));
  std::string id = NewRequestId();
  CHECK(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
}

TEST_CASE("exit reasons use Go's os/exec wording, as Lambda's messages do") {
  CHECK(ExitReason(1 << 8) == "exit status 1");
  CHECK(ExitReason(SIGKILL) == "signal: killed");
  CHECK(ExitReason(SIGSEGV) == "signal: segmentation fault");
}

}  // namespace eddy::functions

// Whether CreateFunction's Runtime is one Lambda knows, and one this eddy
// can run (the runtime rules of src/functions, in the API's terms).
#pragma once

#include <string>
#include <string_view>

namespace eddy::lambda {

enum class RuntimeSupport { kRunnable, kUnknown, kNotRunnable };

// kNotRunnable sets *problem to the message CreateFunction answers.
RuntimeSupport ClassifyRuntime(std::string_view runtime, std::string* problem);
// Lambda's runtime names, comma-separated, for the enum message.
std::string KnownRuntimeList();
// provided.* runtimes take no Handler (a custom runtime reads _HANDLER if it likes).
bool RuntimeNeedsNoHandler(std::string_view runtime);

}  // namespace eddy::lambda

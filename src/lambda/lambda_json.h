// Lambda's response shapes, written from the registry's records:
// FunctionConfiguration and EventSourceMappingConfiguration, as the live
// service returns them (botocore's Lambda model and recorded responses).
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"
#include "registry/records.h"

namespace eddy::lambda {

// Which answer a FunctionConfiguration is part of: the function's state
// fields differ (Lambda answers a create with State "Pending", an update
// with LastUpdateStatus "InProgress", and leaves them out of listings).
// eddy's functions are ready when the answer is written, so the next read
// says Active and Successful.
enum class ConfigurationView { kCreated, kUpdated, kCurrent, kListed };

void WriteFunctionConfiguration(JsonWriter& w, const registry::FunctionRecord& record, std::string_view region,
                                ConfigurationView view);
// "2026-12-07T10:00:00.123+0000", Lambda's LastModified.
std::string LambdaTimestamp(int64_t millis);

// `last_processing_result` comes from the mapping's poller.
void WriteMappingConfiguration(JsonWriter& w, const registry::MappingRecord& record, std::string_view region,
                               std::string_view last_processing_result);

}  // namespace eddy::lambda

// The functions file (`eddy --functions FILE`): the locally registered
// "Lambda functions" and their DynamoDB event source mappings, written with
// Lambda's own field names (CreateFunction / CreateEventSourceMapping, as in
// AWS::Lambda::Function and AWS::Lambda::EventSourceMapping) so they can be
// copied from CloudFormation / SAM templates:
//
//   {"Functions": [
//     {"FunctionName": "music-handler", "Runtime": "python3.12",
//      "Handler": "lambda_function.lambda_handler", "CodeDirectory": "handlers/music",
//      "Timeout": 3, "MemorySize": 128, "Environment": {"Variables": {"STAGE": "local"}},
//      "EventSourceMappings": [{"TableName": "Music", "StartingPosition": "LATEST", ...}]},
//     {"FunctionName": "audit", "Runtime": "command", "Command": ["./audit.sh"], ...}]}
//
// Runtime is one eddy can run on this machine (functions/runtimes.h):
// "python3.N" and "nodejsN.x" need Handler ("app.handler", "index.handler"),
// "provided.al2023" / "provided.al2" run CodeDirectory/bootstrap (Handler
// optional), "command" needs Command.
//
// Lambda's limits are enforced (botocore's lambda/2015-03-31 model and the
// CreateFunction / CreateEventSourceMapping API reference). Unknown fields are
// errors, so a typo such as "Batchsize" is not silently ignored. Relative
// paths (CodeDirectory, OnFailure Destination, a Command program containing
// '/') are relative to the directory holding the file; CodeDirectory
// defaults to that directory.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "functions/function_config.h"
#include "streams/mapping_config.h"

namespace eddy::functions {

struct FunctionsFile {
  std::vector<FunctionConfig> functions;
  std::vector<streams::MappingConfig> mappings;  // every mapping of every function, function_name set
};

// Reads and validates `path`. Returns false with *error set to a clear message
// naming the file, the field path and the problem, e.g.
//   "functions.json: Functions[0].EventSourceMappings[1].BatchSize: must be an integer from 1 to 10000 (got 0)".
// *out is only written on success.
bool LoadFunctionsFile(const std::string& path, FunctionsFile* out, std::string* error);

// Same from text, with `base_directory` for relative paths (for tests);
// `display_name` starts every error message.
bool ParseFunctionsFile(std::string_view json, const std::string& base_directory,
                        std::string display_name, FunctionsFile* out, std::string* error);

}  // namespace eddy::functions

// What the runtime registry keeps of each function and event source
// mapping: the runnable configuration (functions::FunctionConfig,
// streams::MappingConfig) and what Lambda's API reports of them. Stored in
// the engine's state as JSON ("lambda/function/<name>",
// "lambda/mapping/<UUID>"), with a version, parsed without asserts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function_config.h"
#include "streams/mapping_config.h"

namespace eddy::registry {

struct FunctionRecord {
  functions::FunctionConfig config;  // name, runtime, handler, code directory, timeout, memory, environment
  std::string role;
  std::string description;
  std::vector<std::string> architectures{"x86_64"};
  std::vector<std::string> layers;  // accepted and reported; not applied
  int ephemeral_storage_mb = 512;
  std::string code_sha256;  // base64 of the package's SHA-256
  int64_t code_size = 0;    // the package's bytes
  // The package's directory under the registry's code directory (a number
  // that grows with each upload); 0 for a function of the functions file,
  // whose CodeDirectory is the user's own.
  uint64_t code_generation = 0;
  std::string revision_id;
  int64_t last_modified_millis = 0;
  std::map<std::string, std::string> tags;
  std::vector<std::string> policy_statements;  // AddPermission's statements, JSON objects as text
  bool from_file = false;
};

// Lambda's states of a mapping. The registry settles the transitional ones
// (Creating, Enabling, Updating, Disabling, Deleting) as soon as the
// pollers have, so clients see them only in the answer that started them.
enum class MappingState { kCreating, kEnabling, kEnabled, kDisabling, kDisabled, kUpdating, kDeleting };
std::string_view MappingStateName(MappingState state);

struct MappingRecord {
  streams::MappingConfig config;  // uuid, checkpoint key, function, table, batch size, ...
  MappingState state = MappingState::kEnabled;
  int64_t created_millis = 0;  // listings are in creation order
  int64_t last_modified_millis = 0;
  std::string event_source_arn;  // as Lambda reports it: the stream's ARN
  int64_t starting_position_timestamp = 0;  // AT_TIMESTAMP, epoch seconds
  int parallelization_factor = 1;           // accepted and reported; eddy reads one shard
  int tumbling_window_seconds = 0;          // accepted and reported; not applied
  // DestinationConfig.OnFailure.Destination as given (an SQS or SNS ARN);
  // the records go to a file named after it (config.on_failure_path).
  std::string on_failure_destination;
  bool from_file = false;
};

std::string SerializeFunction(const FunctionRecord& record);
std::optional<FunctionRecord> ParseFunction(std::string_view json);
std::string SerializeMapping(const MappingRecord& record);
std::optional<MappingRecord> ParseMapping(std::string_view json);

}  // namespace eddy::registry

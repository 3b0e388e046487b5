// One event source mapping, as read from the functions file: Lambda's
// CreateEventSourceMapping fields for a DynamoDB stream source.
#pragma once

#include <string>
#include <vector>

namespace eddy::streams {

enum class StartingPosition { kTrimHorizon, kLatest };

struct MappingConfig {
  // The mapping's UUID and the state key of its checkpoint. Mappings
  // created through Lambda's API get a random UUID and "poller/esm/<UUID>";
  // left empty (the functions file), both derive from the function and the
  // table, so a checkpoint outlives restarts and edits of the file.
  std::string uuid;
  std::string checkpoint_key;
  std::string function_name;
  // The table whose stream is read: TableName, or the table named in
  // EventSourceArn (a table or stream ARN). eddy follows the table's
  // current stream, whatever its label.
  std::string table_name;
  std::string event_source_arn;  // as given in the file; empty if TableName was used
  int batch_size = 100;                       // BatchSize, 1..10000
  int maximum_batching_window_seconds = 0;    // MaximumBatchingWindowInSeconds, 0..300
  StartingPosition starting_position = StartingPosition::kTrimHorizon;  // required in the file
  bool enabled = true;                        // Enabled
  // FilterCriteria.Filters[].Pattern, each an EventBridge-style pattern
  // (JSON text); a record is delivered when any pattern matches it.
  std::vector<std::string> filter_patterns;
  int maximum_retry_attempts = -1;            // -1 = retry until the record expires
  int maximum_record_age_seconds = -1;        // -1 = no limit
  bool bisect_batch_on_function_error = false;
  bool report_batch_item_failures = false;    // FunctionResponseTypes: ["ReportBatchItemFailures"]
  std::string on_failure_path;                // DestinationConfig.OnFailure.Destination, absolute; empty = none
};

}  // namespace eddy::streams

// The record Lambda sends to an event source mapping's on-failure
// destination when it discards a batch of DynamoDB stream records ("Retain
// discarded records", Lambda developer guide). eddy appends it, one JSON
// object per line, to a local file.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::streams {

struct DiscardedBatch {
  std::string condition;        // "RetryAttemptsExhausted" or "RecordAgeExceeded"
  std::string request_id;       // of the last invocation ("" if never invoked)
  std::string function_arn;
  int approximate_invoke_count = 0;
  bool invoked = false;         // adds responseContext (functionError "Unhandled")
  int64_t now_millis = 0;
  std::string shard_id;
  std::string stream_arn;
  std::string start_sequence;   // the batch's first and last SequenceNumber
  std::string end_sequence;
  int64_t first_arrival_millis = 0;
  int64_t last_arrival_millis = 0;
  size_t batch_size = 0;
};

// The record as one line of JSON, newline included.
std::string OnFailureRecordLine(const DiscardedBatch& batch);

// Appends `line` to the file at `path`, creating it and its directory.
// Returns false (with *error) if it cannot.
bool AppendLine(const std::string& path, const std::string& line, std::string* error);

}  // namespace eddy::streams

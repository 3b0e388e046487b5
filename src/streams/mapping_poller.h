// MappingPoller: one event source mapping's poller, on its own thread, as
// Lambda's poller works a DynamoDB stream shard (one shard per stream here):
// read records after the checkpoint, wait for a full batch or the batching
// window, drop records the filter rejects, invoke, and checkpoint only
// after success. Failures follow Lambda's rules: retry the batch (blocking
// the shard) with backoff until it succeeds, MaximumRetryAttempts or
// MaximumRecordAgeInSeconds; bisect on error; resume from the lowest
// reported batchItemFailure; send exhausted batches to the on-failure file.
//
// The checkpoint is a sequence number (the last record fully handled),
// stored with Engine::PutState, so delivery is at least once across a
// kill -9 and never skips a failed batch. Sequence numbers are global and
// increasing across a table's streams, so the poller simply follows the
// table's newest stream: a stream disabled and enabled again, or a table
// created after eddy started, is picked up without a new mapping.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "core/region.h"
#include "engine/engine.h"
#include "streams/delivery.h"
#include "streams/event_filter.h"
#include "streams/mapping_config.h"

namespace eddy::streams {

struct PollerContext {
  Engine* engine = nullptr;
  std::string region{kDefaultRegion};  // for the ARNs in records
  // Called whenever caught_up_to() moves (the Pollers' waiters recheck).
  std::function<void()> on_progress;
};

class MappingPoller {
 public:
  MappingPoller(MappingConfig config, EventFilter filter, std::string function_arn, DeliverFunction deliver,
                PollerContext context);
  ~MappingPoller();
  MappingPoller(const MappingPoller&) = delete;
  MappingPoller& operator=(const MappingPoller&) = delete;

  // Loads the checkpoint (or sets it from StartingPosition and saves it)
  // and starts the thread when the mapping is enabled. Throws on storage
  // errors.
  void Start();
  // Asks the thread to finish; the caller then wakes it (the engine's
  // StreamNotifier::WakeAll) and calls Join().
  void RequestStop() { stopping_.store(true); }
  void Join();

  const MappingConfig& config() const { return config_; }
  const std::string& uuid() const { return uuid_; }
  // Every stream record with a sequence number up to this has been handled
  // (delivered, filtered out or discarded). Disabled mappings report the
  // maximum: nothing is waiting on them.
  uint64_t caught_up_to() const { return caught_up_to_.load(); }
  // Lambda's GetEventSourceMapping fields plus eddy's own (Checkpoint,
  // RecordsBehind, ...), as one JSON object.
  void WriteStatus(JsonWriter& w) const;
  // Lambda's LastProcessingResult: "No records processed", "OK", "PROBLEM: ...".
  std::string last_result() const {
    std::lock_guard lock(status_mutex_);
    return last_result_;
  }
  // The stream being read, once known (else empty).
  std::string stream_arn() const {
    std::lock_guard lock(status_mutex_);
    return stream_arn_;
  }

  // The key of the checkpoint in the engine's state: the config's, or one
  // per function and table (from which a stable UUID derives).
  static std::string CheckpointKey(const MappingConfig& config);
  // The UUID of a mapping that has none of its own (the functions file's).
  static std::string StableUuid(const MappingConfig& config);

 private:
  struct Batch;  // records read from the stream, with their stream

  void Run();
  void RunOnce();
  // Reads up to `limit` records after the checkpoint from the table's
  // oldest stream that has any. Empty when there is none.
  Batch ReadBatch(size_t limit) const;
  void Process(Batch& batch);
  // A failed invocation of the records of `batch` from `begin` on: retry
  // after a backoff, or discard them once MaximumRetryAttempts is used up.
  void RetryOrDiscard(const Batch& batch, size_t begin);
  // Sends records [begin, end) of `batch` to the on-failure destination and
  // checkpoints past them.
  void Discard(const Batch& batch, size_t begin, size_t end, const char* condition);
  void SaveCheckpoint(uint64_t sequence);
  void MarkCaughtUp(uint64_t sequence);
  // Waits until `deadline` or stop, ignoring commits.
  void Backoff(std::chrono::steady_clock::time_point deadline);
  void SetResult(std::string result);

  const MappingConfig config_;
  const EventFilter filter_;
  const std::string function_arn_;
  const DeliverFunction deliver_;
  const PollerContext context_;
  const std::string uuid_;
  const std::string region_json_;

  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> checkpoint_{0};
  std::atomic<uint64_t> caught_up_to_{0};
  std::thread thread_;

  // Retry state of the batch at the checkpoint (poller thread only).
  int failures_ = 0;         // failed invocations counting against MaximumRetryAttempts
  int invocations_ = 0;      // invocations of the records at the checkpoint
  size_t bisect_limit_ = 0;  // batch size after a bisect; 0 = BatchSize
  std::string last_request_id_;
  std::chrono::steady_clock::time_point window_deadline_{};  // batching window in progress

  mutable std::mutex status_mutex_;
  std::string last_result_ = "No records processed";  // guarded by status_mutex_
  std::string last_error_;                             // guarded by status_mutex_
  std::string stream_arn_;                             // guarded by status_mutex_
  std::atomic<int64_t> last_processed_millis_{0};
  std::atomic<uint64_t> invocation_count_{0};
};

}  // namespace eddy::streams

// Pollers: every event source mapping's poller, started and stopped
// together, with what the admin API asks of them: their state, and a wait
// until they have handled everything committed so far (so a test can write,
// wait, then assert on a handler's effects instead of sleeping).
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "streams/mapping_poller.h"

namespace eddy::streams {

class Pollers {
 public:
  Pollers(Engine& engine, std::string region);
  ~Pollers();
  Pollers(const Pollers&) = delete;
  Pollers& operator=(const Pollers&) = delete;

  // Adds a mapping (before Start). False with *error when its filter is
  // invalid or the same function already has a mapping on the table.
  bool Add(MappingConfig config, std::string function_arn, DeliverFunction deliver, std::string* error);
  // Starts every poller (loads or creates their checkpoints).
  void Start();
  // Tells every poller to stop and wakes them, without waiting: call it
  // before shutting down the functions they invoke, so an invocation cut
  // short is not taken for a failure. Idempotent.
  void BeginStop();
  // BeginStop(), then joins every poller. Idempotent.
  void Stop();

  bool empty() const { return pollers_.empty(); }
  // {"EventSourceMappings": [<MappingPoller::WriteStatus>...]}
  std::string StatusJson() const;
  // Blocks until every enabled mapping has handled every stream record
  // committed before the call, until `deadline`, or until Stop(). True when
  // caught up.
  bool WaitCaughtUp(std::chrono::steady_clock::time_point deadline);

 private:
  bool CaughtUp(uint64_t target) const;
  void OnProgress();

  Engine& engine_;
  const std::string region_;
  std::vector<std::unique_ptr<MappingPoller>> pollers_;
  std::mutex mutex_;
  std::condition_variable progress_;
  bool stopped_ = false;  // guarded by mutex_
};

}  // namespace eddy::streams

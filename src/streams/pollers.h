// Pollers: every event source mapping's poller, added and removed while
// eddy runs (by the runtime registry), with what the admin API asks of
// them: their state, and a wait until they have handled everything
// committed so far (so a test can write, wait, then assert on a handler's
// effects instead of sleeping). Thread-safe: the set is guarded by one
// mutex, never held while a poller is joined.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
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

  // Adds a mapping, started at once if Start() was called. False with
  // *error when its filter is invalid, or its UUID is taken, or the same
  // function already has a mapping on the table. Throws on storage errors
  // (loading the checkpoint).
  bool Add(MappingConfig config, std::string function_arn, DeliverFunction deliver, std::string* error);
  // Takes the poller with `uuid` out of the set, told to stop; the caller
  // joins it (MappingPoller::Join) where waiting is fine, as a batch being
  // delivered is let finish. Null when there is none.
  std::unique_ptr<MappingPoller> Remove(std::string_view uuid);
  // Calls `visit` with the poller of `uuid` under the lock; false if none.
  bool Visit(std::string_view uuid, const std::function<void(const MappingPoller&)>& visit) const;
  // Starts every poller added so far (loads or creates their checkpoints);
  // later ones start as they are added.
  void Start();
  // Tells every poller to stop and wakes them, without waiting: call it
  // before shutting down the functions they invoke, so an invocation cut
  // short is not taken for a failure. Idempotent.
  void BeginStop();
  // BeginStop(), then joins every poller. Idempotent.
  void Stop();

  // {"EventSourceMappings": [<MappingPoller::WriteStatus>...]}
  std::string StatusJson() const;
  // Blocks until every enabled mapping has handled every stream record
  // committed before the call, until `deadline`, or until Stop(). True when
  // caught up.
  bool WaitCaughtUp(std::chrono::steady_clock::time_point deadline);

 private:
  bool CaughtUp(uint64_t target) const;  // call with mutex_ held
  void OnProgress();

  Engine& engine_;
  const std::string region_;
  // Lock order: membership_mutex_ -> mutex_. membership_mutex_ serializes
  // the changes of the set (held while a poller starts, which reports
  // progress); mutex_ guards the set for readers and the waiters' cv.
  std::mutex membership_mutex_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<MappingPoller>> pollers_;  // changed under both, read under either
  std::condition_variable progress_;
  bool started_ = false;  // guarded by membership_mutex_
  bool stopped_ = false;  // written under both, read under either
};

}  // namespace eddy::streams

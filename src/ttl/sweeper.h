// TtlSweeper: deletes expired items of every table with TTL enabled, on a
// background thread every `interval`, and on demand (SweepNow, behind the
// admin API's POST /_eddy/ttl/sweep).
//
// A sweep scans each table in pages and deletes each expired item with its
// own Engine::Write (a TtlDeleteOp), so the write lock is held for one item
// at a time and writers interleave with a sweep of a large table. Expiry is
// judged at the time the sweep starts, on the engine's clock (which the
// admin API can move forward).
//
// Real DynamoDB deletes expired items "typically within a few days"; eddy
// deletes them within one interval (default 1 s), because a local user wants
// to see expiry at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>

#include "engine/engine.h"

namespace eddy {

class TtlSweeper {
 public:
  // Items per scan page; each page is a short read with no lock held.
  static constexpr int64_t kPageSize = 1000;

  // `engine` outlives the sweeper. An `interval` of zero means no
  // background thread: only SweepNow() deletes.
  TtlSweeper(Engine& engine, std::chrono::milliseconds interval);
  ~TtlSweeper();  // Stop()s
  TtlSweeper(const TtlSweeper&) = delete;
  TtlSweeper& operator=(const TtlSweeper&) = delete;

  // Starts the background thread (unless the interval is zero). Call once.
  void Start();
  // Wakes and joins the background thread; an ongoing sweep finishes its
  // current table page first. Idempotent.
  void Stop();

  // Sweeps every TTL-enabled table now, on the caller's thread, serialized
  // with the background thread's sweeps. Returns how many items it deleted.
  // Never throws: an error in one table is logged to stderr and the sweep
  // goes on with the next table.
  size_t SweepNow();

 private:
  void Run();
  size_t SweepTable(const TableInfo& table, int64_t now_seconds);

  Engine& engine_;
  const std::chrono::milliseconds interval_;
  std::mutex sweep_mutex_;  // one sweep at a time
  std::mutex state_mutex_;  // guards stopping_
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace eddy

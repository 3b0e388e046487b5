#include "ttl/sweeper.h"

#include <exception>
#include <iostream>
#include <string>

#include "engine/primary_key.h"
#include "ttl/expiry.h"
#include "ttl/ttl_delete_op.h"

namespace eddy {

TtlSweeper::TtlSweeper(Engine& engine, std::chrono::milliseconds interval)
    : engine_(engine), interval_(interval) {}

TtlSweeper::~TtlSweeper() { Stop(); }

void TtlSweeper::Start() {
  if (interval_.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void TtlSweeper::Stop() {
  {
    std::lock_guard lock(state_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TtlSweeper::Run() {
  std::unique_lock lock(state_mutex_);
  while (!stopping_) {
    // wait_for with a predicate: no busy sleep, and Stop() wakes it at once.
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    lock.unlock();
    SweepNow();  // never throws
    lock.lock();
  }
}

size_t TtlSweeper::SweepNow() {
  std::lock_guard sweep_lock(sweep_mutex_);
  const int64_t now_seconds = engine_.clock().NowSeconds();
  size_t deleted = 0;
  for (const std::string& name : engine_.TableNames()) {
    TableInfoPtr table = engine_.FindTable(name);
    if (!table || !table->ttl.enabled) continue;
    try {
      deleted += SweepTable(*table, now_seconds);
    } catch (const std::exception& e) {
      // No exception leaves a sweep: log it and go on with the next table.
      std::cerr << "eddy: TTL sweep of table " << name << " failed: " << e.what() << "\n";
    }
  }
  // The same background pass enforces the stream log's 24-hour retention
  // (cheap: one seek per stream when nothing is old enough).
  try {
    engine_.TrimStreams();
  } catch (const std::exception& e) {
    std::cerr << "eddy: trimming stream records failed: " << e.what() << "\n";
  }
  return deleted;
}

size_t TtlSweeper::SweepTable(const TableInfo& table, int64_t now_seconds) {
  size_t deleted = 0;
  ScanSpec spec;
  spec.options.limit = kPageSize;
  while (true) {
    ReadPage page = engine_.Scan(table, spec);
    for (const Item& item : page.items) {
      if (!IsItemExpired(item, table.ttl.attribute, now_seconds)) continue;
      // The table's latest settings for each delete: it may have been
      // deleted, had TTL disabled, or had its stream changed meanwhile.
      TableInfoPtr current = engine_.FindTable(table.name);
      if (!current || current->key_space.id != table.key_space.id || !current->ttl.enabled ||
          current->ttl.attribute != table.ttl.attribute) {
        return deleted;
      }
      TtlDeleteOp op(*current, KeyAttributesOf(current->key_space, item), current->ttl.attribute, now_seconds);
      WriteOutcome outcome = engine_.Write(*current, op);
      // condition_failed: the item was deleted or rewritten (and is no longer
      // expired) since the scan read it.
      if (!outcome.condition_failed && outcome.had_item) ++deleted;
    }
    if (!page.last_evaluated_key) return deleted;
    spec.options.exclusive_start_key = std::move(*page.last_evaluated_key);
    {
      std::lock_guard lock(state_mutex_);
      if (stopping_) return deleted;  // shutting down: leave the rest for next time
    }
  }
}

}  // namespace eddy

#include "streams/pollers.h"

#include <algorithm>

namespace eddy::streams {

Pollers::Pollers(Engine& engine, std::string region) : engine_(engine), region_(std::move(region)) {}

Pollers::~Pollers() { Stop(); }

bool Pollers::Add(MappingConfig config, std::string function_arn, DeliverFunction deliver, std::string* error) {
  EventFilter filter;
  if (!EventFilter::Parse(config.filter_patterns, &filter, error)) {
    *error = "function " + config.function_name + ", mapping on table " + config.table_name + ": " + *error;
    return false;
  }
  PollerContext context{&engine_, region_, [this] { OnProgress(); }};
  auto poller = std::make_unique<MappingPoller>(std::move(config), std::move(filter), std::move(function_arn),
                                                std::move(deliver), std::move(context));
  std::lock_guard membership(membership_mutex_);
  {
  std::lock_guard lock(mutex_);
  for (const auto& other : pollers_) {
    if (other->config().function_name == poller->config().function_name &&
        other->config().table_name == poller->config().table_name) {
      *error = "function " + other->config().function_name + " has two event source mappings on table " +
               other->config().table_name;
      return false;
    }
    if (other->uuid() == poller->uuid()) {
      *error = "an event source mapping with UUID " + other->uuid() + " exists";
      return false;
    }
  }
  pollers_.push_back(std::move(poller));
  }
  // Started outside mutex_: a poller reports progress as it starts, which
  // takes it. membership_mutex_ keeps it from being removed meanwhile.
  if (started_ && !stopped_) {
    try {
      pollers_.back()->Start();
    } catch (...) {
      std::lock_guard lock(mutex_);
      pollers_.pop_back();
      throw;
    }
  }
  return true;
}

std::unique_ptr<MappingPoller> Pollers::Remove(std::string_view uuid) {
  std::unique_ptr<MappingPoller> removed;
  {
    std::lock_guard membership(membership_mutex_);
    std::lock_guard lock(mutex_);
    auto it = std::find_if(pollers_.begin(), pollers_.end(), [&](const auto& p) { return p->uuid() == uuid; });
    if (it == pollers_.end()) return nullptr;
    removed = std::move(*it);
    pollers_.erase(it);
  }
  removed->RequestStop();
  engine_.stream_notifier().WakeAll();
  // Waiters no longer wait for it.
  OnProgress();
  return removed;
}

bool Pollers::Visit(std::string_view uuid, const std::function<void(const MappingPoller&)>& visit) const {
  std::lock_guard lock(mutex_);
  for (const auto& poller : pollers_) {
    if (poller->uuid() == uuid) {
      visit(*poller);
      return true;
    }
  }
  return false;
}

void Pollers::Start() {
  std::lock_guard membership(membership_mutex_);
  if (started_ || stopped_) return;
  started_ = true;
  for (auto& poller : pollers_) poller->Start();
}

void Pollers::BeginStop() {
  {
    std::lock_guard membership(membership_mutex_);
    std::lock_guard lock(mutex_);
    stopped_ = true;
    for (auto& poller : pollers_) poller->RequestStop();
  }
  progress_.notify_all();
  engine_.stream_notifier().WakeAll();
}

void Pollers::Stop() {
  BeginStop();
  // Joined outside the lock: a poller finishing its batch reports progress,
  // which takes it.
  std::vector<std::unique_ptr<MappingPoller>> stopping;
  {
    std::lock_guard membership(membership_mutex_);
    std::lock_guard lock(mutex_);
    stopping.swap(pollers_);
  }
  for (auto& poller : stopping) poller->Join();
}

std::string Pollers::StatusJson() const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("EventSourceMappings");
  w.StartArray();
  std::lock_guard lock(mutex_);
  for (const auto& poller : pollers_) poller->WriteStatus(w);
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool Pollers::CaughtUp(uint64_t target) const {
  for (const auto& poller : pollers_) {
    if (poller->caught_up_to() < target) return false;
  }
  return true;
}

void Pollers::OnProgress() {
  // Taking the mutex orders this notify after a waiter's predicate check.
  std::lock_guard lock(mutex_);
  progress_.notify_all();
}

bool Pollers::WaitCaughtUp(std::chrono::steady_clock::time_point deadline) {
  const uint64_t target = engine_.LatestSequence();
  // Idle pollers last looked before this call: make them look again, so
  // their caught-up mark reaches the target without waiting for a commit.
  engine_.stream_notifier().WakeAll();
  std::unique_lock lock(mutex_);
  return progress_.wait_until(lock, deadline, [&] { return stopped_ || CaughtUp(target); }) && !stopped_;
}

}  // namespace eddy::streams

#include "streams/pollers.h"

namespace eddy::streams {

Pollers::Pollers(Engine& engine, std::string region) : engine_(engine), region_(std::move(region)) {}

Pollers::~Pollers() { Stop(); }

bool Pollers::Add(MappingConfig config, std::string function_arn, DeliverFunction deliver, std::string* error) {
  for (const auto& poller : pollers_) {
    if (MappingPoller::CheckpointKey(poller->config()) == MappingPoller::CheckpointKey(config)) {
      *error = "function " + config.function_name + " has two event source mappings on table " + config.table_name;
      return false;
    }
  }
  EventFilter filter;
  if (!EventFilter::Parse(config.filter_patterns, &filter, error)) {
    *error = "function " + config.function_name + ", mapping on table " + config.table_name + ": " + *error;
    return false;
  }
  PollerContext context{&engine_, region_, [this] { OnProgress(); }};
  pollers_.push_back(std::make_unique<MappingPoller>(std::move(config), std::move(filter), std::move(function_arn),
                                                     std::move(deliver), std::move(context)));
  return true;
}

void Pollers::Start() {
  for (auto& poller : pollers_) poller->Start();
}

void Pollers::BeginStop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  progress_.notify_all();
  for (auto& poller : pollers_) poller->RequestStop();
  engine_.stream_notifier().WakeAll();
}

void Pollers::Stop() {
  BeginStop();
  for (auto& poller : pollers_) poller->Join();
}

std::string Pollers::StatusJson() const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("EventSourceMappings");
  w.StartArray();
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

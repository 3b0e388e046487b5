#include "logs/log_store.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "logs/log_format.h"

namespace eddy::logs {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device random;
    path = fs::temp_directory_path() / ("eddy-logs-test-" + std::to_string(random()));
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::unique_ptr<LogStore> OpenStore(const TempDir& dir, const Clock& clock) {
  LogStoreOptions options;
  options.directory = dir.path.string();
  options.clock = &clock;
  std::string error;
  auto store = LogStore::Open(std::move(options), &error);
  REQUIRE_MESSAGE(store, error);
  return store;
}

std::vector<std::string> Messages(const LogStore& store, std::string_view group, std::string_view stream) {
  auto events = store.ReadStream(group, stream, LogStore::Range{});
  REQUIRE(events);
  std::vector<std::string> out;
  for (const auto& event : *events) out.push_back(event.message);
  return out;
}

constexpr std::string_view kGroup = "/aws/lambda/Music-handler";
constexpr std::string_view kStream = "2026/11/25/[$LATEST]0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE("append, then reload: multi-line messages and odd names survive") {
  TempDir dir;
  ManualClock clock(1764064800000);
  const std::string odd_stream = "we/ird \xc3\xa9 %2F .. \\ [$LATEST]";
  {
    auto store = OpenStore(dir, clock);
    store->Append(kGroup, kStream, 1764064800001, "START RequestId: 1 Version: $LATEST");
    store->Append(kGroup, kStream, 1764064800002, "Traceback:\n  line 1\n\tline 2\r\n");
    store->Append(kGroup, kStream, 1764064800003, "{\"a\":\"x\\ny\"}");
    store->EnsureStream(kGroup, "empty-stream");
    store->Append(kGroup, odd_stream, 5, "odd");
    CHECK(store->SetRetention(kGroup, 7) == LogStatus::kOk);
  }
  // The stream file is plain text, one line per event.
  const fs::path file = dir.path / EncodeFileName(kGroup) / (EncodeFileName(kStream) + ".log");
  std::ifstream in(file);
  std::string first_line;
  std::getline(in, first_line);
  CHECK(first_line == "2025-11-25T10:00:00.001Z\tSTART RequestId: 1 Version: $LATEST");

  auto store = OpenStore(dir, clock);
  CHECK(Messages(*store, kGroup, kStream) ==
        std::vector<std::string>{"START RequestId: 1 Version: $LATEST", "Traceback:\n  line 1\n\tline 2\r\n",
                                 "{\"a\":\"x\\ny\"}"});
  CHECK(Messages(*store, kGroup, odd_stream) == std::vector<std::string>{"odd"});
  CHECK(Messages(*store, kGroup, "empty-stream").empty());
  auto group = store->Group(kGroup);
  REQUIRE(group);
  CHECK(group->retention_in_days == 7);
  CHECK(group->creation_time == 1764064800000);
  auto streams = store->Streams(kGroup);
  REQUIRE(streams);
  CHECK(streams->size() == 3);
  // Appending after a reload continues the sequence (event ids stay unique).
  store->Append(kGroup, kStream, 1764064800004, "after restart");
  auto events = store->ReadStream(kGroup, kStream, LogStore::Range{});
  REQUIRE(events);
  CHECK(events->back().sequence == 3);
}

TEST_CASE("groups and streams: create, exists, delete") {
  TempDir dir;
  ManualClock clock(1000);
  auto store = OpenStore(dir, clock);
  CHECK(store->CreateStream("g", "s") == LogStatus::kGroupNotFound);
  CHECK(store->CreateGroup("g") == LogStatus::kOk);
  CHECK(store->CreateGroup("g") == LogStatus::kAlreadyExists);
  CHECK(store->CreateStream("g", "s") == LogStatus::kOk);
  CHECK(store->CreateStream("g", "s") == LogStatus::kAlreadyExists);
  uint64_t sequence = 0;
  CHECK(store->PutEvents("g", "nope", {{1, "x"}}, &sequence) == LogStatus::kStreamNotFound);
  CHECK(store->PutEvents("g", "s", {{1, "x"}, {2, "y"}}, &sequence) == LogStatus::kOk);
  CHECK(sequence == 1);
  CHECK(store->DeleteStream("g", "s") == LogStatus::kOk);
  CHECK(store->DeleteStream("g", "s") == LogStatus::kStreamNotFound);
  CHECK(store->DeleteGroup("g") == LogStatus::kOk);
  CHECK(store->DeleteGroup("g") == LogStatus::kGroupNotFound);
  CHECK(store->Groups().empty());
  // Deleted from disk too.
  auto reopened = OpenStore(dir, clock);
  CHECK(reopened->Groups().empty());
}

TEST_CASE("reads in time order, by position and time range, forward and backward") {
  TempDir dir;
  ManualClock clock(1000);
  auto store = OpenStore(dir, clock);
  store->Append("g", "s", 30, "c");
  store->Append("g", "s", 10, "a");  // older than the last: inserted in order
  store->Append("g", "s", 20, "b");
  store->Append("g", "s", 40, "d");
  CHECK(Messages(*store, "g", "s") == std::vector<std::string>{"a", "b", "c", "d"});

  LogStore::Range range;
  range.limit = 2;
  auto head = store->ReadStream("g", "s", range);
  REQUIRE(head);
  REQUIRE(head->size() == 2);
  CHECK((*head)[1].message == "b");
  range.backward = true;
  auto tail = store->ReadStream("g", "s", range);
  REQUIRE(tail);
  CHECK((*tail)[0].message == "c");
  CHECK((*tail)[1].message == "d");

  LogStore::Range window;
  window.start_time = 20;
  window.end_time = 40;  // exclusive
  auto middle = store->ReadStream("g", "s", window);
  REQUIRE(middle);
  CHECK(middle->size() == 2);

  LogStore::Range after;
  after.from = EventKey{(*head)[1].timestamp, (*head)[1].sequence + 1};
  auto rest = store->ReadStream("g", "s", after);
  REQUIRE(rest);
  CHECK(rest->size() == 2);
  CHECK(rest->front().message == "c");
  CHECK_FALSE(store->ReadStream("g", "missing", range));
}

TEST_CASE("a group scan merges streams by time, then name, and resumes after a position") {
  TempDir dir;
  ManualClock clock(1000);
  auto store = OpenStore(dir, clock);
  store->Append("g", "b", 1, "b1");
  store->Append("g", "a", 1, "a1");
  store->Append("g", "a", 3, "a3");
  store->Append("g", "b", 2, "b2");
  store->Append("g", "c", 2, "c2");
  std::vector<std::string> seen;
  std::vector<LogStore::MergedPosition> positions;
  auto all = [](std::string_view) { return true; };
  auto collect = [&](std::string_view stream, uint64_t, const LogEvent& event) {
    seen.push_back(event.message);
    positions.push_back({event.timestamp, std::string(stream), event.sequence});
    return true;
  };
  CHECK(store->ScanGroup("g", all, INT64_MIN, INT64_MAX, std::nullopt, collect));
  CHECK(seen == std::vector<std::string>{"a1", "b1", "b2", "c2", "a3"});
  for (size_t i = 0; i < positions.size(); ++i) {
    std::vector<std::string> expected(seen.begin() + static_cast<std::ptrdiff_t>(i) + 1, seen.end());
    std::vector<std::string> resumed;
    store->ScanGroup("g", all, INT64_MIN, INT64_MAX, positions[i],
                     [&](std::string_view, uint64_t, const LogEvent& event) {
                       resumed.push_back(event.message);
                       return true;
                     });
    CHECK(resumed == expected);
  }
  seen.clear();
  store->ScanGroup("g", [](std::string_view s) { return s != "b"; }, 2, 3, std::nullopt, collect);
  CHECK(seen == std::vector<std::string>{"c2"});
  CHECK_FALSE(store->ScanGroup("missing", all, INT64_MIN, INT64_MAX, std::nullopt, collect));
}

TEST_CASE("concurrent appends from several threads are all kept") {
  TempDir dir;
  ManualClock clock(1000);
  std::atomic<int> echoed{0};
  {
    LogStoreOptions options;
    options.directory = dir.path.string();
    options.clock = &clock;
    options.echo = [&](std::string_view, std::string_view, std::string_view) { ++echoed; };
    std::string error;
    auto store = LogStore::Open(std::move(options), &error);
    REQUIRE(store);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&store, t] {
        for (int i = 0; i < 200; ++i) {
          store->Append("g", "s" + std::to_string(t % 2), i, "t" + std::to_string(t) + " line\n" + std::to_string(i));
        }
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(Messages(*store, "g", "s0").size() == 400);
  }
  CHECK(echoed == 800);
  auto reopened = OpenStore(dir, clock);
  CHECK(Messages(*reopened, "g", "s0").size() == 400);
  CHECK(Messages(*reopened, "g", "s1").size() == 400);
}

}  // namespace eddy::logs

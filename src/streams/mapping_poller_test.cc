// The poller against a real engine (RocksDB in a temporary directory) and a
// fake function, so every mapping option and failure path is checked
// without processes: tests/integration covers real handlers.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "streams/pollers.h"

namespace eddy::streams {
namespace {

using namespace std::chrono_literals;

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("eddy-poller-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// Records what the function saw; `respond` decides each invocation.
struct FakeFunction {
  std::mutex mutex;
  std::vector<std::vector<std::string>> batches;  // the Keys' "Id" of each record, per invocation
  std::function<DeliveryResult(const JsonDocument& event)> respond = [](const JsonDocument&) {
    return DeliveryResult{true, "null", "req"};
  };

  DeliverFunction Deliver() {
    return [this](const std::string& event_json) {
      JsonDocument event;
      event.Parse(event_json.c_str());
      std::vector<std::string> ids;
      for (const JsonValue& record : event["Records"].GetArray()) {
        ids.push_back(record["dynamodb"]["Keys"]["Id"]["S"].GetString());
      }
      std::lock_guard lock(mutex);
      batches.push_back(ids);
      return respond(event);
    };
  }
  std::vector<std::vector<std::string>> Batches() {
    std::lock_guard lock(mutex);
    return batches;
  }
  std::vector<std::string> Delivered() {
    std::vector<std::string> all;
    for (const auto& batch : Batches()) all.insert(all.end(), batch.begin(), batch.end());
    return all;
  }
};

struct Harness {
  TempDir dir;
  ManualClock clock{1'700'000'000'000};
  std::unique_ptr<Engine> engine;
  TableInfoPtr table;

  Harness() {
    Open();
    TableInfo spec;
    spec.name = "Music";
    spec.key_space.schema.hash = {"Id", AttributeType::kString};
    spec.attribute_definitions = {{"Id", AttributeType::kString}};
    spec.billing_mode = BillingMode::kPayPerRequest;
    spec.stream = {true, "NEW_AND_OLD_IMAGES", ""};
    table = engine->CreateTable(spec);
  }
  void Open() { engine = Engine::Open({(dir.path / "db").string(), &clock}); }
  void Put(std::string id, std::string kind = "song") {
    engine->Write(*table, PutOp(*table, {{"Id", AttributeValue::String(std::move(id))},
                                         {"Kind", AttributeValue::String(std::move(kind))}}));
  }
  std::unique_ptr<Pollers> Poll(MappingConfig config, FakeFunction& function) {
    auto pollers = std::make_unique<Pollers>(*engine, "us-east-1");
    config.function_name = config.function_name.empty() ? "fn" : config.function_name;
    config.table_name = "Music";
    std::string error;
    REQUIRE(pollers->Add(config, "arn:aws:lambda:us-east-1:000000000000:function:fn", function.Deliver(), &error));
    pollers->Start();
    return pollers;
  }
};

bool WaitCaughtUp(Pollers& pollers) { return pollers.WaitCaughtUp(std::chrono::steady_clock::now() + 10s); }

DeliveryResult Fail() { return {false, "", "req"}; }

std::vector<std::string> Lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_CASE("records reach the function in commit order as Lambda's event, and a restart resumes") {
  Harness h;
  FakeFunction function;
  std::string first_event;
  function.respond = [&](const JsonDocument& event) {
    if (first_event.empty()) {
      rapidjson::StringBuffer buffer;
      JsonWriter w(buffer);
      event.Accept(w);
      first_event = buffer.GetString();
    }
    return DeliveryResult{true, "null", "req"};
  };
  {
    auto pollers = h.Poll({}, function);
    h.Put("a");
    h.Put("b");
    REQUIRE(WaitCaughtUp(*pollers));
    CHECK(function.Delivered() == std::vector<std::string>{"a", "b"});
    CHECK(first_event.find(R"("eventSourceARN":"arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream/)") !=
          std::string::npos);
    CHECK(first_event.find(R"("eventSource":"aws:dynamodb")") != std::string::npos);
    CHECK(first_event.find(R"("awsRegion":"us-east-1")") != std::string::npos);
    pollers->Stop();
  }
  h.Put("c");  // written while no poller runs
  h.engine.reset();
  h.Open();
  h.table = h.engine->GetTable("Music");
  auto pollers = h.Poll({}, function);
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Delivered() == std::vector<std::string>{"a", "b", "c"});
  CHECK(pollers->StatusJson().find(R"("LastProcessingResult":"OK")") != std::string::npos);
}

TEST_CASE("LATEST starts after what is already in the stream; TRIM_HORIZON from the start") {
  Harness h;
  h.Put("old");
  FakeFunction latest, horizon;
  MappingConfig at_latest;
  at_latest.starting_position = StartingPosition::kLatest;
  auto pollers = h.Poll(at_latest, latest);
  MappingConfig at_horizon;
  at_horizon.function_name = "other";
  auto horizon_pollers = h.Poll(at_horizon, horizon);
  h.Put("new");
  REQUIRE(WaitCaughtUp(*pollers));
  REQUIRE(WaitCaughtUp(*horizon_pollers));
  CHECK(latest.Delivered() == std::vector<std::string>{"new"});
  CHECK(horizon.Delivered() == std::vector<std::string>{"old", "new"});
}

TEST_CASE("BatchSize splits the records into batches") {
  Harness h;
  for (const char* id : {"a", "b", "c", "d", "e"}) h.Put(id);
  FakeFunction function;
  MappingConfig config;
  config.batch_size = 2;
  auto pollers = h.Poll(config, function);
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Batches() == std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}, {"e"}});
}

TEST_CASE("the batching window gathers records written within it into one batch") {
  Harness h;
  FakeFunction function;
  MappingConfig config;
  config.maximum_batching_window_seconds = 1;
  auto pollers = h.Poll(config, function);
  h.Put("a");
  h.Put("b");
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Batches() == std::vector<std::vector<std::string>>{{"a", "b"}});
}

TEST_CASE("records the filter rejects are skipped, and the checkpoint moves past them") {
  Harness h;
  FakeFunction function;
  MappingConfig config;
  config.filter_patterns = {R"({"dynamodb": {"NewImage": {"Kind": {"S": ["album"]}}}})"};
  auto pollers = h.Poll(config, function);
  h.Put("a", "song");
  h.Put("b", "album");
  h.Put("c", "song");
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Delivered() == std::vector<std::string>{"b"});
  CHECK(pollers->StatusJson().find(R"("RecordsBehind":0)") != std::string::npos);
}

TEST_CASE("a failing batch blocks the shard and is retried until it succeeds") {
  Harness h;
  FakeFunction function;
  int calls = 0;
  function.respond = [&](const JsonDocument&) { return ++calls < 3 ? Fail() : DeliveryResult{true, "null", "r"}; };
  auto pollers = h.Poll({}, function);
  h.Put("a");
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Batches() == std::vector<std::vector<std::string>>{{"a"}, {"a"}, {"a"}});
}

TEST_CASE("retries exhausted: the batch goes to the on-failure file and the shard moves on") {
  Harness h;
  FakeFunction function;
  function.respond = [](const JsonDocument& event) {
    std::string id = event["Records"][0]["dynamodb"]["Keys"]["Id"]["S"].GetString();
    return id == "bad" ? Fail() : DeliveryResult{true, "null", "r"};
  };
  MappingConfig config;
  config.maximum_retry_attempts = 2;
  config.on_failure_path = (h.dir.path / "failures" / "fn.jsonl").string();
  config.batch_size = 1;
  auto pollers = h.Poll(config, function);
  h.Put("bad");
  h.Put("good");
  REQUIRE(WaitCaughtUp(*pollers));
  // One invocation and two retries, then the next record.
  CHECK(function.Delivered() == std::vector<std::string>{"bad", "bad", "bad", "good"});
  std::vector<std::string> lines = Lines(config.on_failure_path);
  REQUIRE(lines.size() == 1);
  JsonDocument record;
  record.Parse(lines[0].c_str());
  CHECK(std::string(record["requestContext"]["condition"].GetString()) == "RetryAttemptsExhausted");
  CHECK(record["requestContext"]["approximateInvokeCount"].GetInt() == 3);
  CHECK(std::string(record["responseContext"]["functionError"].GetString()) == "Unhandled");
  CHECK(record["DDBStreamBatchInfo"]["batchSize"].GetInt() == 1);
  CHECK(std::string(record["DDBStreamBatchInfo"]["streamArn"].GetString()).find("table/Music/stream/") !=
        std::string::npos);
}

TEST_CASE("bisect on error isolates the failing record without using up retries") {
  Harness h;
  for (const char* id : {"a", "b", "c", "bad"}) h.Put(id);
  FakeFunction function;
  function.respond = [](const JsonDocument& event) {
    for (const JsonValue& record : event["Records"].GetArray()) {
      if (std::string(record["dynamodb"]["Keys"]["Id"]["S"].GetString()) == "bad") return Fail();
    }
    return DeliveryResult{true, "null", "r"};
  };
  MappingConfig config;
  config.bisect_batch_on_function_error = true;
  config.maximum_retry_attempts = 0;
  config.on_failure_path = (h.dir.path / "failed.jsonl").string();
  auto pollers = h.Poll(config, function);
  REQUIRE(WaitCaughtUp(*pollers));
  const auto batches = function.Batches();
  CHECK(batches.front() == std::vector<std::string>{"a", "b", "c", "bad"});
  CHECK(batches.back() == std::vector<std::string>{"bad"});
  std::vector<std::string> delivered = function.Delivered();
  for (const char* id : {"a", "b", "c"}) CHECK(std::count(delivered.begin(), delivered.end(), id) >= 1);
  std::vector<std::string> lines = Lines(config.on_failure_path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(R"("batchSize":1)") != std::string::npos);
}

TEST_CASE("ReportBatchItemFailures resumes from the lowest failed sequence number") {
  Harness h;
  for (const char* id : {"a", "b", "c"}) h.Put(id);
  FakeFunction function;
  int calls = 0;
  function.respond = [&](const JsonDocument& event) {
    if (++calls > 1) return DeliveryResult{true, R"({"batchItemFailures": []})", "r"};
    std::string seq = event["Records"][1]["dynamodb"]["SequenceNumber"].GetString();
    return DeliveryResult{true, R"({"batchItemFailures": [{"itemIdentifier": ")" + seq + R"("}]})", "r"};
  };
  MappingConfig config;
  config.report_batch_item_failures = true;
  auto pollers = h.Poll(config, function);
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Batches() == std::vector<std::vector<std::string>>{{"a", "b", "c"}, {"b", "c"}});
}

TEST_CASE("a batchItemFailures entry without a valid itemIdentifier fails the whole batch") {
  Harness h;
  h.Put("a");
  h.Put("b");
  FakeFunction function;
  int calls = 0;
  function.respond = [&](const JsonDocument&) {
    return DeliveryResult{true, ++calls == 1 ? R"({"batchItemFailures": [{"itemIdentifier": ""}]})" : "{}", "r"};
  };
  MappingConfig config;
  config.report_batch_item_failures = true;
  auto pollers = h.Poll(config, function);
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Batches() == std::vector<std::vector<std::string>>{{"a", "b"}, {"a", "b"}});
}

TEST_CASE("records older than MaximumRecordAgeInSeconds are discarded unprocessed") {
  Harness h;
  h.Put("stale");
  h.clock.Advance(120'000);
  h.Put("fresh");
  FakeFunction function;
  MappingConfig config;
  config.maximum_record_age_seconds = 60;
  config.on_failure_path = (h.dir.path / "aged.jsonl").string();
  auto pollers = h.Poll(config, function);
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Delivered() == std::vector<std::string>{"fresh"});
  std::vector<std::string> lines = Lines(config.on_failure_path);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(R"("condition":"RecordAgeExceeded")") != std::string::npos);
  CHECK(lines[0].find("responseContext") == std::string::npos);
}

TEST_CASE("waiting gives up at the deadline while a batch keeps failing, and the checkpoint stays") {
  Harness h;
  FakeFunction function;
  function.respond = [](const JsonDocument&) { return Fail(); };
  auto pollers = h.Poll({}, function);
  h.Put("a");
  CHECK_FALSE(pollers->WaitCaughtUp(std::chrono::steady_clock::now() + 200ms));
  CHECK(pollers->StatusJson().find(R"("RecordsBehind":1)") != std::string::npos);
  CHECK(pollers->StatusJson().find(R"("LastProcessingResult":"PROBLEM: Function call failed")") !=
        std::string::npos);
}

TEST_CASE("a mapping on a table without a stream yet starts when the stream does") {
  Harness h;
  FakeFunction function;
  MappingConfig config;
  config.starting_position = StartingPosition::kLatest;
  h.table = h.engine->UpdateTable("Music", [](const TableInfo&, TableInfo* t) { t->stream.enabled = false; });
  auto pollers = h.Poll(config, function);
  h.Put("unstreamed");
  h.table = h.engine->UpdateTable("Music", [](const TableInfo&, TableInfo* t) {
    t->stream.enabled = true;
    t->stream.view_type = "NEW_IMAGE";
  });
  h.Put("streamed");
  REQUIRE(WaitCaughtUp(*pollers));
  CHECK(function.Delivered() == std::vector<std::string>{"streamed"});
}

TEST_CASE("an invalid filter or a second mapping of the same function on a table is refused") {
  Harness h;
  Pollers pollers(*h.engine, "us-east-1");
  FakeFunction function;
  MappingConfig config;
  config.function_name = "fn";
  config.table_name = "Music";
  std::string error;
  CHECK(pollers.Add(config, "arn", function.Deliver(), &error));
  CHECK_FALSE(pollers.Add(config, "arn", function.Deliver(), &error));
  CHECK(error.find("two event source mappings") != std::string::npos);
  config.table_name = "Other";
  config.filter_patterns = {"not json"};
  CHECK_FALSE(pollers.Add(config, "arn", function.Deliver(), &error));
  CHECK(error.find("Invalid filter pattern") != std::string::npos);
}

TEST_CASE("mappings are added and removed while the pollers run") {
  Harness h;
  Pollers pollers(*h.engine, "us-east-1");
  pollers.Start();
  FakeFunction function;
  MappingConfig config;
  config.uuid = "0b5a4a9e-0000-4000-8000-000000000001";
  config.checkpoint_key = "poller/esm/" + config.uuid;
  config.function_name = "fn";
  config.table_name = "Music";
  std::string error;
  REQUIRE(pollers.Add(config, "arn", function.Deliver(), &error));
  h.Put("one");
  REQUIRE(WaitCaughtUp(pollers));
  CHECK(function.Delivered() == std::vector<std::string>{"one"});
  CHECK(h.engine->GetState(config.checkpoint_key));
  bool seen = false;
  CHECK(pollers.Visit(config.uuid, [&](const MappingPoller& poller) { seen = poller.uuid() == config.uuid; }));
  CHECK(seen);

  std::unique_ptr<MappingPoller> removed = pollers.Remove(config.uuid);
  REQUIRE(removed);
  removed->Join();
  CHECK_FALSE(pollers.Remove(config.uuid));
  CHECK_FALSE(pollers.Visit(config.uuid, [](const MappingPoller&) {}));
  h.Put("two");
  REQUIRE(WaitCaughtUp(pollers));  // nothing left to wait for
  CHECK(function.Delivered() == std::vector<std::string>{"one"});
}

}  // namespace
}  // namespace eddy::streams

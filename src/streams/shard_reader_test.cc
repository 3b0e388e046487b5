// The shard reader on a real engine (RocksDB in a temp dir, manual clock).
#include <doctest/doctest.h>

#include <filesystem>
#include <random>

#include "core/api_error.h"
#include "streams/shard_reader.h"

namespace eddy::streams {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("eddy-streams-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

TableInfo Spec(std::string name, bool stream) {
  TableInfo spec;
  spec.name = std::move(name);
  spec.key_space.schema.hash = {"p", AttributeType::kString};
  spec.attribute_definitions = {{"p", AttributeType::kString}};
  spec.billing_mode = BillingMode::kPayPerRequest;
  if (stream) spec.stream = {true, "KEYS_ONLY", ""};
  return spec;
}

void Put(Engine& engine, const TableInfo& table, const std::string& key, const std::string& value) {
  engine.Write(table, PutOp(table, {{"p", AttributeValue::String(key)},
                                    {"v", AttributeValue::String(value)}}));
}

constexpr size_t kMB = 1 << 20;

}  // namespace

TEST_CASE("iterator types start where DynamoDB's do") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(Spec("t1", true));
  TableInfoPtr other = engine->CreateTable(Spec("t2", true));
  const StreamDescriptor stream = table->streams.back();

  // An empty shard: every type starts at the next commit.
  const ShardPosition empty_start = StartPosition(*engine, *table, stream, IteratorType::kTrimHorizon, 0);
  CHECK_FALSE(empty_start.at_record);
  // The shard's start is fixed when the stream is created: the next commit then.
  CHECK(ShardSequenceRange(*engine, *table, stream).starting == stream.start_sequence);
  CHECK_FALSE(ShardSequenceRange(*engine, *table, stream).ending);

  Put(*engine, *table, "a", "1");
  Put(*engine, *other, "x", "1");  // sequence numbers are shared by all tables
  Put(*engine, *table, "b", "1");
  Put(*engine, *table, "a", "2");
  std::vector<StreamRecord> all = engine->ReadStream(*table, stream, 0, 100, kMB);
  REQUIRE(all.size() == 3);

  // The empty shard's iterator, taken before the writes, reads all of them.
  ShardPage page = ReadShard(*engine, *table, stream, empty_start, 100, kMB);
  CHECK(page.records.size() == 3);
  REQUIRE(page.next);

  const ShardPosition horizon = StartPosition(*engine, *table, stream, IteratorType::kTrimHorizon, 0);
  CHECK(horizon == ShardPosition{all[0].sequence, true});
  CHECK(ShardSequenceRange(*engine, *table, stream).starting == stream.start_sequence);
  CHECK(stream.start_sequence <= all[0].sequence);

  const ShardPosition latest = StartPosition(*engine, *table, stream, IteratorType::kLatest, 0);
  CHECK(ReadShard(*engine, *table, stream, latest, 100, kMB).records.empty());
  Put(*engine, *table, "c", "1");
  page = ReadShard(*engine, *table, stream, latest, 100, kMB);
  REQUIRE(page.records.size() == 1);
  const uint64_t c_sequence = page.records[0].sequence;

  const ShardPosition at = StartPosition(*engine, *table, stream, IteratorType::kAtSequenceNumber, all[1].sequence);
  CHECK(at == ShardPosition{all[1].sequence, true});
  const ShardPosition after = StartPosition(*engine, *table, stream, IteratorType::kAfterSequenceNumber, all[1].sequence);
  CHECK(after == ShardPosition{all[2].sequence, true});
  // AFTER the last record: the next commit.
  const ShardPosition end = StartPosition(*engine, *table, stream, IteratorType::kAfterSequenceNumber, c_sequence);
  CHECK_FALSE(end.at_record);
  CHECK(end.sequence > c_sequence);
  CHECK(ReadShard(*engine, *table, stream, end, 100, kMB).records.empty());

  // Paging with a limit: each page's next position is the next record.
  page = ReadShard(*engine, *table, stream, horizon, 2, kMB);
  REQUIRE(page.records.size() == 2);
  REQUIRE(page.next);
  CHECK(*page.next == ShardPosition{all[2].sequence, true});
  page = ReadShard(*engine, *table, stream, *page.next, 2, kMB);
  REQUIRE(page.records.size() == 2);
  CHECK(page.records[1].sequence == c_sequence);
  REQUIRE(page.next);
  CHECK_FALSE(page.next->at_record);
}

TEST_CASE("a closed shard ends; trimmed positions are reported") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(Spec("t1", true));
  Put(*engine, *table, "a", "1");
  Put(*engine, *table, "b", "1");
  const ShardPosition horizon =
      StartPosition(*engine, *table, table->streams.back(), IteratorType::kTrimHorizon, 0);

  table = engine->UpdateTable(table->name, [](const TableInfo&, TableInfo* t) { t->stream.enabled = false; });
  const StreamDescriptor closed = table->streams.back();
  REQUIRE(closed.closed_millis != 0);
  const SequenceRange range = ShardSequenceRange(*engine, *table, closed);
  REQUIRE(range.ending);
  ShardPage page = ReadShard(*engine, *table, closed, horizon, 1, kMB);
  REQUIRE(page.records.size() == 1);
  REQUIRE(page.next);  // one more record
  page = ReadShard(*engine, *table, closed, *page.next, 1, kMB);
  REQUIRE(page.records.size() == 1);
  CHECK(page.records[0].sequence == *range.ending);
  CHECK_FALSE(page.next);  // read to the end
  const ShardPosition latest = StartPosition(*engine, *table, closed, IteratorType::kLatest, 0);
  CHECK_FALSE(ReadShard(*engine, *table, closed, latest, 100, kMB).next);

  // Re-enable, write, and let a day pass: the old records are trimmed.
  table = engine->UpdateTable(table->name, [](const TableInfo&, TableInfo* t) {
    t->stream = {true, "KEYS_ONLY", ""};
  });
  const StreamDescriptor second = table->streams.back();
  Put(*engine, *table, "c", "1");
  const ShardPosition second_horizon = StartPosition(*engine, *table, second, IteratorType::kTrimHorizon, 0);
  const uint64_t first_sequence = horizon.sequence;
  clock.Advance(kStreamRetentionMillis + 10);  // a day and a little
  Put(*engine, *table, "d", "1");
  CHECK(engine->TrimStreams() == 3);
  CHECK_THROWS_AS(ReadShard(*engine, *table, second, second_horizon, 100, kMB), ApiError);
  try {
    StartPosition(*engine, *table, second, IteratorType::kAtSequenceNumber, first_sequence);
    FAIL("expected TrimmedDataAccessException");
  } catch (const ApiError& e) {
    CHECK(e.type() == "com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException");
  }
  // TRIM_HORIZON now starts at the oldest remaining record.
  const ShardPosition now_horizon = StartPosition(*engine, *table, second, IteratorType::kTrimHorizon, 0);
  CHECK(ReadShard(*engine, *table, second, now_horizon, 100, kMB).records.size() == 1);
}

TEST_CASE("sequence numbers and iterator types parse") {
  CHECK(ParseSequenceNumber("000000000000000000042") == 42u);
  CHECK_FALSE(ParseSequenceNumber("4a"));
  CHECK_FALSE(ParseSequenceNumber("-1"));
  CHECK_FALSE(ParseSequenceNumber("99999999999999999999999"));
  CHECK(ParseIteratorType("LATEST") == IteratorType::kLatest);
  CHECK_FALSE(ParseIteratorType("latest"));
}

}  // namespace eddy::streams

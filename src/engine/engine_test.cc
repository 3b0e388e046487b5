// Engine tests on a real RocksDB in a temporary directory, with a manual clock.
#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "core/api_error.h"
#include "core/item_size.h"
#include "engine/engine.h"
#include "testing/temp_dir.h"

namespace eddy {
namespace {

using testing::TempDir;

AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }
AttributeValue N(std::string_view n) { return AttributeValue::Num(Number::Parse(n)); }

TableInfo SongsSpec() {
  TableInfo spec;
  spec.name = "Music";
  spec.key_space.schema.hash = {"Artist", AttributeType::kString};
  spec.key_space.schema.range = KeyAttribute{"Rank", AttributeType::kNumber};
  spec.attribute_definitions = {{"Artist", AttributeType::kString}, {"Rank", AttributeType::kNumber}};
  spec.billing_mode = BillingMode::kPayPerRequest;
  return spec;
}

Item Song(std::string artist, std::string_view rank, std::string title) {
  return {{"Artist", S(std::move(artist))}, {"Rank", N(rank)}, {"Title", S(std::move(title))}};
}

std::vector<std::string> Titles(const ReadPage& page) {
  std::vector<std::string> titles;
  for (const Item& item : page.items) titles.push_back(item.at("Title").as_string());
  return titles;
}

TEST_CASE("tables are created, found, listed and deleted") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(SongsSpec());
  CHECK(table->creation_millis == 1'700'000'000'000);
  CHECK(table->table_id.size() == 36);
  CHECK_THROWS_AS(engine->CreateTable(SongsSpec()), ApiError);
  CHECK(engine->TableNames() == std::vector<std::string>{"Music"});
  engine->DeleteTable("Music");
  CHECK(engine->FindTable("Music") == nullptr);
  CHECK_THROWS_AS(engine->DeleteTable("Music"), ApiError);
}

TEST_CASE("writes update items and counters; a restart keeps both") {
  TempDir dir;
  ManualClock clock;
  {
    auto engine = Engine::Open({dir.path.string(), &clock});
    TableInfoPtr table = engine->CreateTable(SongsSpec());
    WriteOutcome first = engine->Write(*table, PutOp(*table, Song("Acme", "1", "Happy Day")));
    CHECK_FALSE(first.old_item);
    WriteOutcome second =
        engine->Write(*table, PutOp(*table, Song("Acme", "1", "Sad Day")), /*want_old_item=*/true);
    REQUIRE(second.old_item);
    CHECK(second.had_item);
    CHECK(second.old_size == second.new_size + 2);  // "Happy Day" -> "Sad Day"
    CHECK(second.old_item->at("Title").as_string() == "Happy Day");
    engine->Write(*table, PutOp(*table, Song("Acme", "2", "Other")));
    CHECK(table->stats->item_count == 2);
    engine->Write(*table, DeleteOp(*table, {{"Artist", S("Acme")}, {"Rank", N("2")}}));
    CHECK(table->stats->item_count == 1);
    CHECK(table->stats->size_bytes > 0);
  }
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->GetTable("Music");
  CHECK(table->stats->item_count == 1);
  auto item = engine->GetItem(*table, KeyFromKeyParameter(table->key_space, {{"Artist", S("Acme")}, {"Rank", N("1")}}));
  REQUIRE(item);
  CHECK(item->at("Title").as_string() == "Sad Day");
}

TEST_CASE("after a crash (no clean-shutdown marker) the counters are recounted from the items") {
  TempDir dir;
  ManualClock clock;
  {
    auto engine = Engine::Open({dir.path.string(), &clock});
    TableInfoPtr table = engine->CreateTable(SongsSpec());
    for (auto rank : {"1", "2", "3"}) engine->Write(*table, PutOp(*table, Song("Acme", rank, "x")));
  }
  {
    // What a kill -9 leaves: stale counters and no marker.
    std::string error;
    auto store = storage::Store::Open(dir.path.string(), &error);
    REQUIRE(store);
    rocksdb::WriteBatch batch;
    REQUIRE(batch.Delete(store->catalog(), "meta/clean_shutdown").ok());
    auto it = store->NewIterator(store->catalog(), nullptr, nullptr);
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key().starts_with("stats/")) REQUIRE(batch.Put(store->catalog(), it->key(), std::string(16, '\0')).ok());
    }
    REQUIRE(store->Write(&batch).ok());
  }
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->GetTable("Music");
  CHECK(table->stats->item_count == 3);
  CHECK(table->stats->size_bytes == 3 * static_cast<int64_t>(ItemSize(Song("Acme", "1", "x"))));
}

TEST_CASE("the stream log holds one record per committed change, in commit order") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfo spec = SongsSpec();
  spec.stream = {true, "NEW_AND_OLD_IMAGES", ""};
  TableInfoPtr table = engine->CreateTable(spec);
  REQUIRE(table->streams.size() == 1);
  const StreamDescriptor stream = table->streams.back();
  CHECK_FALSE(engine->StreamRange(*table, stream));

  engine->Write(*table, PutOp(*table, Song("Acme", "1", "a")));           // INSERT
  engine->Write(*table, PutOp(*table, Song("Acme", "1", "a")));           // no-op: no record
  engine->Write(*table, PutOp(*table, Song("Acme", "1", "b")));           // MODIFY
  engine->Write(*table, DeleteOp(*table, {{"Artist", S("Acme")}, {"Rank", N("1")}}));  // REMOVE
  engine->Write(*table, DeleteOp(*table, {{"Artist", S("Acme")}, {"Rank", N("1")}}));  // nothing

  std::vector<StreamRecord> records = engine->ReadStream(*table, stream, 0, 100, 1 << 20);
  REQUIRE(records.size() == 3);
  CHECK(records[0].json_members.find(R"("eventName":"INSERT")") != std::string::npos);
  CHECK(records[0].json_members.find("OldImage") == std::string::npos);
  CHECK(records[1].json_members.find(R"("eventName":"MODIFY")") != std::string::npos);
  CHECK(records[1].json_members.find(R"("OldImage":{"Artist":{"S":"Acme"},"Rank":{"N":"1"},"Title":{"S":"a"}})") != std::string::npos);
  CHECK(records[2].json_members.find(R"("eventName":"REMOVE")") != std::string::npos);
  CHECK(records[2].json_members.find("NewImage") == std::string::npos);
  CHECK(records[0].sequence < records[1].sequence);
  CHECK(records[1].sequence < records[2].sequence);
  auto range = engine->StreamRange(*table, stream);
  REQUIRE(range);
  CHECK(range->first == records[0].sequence);
  CHECK(range->second == records[2].sequence);
  CHECK(engine->ReadStream(*table, stream, records[1].sequence + 1, 100, 1 << 20).size() == 1);

  // Disabling closes the stream; later writes add nothing to it.
  table = engine->UpdateTable("Music", [](const TableInfo&, TableInfo* t) { t->stream.enabled = false; });
  CHECK(table->streams.back().closed_millis == clock.NowMillis());
  engine->Write(*table, PutOp(*table, Song("Acme", "2", "c")));
  CHECK(engine->ReadStream(*table, stream, 0, 100, 1 << 20).size() == 3);

  // Records older than 24 hours are trimmed, and the closed stream forgotten.
  clock.Advance(kStreamRetentionMillis + 1);
  CHECK(engine->TrimStreams() == 3);
  CHECK(engine->GetTable("Music")->streams.empty());
}

TEST_CASE("a commit that appends a stream record wakes a waiting poller") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfo spec = SongsSpec();
  spec.stream = {true, "KEYS_ONLY", ""};
  TableInfoPtr table = engine->CreateTable(spec);
  StreamNotifier& notifier = engine->stream_notifier();
  const uint64_t before = notifier.latest();
  // Without a record, the wait ends at its deadline with nothing new.
  CHECK(notifier.WaitAfter(before, std::chrono::steady_clock::now() + std::chrono::milliseconds(5)) == before);

  std::thread writer([&] { engine->Write(*table, PutOp(*table, Song("Acme", "1", "a"))); });
  const uint64_t woken = notifier.WaitAfter(before, std::chrono::steady_clock::now() + std::chrono::seconds(30));
  writer.join();
  CHECK(woken > before);
  CHECK(engine->ReadStream(*table, table->streams.back(), 0, 10, 1 << 20).back().sequence == woken);
}

TEST_CASE("state values are durable across a restart") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  {
    auto engine = Engine::Open({dir.path.string(), &clock});
    CHECK_FALSE(engine->GetState("poller/x"));
    engine->PutState("poller/x", "42");
  }
  auto engine = Engine::Open({dir.path.string(), &clock});
  CHECK(engine->GetState("poller/x") == std::optional<std::string>("42"));
  CHECK(engine->TableNames().empty());  // state keys are not tables
}

TEST_CASE("state values list by prefix and can be deleted") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  engine->PutState("fn/b", "2");
  engine->PutState("fn/a", "1");
  engine->PutState("fo", "x");
  engine->PutState("fn0", "y");
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(engine->ListState("fn/") == Pairs{{"a", "1"}, {"b", "2"}});
  engine->DeleteState("fn/a");
  CHECK(engine->ListState("fn/") == Pairs{{"b", "2"}});
  CHECK_FALSE(engine->GetState("fn/a"));
  CHECK(engine->ListState("none/").empty());
}

TEST_CASE("a deleted table's items do not reappear in a new table of the same name") {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr old_table = engine->CreateTable(SongsSpec());
  engine->Write(*old_table, PutOp(*old_table, Song("Acme", "1", "x")));
  engine->DeleteTable("Music");
  TableInfoPtr table = engine->CreateTable(SongsSpec());
  CHECK(engine->Scan(*table, ScanSpec{}).items.empty());
  CHECK(table->stats->item_count == 0);
}

TEST_CASE("Query bounds follow number order, both directions, with paging") {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(SongsSpec());
  for (auto rank : {"-10", "-2", "0", "1.5", "10", "100"}) {
    engine->Write(*table, PutOp(*table, Song("Acme", rank, rank)));
  }
  engine->Write(*table, PutOp(*table, Song("Acme Band", "1", "other artist")));

  expr::KeyCondition all{S("Acme"), std::nullopt};
  QuerySpec spec{{}, &all, true};
  CHECK(Titles(engine->Query(*table, spec)) ==
        std::vector<std::string>{"-10", "-2", "0", "1.5", "10", "100"});
  spec.forward = false;
  CHECK(Titles(engine->Query(*table, spec)) ==
        std::vector<std::string>{"100", "10", "1.5", "0", "-2", "-10"});

  auto query = [&](expr::KeyOp op, std::string_view a, std::string_view b = "0") {
    expr::KeyCondition c{S("Acme"), expr::RangeKeyCondition{op, N(a), N(b)}};
    return Titles(engine->Query(*table, QuerySpec{{}, &c, true}));
  };
  CHECK(query(expr::KeyOp::kEq, "1.5") == std::vector<std::string>{"1.5"});
  CHECK(query(expr::KeyOp::kLt, "0") == std::vector<std::string>{"-10", "-2"});
  CHECK(query(expr::KeyOp::kLe, "0") == std::vector<std::string>{"-10", "-2", "0"});
  CHECK(query(expr::KeyOp::kGt, "10") == std::vector<std::string>{"100"});
  CHECK(query(expr::KeyOp::kGe, "10") == std::vector<std::string>{"10", "100"});
  CHECK(query(expr::KeyOp::kBetween, "-2", "10") == std::vector<std::string>{"-2", "0", "1.5", "10"});

  // Paging with Limit: each page ends with LastEvaluatedKey, the next starts after it.
  std::vector<std::string> seen;
  QuerySpec paged{{}, &all, false};
  paged.options.limit = 4;
  for (int pages = 0; pages < 5; ++pages) {
    ReadPage page = engine->Query(*table, paged);
    for (auto& t : Titles(page)) seen.push_back(t);
    if (!page.last_evaluated_key) break;
    paged.options.exclusive_start_key = *page.last_evaluated_key;
  }
  CHECK(seen == std::vector<std::string>{"100", "10", "1.5", "0", "-2", "-10"});
}

TEST_CASE("Scan segments partition the table") {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(SongsSpec());
  for (int i = 0; i < 200; ++i) {
    engine->Write(*table, PutOp(*table, Song("artist" + std::to_string(i), "1", std::to_string(i))));
  }
  std::set<std::string> all;
  size_t total = 0;
  for (uint32_t segment = 0; segment < 7; ++segment) {
    ReadPage page = engine->Scan(*table, ScanSpec{{}, segment, 7});
    total += page.items.size();
    for (auto& t : Titles(page)) all.insert(t);
  }
  CHECK(total == 200);
  CHECK(all.size() == 200);
}

}  // namespace
}  // namespace eddy

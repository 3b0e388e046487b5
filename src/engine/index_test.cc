// Secondary indexes in the engine: maintenance by writes (sparse entries,
// key moves, deletes, counters), reads through an index's key space, the
// background backfill racing writers, and the catalog's stored form.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "core/api_error.h"
#include "engine/catalog_format.h"
#include "engine/engine.h"
#include "engine/index_entries.h"
#include "expr/key_condition.h"
#include "testing/temp_dir.h"

namespace eddy {
namespace {

using testing::TempDir;

AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }
AttributeValue N(std::string_view n) { return AttributeValue::Num(Number::Parse(n)); }

IndexInfo Gsi(std::string name, KeyAttribute hash, std::optional<KeyAttribute> range, ProjectionType projection) {
  IndexInfo index;
  index.name = std::move(name);
  index.global = true;
  index.key_space.is_index = true;
  index.key_space.schema = {std::move(hash), std::move(range)};
  index.projection = projection;
  return index;
}

TableInfo Spec() {
  TableInfo spec;
  spec.name = "T";
  spec.key_space.schema.hash = {"p", AttributeType::kString};
  spec.billing_mode = BillingMode::kPayPerRequest;
  spec.indexes.push_back(Gsi("by_g", {"g", AttributeType::kString}, KeyAttribute{"n", AttributeType::kNumber},
                             ProjectionType::kAll));
  spec.indexes.push_back(Gsi("by_k", {"k", AttributeType::kString}, std::nullopt, ProjectionType::kKeysOnly));
  return spec;
}

ReadPage ScanIndex(Engine& engine, const TableInfo& table, const IndexInfo& index) {
  ScanSpec spec;
  spec.options.index = &index;
  return engine.Scan(table, spec);
}

TEST_CASE("writes keep sparse index entries and counters exact") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(Spec());
  const IndexInfo& by_g = table->indexes[0];
  const IndexInfo& by_k = table->indexes[1];
  CHECK(by_g.key_space.id != table->key_space.id);
  CHECK(by_g.key_space.id != by_k.key_space.id);

  engine->Write(*table, PutOp(*table, {{"p", S("1")}, {"g", S("a")}, {"n", N("2")}, {"x", S("big")}}));
  engine->Write(*table, PutOp(*table, {{"p", S("2")}, {"g", S("a")}}));  // no n: not in by_g
  engine->Write(*table, PutOp(*table, {{"p", S("3")}, {"k", S("kk")}, {"x", S("y")}}));
  CHECK(ScanIndex(*engine, *table, by_g).count == 1);
  ReadPage keys = ScanIndex(*engine, *table, by_k);
  REQUIRE(keys.items.size() == 1);
  CHECK(keys.items[0] == Item{{"p", S("3")}, {"k", S("kk")}});  // KEYS_ONLY
  CHECK(by_g.stats->item_count == 1);
  CHECK(by_k.stats->item_count == 1);

  // Moving the key: the old entry goes, the new one comes, once.
  WriteOutcome moved = engine->Write(*table, PutOp(*table, {{"p", S("1")}, {"g", S("b")}, {"n", N("2")}}));
  REQUIRE(moved.index_changes.size() == 1);
  CHECK(moved.index_changes[0].index_name == "by_g");
  CHECK(moved.index_changes[0].write_units == 2);
  CHECK(by_g.stats->item_count == 1);
  ReadPage g = ScanIndex(*engine, *table, by_g);
  REQUIRE(g.items.size() == 1);
  CHECK(g.items[0].at("g") == S("b"));

  // Rewriting the same item changes no index.
  WriteOutcome same = engine->Write(*table, PutOp(*table, {{"p", S("1")}, {"g", S("b")}, {"n", N("2")}}));
  CHECK(same.index_changes.empty());

  engine->Write(*table, DeleteOp(*table, {{"p", S("1")}}));
  engine->Write(*table, DeleteOp(*table, {{"p", S("3")}}));
  CHECK(ScanIndex(*engine, *table, by_g).count == 0);
  CHECK(ScanIndex(*engine, *table, by_k).count == 0);
  CHECK(by_g.stats->item_count == 0);
  CHECK(by_g.stats->size_bytes == 0);
}

TEST_CASE("an index key of the wrong type or empty is refused, before the condition") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(Spec());
  CHECK_THROWS_WITH_AS(PutOp(*table, {{"p", S("1")}, {"n", S("text")}}),
                       "One or more parameter values were invalid: Type mismatch for Index Key n Expected: N "
                       "Actual: S IndexName: by_g",
                       ApiError);
  CHECK_THROWS_AS(PutOp(*table, {{"p", S("1")}, {"k", S("")}}), ApiError);
  CHECK(table->stats->item_count == 0);
}

TEST_CASE("queries read an index in its own key order, with the table's keys in LastEvaluatedKey") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr table = engine->CreateTable(Spec());
  for (int i = 0; i < 10; ++i) {
    engine->Write(*table, PutOp(*table, {{"p", S("item" + std::to_string(i))}, {"g", S("G")},
                                         {"n", N(std::to_string(9 - i))}}));
  }
  expr::KeyCondition condition{S("G"), expr::RangeKeyCondition{expr::KeyOp::kGe, N("5"), {}}};
  QuerySpec spec;
  spec.options.index = &table->indexes[0];
  spec.options.limit = 3;
  spec.key_condition = &condition;
  ReadPage page = engine->Query(*table, spec);
  REQUIRE(page.items.size() == 3);
  CHECK(page.items[0].at("n") == N("5"));
  CHECK(page.items[2].at("n") == N("7"));
  REQUIRE(page.last_evaluated_key);
  CHECK(*page.last_evaluated_key == Item{{"p", S("item2")}, {"g", S("G")}, {"n", N("7")}});
  spec.options.exclusive_start_key = *page.last_evaluated_key;
  page = engine->Query(*table, spec);
  REQUIRE(page.items.size() == 2);
  CHECK(page.items[0].at("n") == N("8"));
  CHECK(page.items[1].at("n") == N("9"));
}

TEST_CASE("a GSI added to a table is backfilled exactly once while writers run") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfo spec = Spec();
  spec.indexes.clear();
  TableInfoPtr table = engine->CreateTable(spec);
  for (int i = 0; i < 2000; ++i) {
    engine->Write(*table, PutOp(*table, {{"p", S(std::to_string(i))}, {"k", S("a")}}));
  }
  table = engine->UpdateTable("T", [](const TableInfo&, TableInfo* updated) {
    updated->indexes.push_back(Gsi("by_k", {"k", AttributeType::kString}, std::nullopt, ProjectionType::kAll));
  });
  CHECK(table->status == TableStatus::kUpdating);
  CHECK(table->indexes[0].status == IndexStatus::kCreating);
  // Writers race the backfill: every third item is deleted, every fifth
  // moved to another index key, and new items are added.
  for (int i = 0; i < 2000; i += 3) engine->Write(*table, DeleteOp(*table, {{"p", S(std::to_string(i))}}));
  for (int i = 1; i < 2000; i += 5) {
    engine->Write(*table, PutOp(*table, {{"p", S(std::to_string(i))}, {"k", S("b")}}));
  }
  for (int i = 2000; i < 2100; ++i) engine->Write(*table, PutOp(*table, {{"p", S(std::to_string(i))}, {"k", S("c")}}));
  for (int tries = 0; tries < 2000; ++tries) {
    table = engine->GetTable("T");
    if (table->indexes[0].status == IndexStatus::kActive) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(table->indexes[0].status == IndexStatus::kActive);
  CHECK(table->status == TableStatus::kActive);
  const int64_t items = table->stats->item_count;
  CHECK(ScanIndex(*engine, *table, table->indexes[0]).count == items);
  CHECK(table->indexes[0].stats->item_count == items);
}

TEST_CASE("the catalog's stored form round-trips and rejects malformed entries") {
  TableInfo t = Spec();
  t.key_space.id = 7;
  t.indexes[0].key_space.id = 8;
  t.indexes[1].key_space.id = 9;
  t.indexes[1].non_key_attributes = {"a", "b"};
  t.indexes[1].projection = ProjectionType::kInclude;
  t.indexes[1].status = IndexStatus::kCreating;
  t.indexes[1].backfilling = true;
  t.status = TableStatus::kUpdating;
  t.indexes[0].key_space.schema.more_hash = {{"h2", AttributeType::kBinary}};
  t.indexes[0].key_space.schema.more_range = {{"r2", AttributeType::kString}, {"r3", AttributeType::kNumber}};
  TableInfo back;
  std::string error;
  REQUIRE(ParseTable(SerializeTable(t), &back, &error));
  CHECK(back.key_space == t.key_space);
  REQUIRE(back.indexes.size() == 2);
  CHECK(back.indexes[0].key_space == t.indexes[0].key_space);  // multi-attribute keys too
  CHECK(back.indexes[1].key_space == t.indexes[1].key_space);
  CHECK(back.indexes[1].non_key_attributes == t.indexes[1].non_key_attributes);
  CHECK(back.indexes[1].status == IndexStatus::kCreating);
  CHECK(back.indexes[1].backfilling);
  CHECK(back.status == TableStatus::kUpdating);

  TableInfo bad;
  CHECK_FALSE(ParseTable("[]", &bad, &error));
  CHECK_FALSE(ParseTable(R"({"format": 99})", &bad, &error));
  CHECK(error.find("unknown catalog format 99") != std::string::npos);
  CHECK_FALSE(ParseTable(R"({"name": 5})", &bad, &error));
  std::string broken = SerializeTable(t);
  broken.replace(broken.find("\"INCLUDE\""), 9, "\"BOGUS\"");
  CHECK_FALSE(ParseTable(broken, &bad, &error));
  CHECK(error == "bad projection \"BOGUS\"");
  // An entry written before the format version existed is version 1.
  std::string v1 = SerializeTable(Spec());
  v1.replace(v1.find("\"format\":2,"), 11, "");
  CHECK(ParseTable(v1, &bad, &error));
}

}  // namespace
}  // namespace eddy

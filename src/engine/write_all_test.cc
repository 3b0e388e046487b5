// Engine::WriteAll, the one multi-item write path: all or nothing, failures
// as values, one stream record per changed item in the same commit.
#include <doctest/doctest.h>

#include "core/api_error.h"
#include "engine/engine.h"
#include "testing/table_spec.h"
#include "testing/temp_dir.h"

namespace eddy {
namespace {

using testing::TempDir;

AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }
AttributeValue N(std::string_view n) { return AttributeValue::Num(Number::Parse(n)); }

TableInfo AccountsSpec(std::string name) {
  TableInfo spec = testing::HashKeyTableSpec(std::move(name), "Id");
  spec.stream = {true, "NEW_AND_OLD_IMAGES", ""};
  return spec;
}

Item Account(std::string id, std::string_view balance) { return {{"Id", S(std::move(id))}, {"Balance", N(balance)}}; }
AttributeMap Key(std::string id) { return {{"Id", S(std::move(id))}}; }

expr::Condition ParseCondition(std::string_view text, const AttributeMap& values) {
  expr::Substitutions subs(nullptr, &values);
  return expr::Condition::Parse(text, "ConditionExpression", subs);
}

expr::Update ParseUpdate(std::string_view text, const AttributeMap& values) {
  expr::Substitutions subs(nullptr, &values);
  return expr::Update::Parse(text, subs);
}

std::optional<Item> Read(Engine& engine, const TableInfo& table, std::string id) {
  return engine.GetItem(table, KeyFromKeyParameter(table.key_space, Key(std::move(id))));
}

size_t RecordCount(Engine& engine, const TableInfo& table) {
  return engine.ReadStream(table, table.streams.back(), 0, 1000, 1 << 20).size();
}

TEST_CASE("writes across tables commit together, one stream record per changed item") {
  TempDir dir;
  ManualClock clock(1'700'000'000'000);
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr a = engine->CreateTable(AccountsSpec("A"));
  TableInfoPtr b = engine->CreateTable(AccountsSpec("B"));
  engine->Write(*a, PutOp(*a, Account("x", "10")));
  const uint64_t before = engine->LatestSequence();

  PutOp put(*b, Account("y", "5"));
  UpdateOp update(*a, Key("x"), ParseUpdate("SET Balance = Balance - :d", {{":d", N("5")}}));
  ConditionCheckOp check(*a, Key("z"), ParseCondition("attribute_not_exists(Id)", {}));
  const ItemWrite writes[] = {{b.get(), &put}, {a.get(), &update}, {a.get(), &check}};
  std::vector<WriteOutcome> outcomes = engine->WriteAll(writes);
  REQUIRE(outcomes.size() == 3);
  for (const WriteOutcome& outcome : outcomes) CHECK_FALSE(outcome.failed());
  REQUIRE(outcomes[1].new_item);
  CHECK(outcomes[1].new_item->at("Balance") == N("5"));

  CHECK(Read(*engine, *a, "x")->at("Balance") == N("5"));
  CHECK(Read(*engine, *b, "y"));
  CHECK_FALSE(Read(*engine, *a, "z"));  // a condition check writes nothing
  CHECK(a->stats->item_count == 1);
  CHECK(b->stats->item_count == 1);
  // Two records (the check changed nothing), with consecutive sequence
  // numbers from the engine's counter.
  auto a_records = engine->ReadStream(*a, a->streams.back(), before + 1, 10, 1 << 20);
  auto b_records = engine->ReadStream(*b, b->streams.back(), before + 1, 10, 1 << 20);
  REQUIRE(a_records.size() == 1);
  REQUIRE(b_records.size() == 1);
  CHECK(b_records[0].sequence == before + 1);
  CHECK(a_records[0].sequence == before + 2);
  CHECK(engine->LatestSequence() == before + 2);
}

TEST_CASE("one failed condition cancels every write, and every failure is reported") {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr a = engine->CreateTable(AccountsSpec("A"));
  engine->Write(*a, PutOp(*a, Account("x", "10")));
  const size_t records = RecordCount(*engine, *a);

  PutOp put(*a, Account("new", "1"));
  DeleteOp del(*a, Key("x"), ParseCondition("Balance > :max", {{":max", N("100")}}));
  UpdateOp bad(*a, Key("w"), ParseUpdate("SET Balance = Balance + :d", {{":d", N("1")}}));
  ConditionCheckOp ok(*a, Key("y"), ParseCondition("attribute_not_exists(Id)", {}));
  const ItemWrite writes[] = {{a.get(), &put}, {a.get(), &del, true}, {a.get(), &bad}, {a.get(), &ok}};
  std::vector<WriteOutcome> outcomes = engine->WriteAll(writes);
  CHECK_FALSE(outcomes[0].failed());
  CHECK(outcomes[1].condition_failed);
  REQUIRE(outcomes[1].old_item);  // for ReturnValuesOnConditionCheckFailure
  CHECK(outcomes[1].old_item->at("Balance") == N("10"));
  // The update reads a missing attribute: an error of that write, as a value.
  REQUIRE(outcomes[2].error);
  CHECK(outcomes[2].error->message().find("The provided expression refers to an attribute that does not exist") !=
        std::string::npos);
  CHECK_FALSE(outcomes[3].failed());

  CHECK_FALSE(Read(*engine, *a, "new"));
  CHECK(Read(*engine, *a, "x"));
  CHECK(a->stats->item_count == 1);
  CHECK(RecordCount(*engine, *a) == records);

  // One item twice in one list is refused before anything is read.
  const ItemWrite twice[] = {{a.get(), &put}, {a.get(), &ok}, {a.get(), &put}};
  CHECK_THROWS_AS(engine->WriteAll(twice), ApiError);
}

TEST_CASE("a single Write throws the errors WriteAll reports as values") {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr a = engine->CreateTable(AccountsSpec("A"));
  UpdateOp bad(*a, Key("w"), ParseUpdate("SET Balance = Balance + :d", {{":d", N("1")}}));
  CHECK_THROWS_AS(engine->Write(*a, bad), ApiError);
  DeleteOp del(*a, Key("x"), ParseCondition("attribute_exists(Id)", {}));
  CHECK(engine->Write(*a, del).condition_failed);
}

TEST_CASE("the stream sequence survives a restart and state writes do not disturb it") {
  TempDir dir;
  ManualClock clock;
  uint64_t last = 0;
  {
    auto engine = Engine::Open({dir.path.string(), &clock});
    TableInfoPtr a = engine->CreateTable(AccountsSpec("A"));
    engine->Write(*a, PutOp(*a, Account("x", "1")));
    engine->PutState("poller/f/A", "checkpoint");
    engine->Write(*a, PutOp(*a, Account("y", "1")));
    last = engine->LatestSequence();
  }
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr a = engine->GetTable("A");
  CHECK(engine->LatestSequence() >= last);
  engine->Write(*a, PutOp(*a, Account("z", "1")));
  auto records = engine->ReadStream(*a, a->streams.back(), 0, 10, 1 << 20);
  REQUIRE(records.size() == 3);
  CHECK(records[0].sequence < records[1].sequence);
  CHECK(records[1].sequence == last);
  CHECK(records[2].sequence > last);
  CHECK(records[2].sequence == engine->LatestSequence());
}

TEST_CASE("GetItems reads several items, missing ones as null") {
  TempDir dir;
  ManualClock clock;
  auto engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr a = engine->CreateTable(AccountsSpec("A"));
  engine->Write(*a, PutOp(*a, Account("x", "1")));
  PrimaryKey x = KeyFromKeyParameter(a->key_space, Key("x"));
  PrimaryKey y = KeyFromKeyParameter(a->key_space, Key("y"));
  const std::string* keys[] = {&y.storage_key, &x.storage_key};
  auto items = engine->GetItems(keys);
  REQUIRE(items.size() == 2);
  CHECK_FALSE(items[0]);
  REQUIRE(items[1]);
  CHECK(items[1]->at("Balance") == N("1"));
}

}  // namespace
}  // namespace eddy

namespace eddy {
namespace {

TEST_CASE("below the free-space threshold writes are refused and the problem is reported") {
  TempDir dir;
  ManualClock clock;
  Engine::Open({dir.path.string(), &clock})->CreateTable(testing::HashKeyTableSpec("A", "Id"));
  EngineOptions options{dir.path.string(), &clock};
  options.min_free_bytes = 1ull << 62;  // more than any disk has
  auto engine = Engine::Open(options);
  CHECK_FALSE(engine->StorageProblem());
  TableInfoPtr a = engine->GetTable("A");
  try {
    engine->Write(*a, PutOp(*a, Account("x", "1")));
    FAIL("expected a refused write");
  } catch (const ApiError& e) {
    CHECK(e.http_status() == 500);
    CHECK(e.message() == "Internal server error: no space left on the data directory's device");
    CHECK(e.message().find(dir.path.string()) == std::string::npos);
  }
  REQUIRE(engine->StorageProblem());
  CHECK(engine->StorageProblem()->find("writes are refused") != std::string::npos);
}

}  // namespace
}  // namespace eddy

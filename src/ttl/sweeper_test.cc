// TtlSweeper and TtlDeleteOp on a real engine in a temporary directory, with
// a manual clock: time moves by Advance(), never by sleeping (except the one
// bounded wait for the background thread).
#include "ttl/sweeper.h"

#include <doctest/doctest.h>

#include <thread>

#include "engine/primary_key.h"
#include "testing/table_spec.h"
#include "testing/temp_dir.h"
#include "ttl/expiry.h"
#include "ttl/ttl_delete_op.h"

namespace eddy {
namespace {

constexpr int64_t kStartMillis = 1'700'000'000'000;
constexpr int64_t kStartSeconds = kStartMillis / 1000;

using testing::TempDir;

AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }
AttributeValue N(int64_t n) { return AttributeValue::Num(Number::FromInt(n)); }

TableInfo Spec(std::string name) { return testing::HashKeyTableSpec(std::move(name)); }

struct Fixture {
  TempDir dir;
  ManualClock clock{kStartMillis};
  std::unique_ptr<Engine> engine = Engine::Open({dir.path.string(), &clock});

  TableInfoPtr Table(const std::string& name, bool ttl) {
    TableInfoPtr table = engine->CreateTable(Spec(name));
    if (!ttl) return table;
    return engine->UpdateTable(name, [](const TableInfo&, TableInfo* t) { t->ttl = {true, "expires"}; });
  }
  void Put(const TableInfoPtr& table, Item item) { engine->Write(*table, PutOp(*table, std::move(item))); }
  bool Has(const TableInfoPtr& table, const std::string& p) {
    return engine->GetItem(*table, KeyFromKeyParameter(table->key_space, {{"p", S(p)}})).has_value();
  }
};

TEST_CASE("SweepNow deletes expired items only, in TTL-enabled tables only") {
  Fixture f;
  TableInfoPtr ttl = f.Table("with_ttl", true);
  TableInfoPtr plain = f.Table("without_ttl", false);
  f.Put(ttl, {{"p", S("soon")}, {"expires", N(kStartSeconds + 10)}});
  f.Put(ttl, {{"p", S("never")}});
  f.Put(ttl, {{"p", S("string")}, {"expires", S(std::to_string(kStartSeconds - 10))}});
  f.Put(ttl, {{"p", S("ancient")}, {"expires", N(kStartSeconds - kTtlMaxAgeSeconds - 100)}});
  f.Put(plain, {{"p", S("plain")}, {"expires", N(kStartSeconds - 10)}});

  TtlSweeper sweeper(*f.engine, std::chrono::milliseconds(0));
  CHECK(sweeper.SweepNow() == 0);  // nothing has expired yet
  f.clock.Advance(11'000);
  CHECK(f.Has(ttl, "soon"));  // expired but readable until swept
  CHECK(sweeper.SweepNow() == 1);
  CHECK_FALSE(f.Has(ttl, "soon"));
  CHECK(f.Has(ttl, "never"));
  CHECK(f.Has(ttl, "string"));
  CHECK(f.Has(ttl, "ancient"));
  CHECK(f.Has(plain, "plain"));
  CHECK(ttl->stats->item_count.load() == 3);
  CHECK(sweeper.SweepNow() == 0);
}

TEST_CASE("SweepNow pages through a table larger than one scan page") {
  Fixture f;
  TableInfoPtr table = f.Table("big", true);
  const int count = static_cast<int>(TtlSweeper::kPageSize) * 2 + 17;
  for (int i = 0; i < count; ++i) {
    Item item = {{"p", S("k" + std::to_string(i))}};
    if (i % 3 != 0) item["expires"] = N(kStartSeconds - 1);
    f.Put(table, std::move(item));
  }
  TtlSweeper sweeper(*f.engine, std::chrono::milliseconds(0));
  const size_t expected = static_cast<size_t>(count - (count + 2) / 3);
  CHECK(sweeper.SweepNow() == expected);
  CHECK(table->stats->item_count.load() == count - static_cast<int64_t>(expected));
}

TEST_CASE("TtlDeleteOp does not delete an item that is no longer expired") {
  Fixture f;
  TableInfoPtr table = f.Table("race", true);
  f.Put(table, {{"p", S("k")}, {"expires", N(kStartSeconds - 1)}});
  // The sweeper read the expired item; then a writer pushed its expiry out.
  TtlDeleteOp op(*table, {{"p", S("k")}}, "expires", kStartSeconds);
  f.Put(table, {{"p", S("k")}, {"expires", N(kStartSeconds + 3600)}});
  WriteOutcome outcome = f.engine->Write(*table, op);
  CHECK(outcome.condition_failed);
  CHECK(f.Has(table, "k"));

  // Deleted meanwhile: nothing to do.
  TtlDeleteOp gone(*table, {{"p", S("missing")}}, "expires", kStartSeconds);
  CHECK(f.engine->Write(*table, gone).condition_failed);

  // Still expired: deleted.
  f.Put(table, {{"p", S("k")}, {"expires", N(kStartSeconds - 1)}});
  WriteOutcome deleted = f.engine->Write(*table, op);
  CHECK_FALSE(deleted.condition_failed);
  CHECK(deleted.had_item);
  CHECK_FALSE(f.Has(table, "k"));
  CHECK(op.is_ttl_delete());
}

TEST_CASE("the background thread sweeps every interval and stops promptly") {
  Fixture f;
  TableInfoPtr table = f.Table("background", true);
  f.Put(table, {{"p", S("k")}, {"expires", N(kStartSeconds - 1)}});
  TtlSweeper sweeper(*f.engine, std::chrono::milliseconds(10));
  sweeper.Start();
  for (int i = 0; i < 500 && f.Has(table, "k"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // bounded poll
  }
  CHECK_FALSE(f.Has(table, "k"));
  auto before = std::chrono::steady_clock::now();
  sweeper.Stop();
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(2));
  sweeper.Stop();  // idempotent
}

TEST_CASE("an interval of zero starts no thread") {
  Fixture f;
  TableInfoPtr table = f.Table("manual", true);
  f.Put(table, {{"p", S("k")}, {"expires", N(kStartSeconds - 1)}});
  TtlSweeper sweeper(*f.engine, std::chrono::milliseconds(0));
  sweeper.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(f.Has(table, "k"));
  CHECK(sweeper.SweepNow() == 1);
}

}  // namespace
}  // namespace eddy

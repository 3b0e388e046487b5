// The transaction rules of the operations layer, on a real engine: reasons in
// action order, the same item twice, transactional capacity, idempotency.
#include <doctest/doctest.h>

#include "core/api_error.h"
#include "ops/client_tokens.h"
#include "ops/transact_write.h"
#include "testing/table_spec.h"
#include "testing/temp_dir.h"

namespace eddy {
namespace {

using testing::TempDir;

AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }

expr::Condition Parse(std::string_view text) {
  expr::Substitutions subs(nullptr, nullptr);
  return expr::Condition::Parse(text, "ConditionExpression", subs);
}

struct Bank {
  TempDir dir;
  ManualClock clock{1'700'000'000'000};
  std::unique_ptr<Engine> engine = Engine::Open({dir.path.string(), &clock});
  TableInfoPtr a = engine->CreateTable(testing::HashKeyTableSpec("A"));
  TableInfoPtr b = engine->CreateTable(testing::HashKeyTableSpec("B"));

  TransactAction Put(TableInfoPtr table, std::string key, std::optional<expr::Condition> condition = {},
                     bool return_old = false) {
    return MakeTransactAction(table, return_old, [&](const TableInfo& t) {
      return std::make_unique<PutOp>(t, Item{{"p", S(key)}}, std::move(condition));
    });
  }
};

std::vector<ApiError::CancellationReason> ReasonsOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    REQUIRE(e.reasons());
    return *e.reasons();
  }
  FAIL("no TransactionCanceledException");
  return {};
}

TEST_CASE("a transaction commits every action and reports per-table capacity, twice a plain write's") {
  Bank bank;
  std::vector<TransactAction> actions;
  actions.push_back(bank.Put(bank.a, "x"));
  actions.push_back(bank.Put(bank.b, "y"));
  actions.push_back(bank.Put(bank.a, "z"));
  TransactWriteResult result = TransactWriteItems(*bank.engine, actions);
  REQUIRE(result.write_capacity.size() == 2);
  CHECK(result.write_capacity[0].table_name == "A");
  CHECK(result.write_capacity[0].use.Total() == 4);
  CHECK(result.write_capacity[1].use.Total() == 2);
  CHECK(result.replay_capacity[0].use.Total() == 4);  // 2 read units per item
  CHECK(bank.a->stats->item_count == 2);
}

TEST_CASE("failed conditions are all reported, with the old item when asked") {
  Bank bank;
  bank.engine->Write(*bank.a, PutOp(*bank.a, Item{{"p", S("x")}, {"v", S("old")}}));
  std::vector<TransactAction> actions;
  actions.push_back(bank.Put(bank.a, "new"));
  actions.push_back(bank.Put(bank.a, "x", Parse("attribute_not_exists(p)"), /*return_old=*/true));
  actions.push_back(bank.Put(bank.b, "y", Parse("attribute_exists(p)")));
  auto reasons = ReasonsOf([&] { TransactWriteItems(*bank.engine, actions); });
  REQUIRE(reasons.size() == 3);
  CHECK(reasons[0].code == "None");
  CHECK(reasons[0].message.empty());
  CHECK(reasons[1].code == "ConditionalCheckFailed");
  CHECK(reasons[1].message == "The conditional request failed");
  REQUIRE(reasons[1].item);
  CHECK(reasons[1].item->at("v") == S("old"));
  CHECK(reasons[2].code == "ConditionalCheckFailed");
  CHECK_FALSE(reasons[2].item);
  CHECK(bank.a->stats->item_count == 1);  // nothing written
}

TEST_CASE("an item-level error is the only reason reported") {
  Bank bank;
  std::vector<TransactAction> actions;
  actions.push_back(bank.Put(bank.a, "x", Parse("attribute_exists(p)")));
  actions.push_back(MakeTransactAction(bank.a, false, [](const TableInfo& t) {
    return std::make_unique<PutOp>(t, Item{{"p", AttributeValue::Bool(true)}});
  }));
  REQUIRE(actions[1].error);
  auto reasons = ReasonsOf([&] { TransactWriteItems(*bank.engine, actions); });
  CHECK(reasons[0].code == "None");
  CHECK(reasons[1].code == "ValidationError");
  CHECK(reasons[1].message == "One or more parameter values were invalid: Type mismatch for key p expected: S actual: BOOL");
  // A request-level error is not kept as the action's.
  CHECK_THROWS_AS(MakeTransactAction(bank.a, false,
                                     [](const TableInfo& t) { return std::make_unique<PutOp>(t, Item{{"p", S("")}}); }),
                  ApiError);
}

TEST_CASE("the same item twice is refused before anything is read") {
  Bank bank;
  std::vector<TransactAction> actions;
  actions.push_back(bank.Put(bank.a, "x"));
  actions.push_back(bank.Put(bank.b, "x"));  // another table: fine
  actions.push_back(bank.Put(bank.a, "x", Parse("attribute_exists(p)")));
  try {
    TransactWriteItems(*bank.engine, actions);
    FAIL("expected a ValidationException");
  } catch (const ApiError& e) {
    CHECK(e.message() == "Transaction request cannot include multiple operations on one item");
    CHECK_FALSE(e.reasons());
  }
}

TEST_CASE("an armed conflict cancels the next transaction only") {
  Bank bank;
  ConflictInjector conflicts;
  conflicts.Arm(1, 0);
  std::vector<TransactAction> actions;
  actions.push_back(bank.Put(bank.a, "x"));
  auto reasons = ReasonsOf([&] { TransactWriteItems(*bank.engine, actions, &conflicts); });
  CHECK(reasons[0].code == "TransactionConflict");
  CHECK(conflicts.transactions() == 0);
  TransactWriteItems(*bank.engine, actions, &conflicts);
  CHECK(bank.a->stats->item_count == 1);
}

TEST_CASE("client tokens: replay, mismatch, in progress, abandon, expiry") {
  ManualClock clock(1'000'000);
  ClientTokens tokens(clock);
  CHECK_FALSE(tokens.Begin("t", "request-1"));
  CHECK_THROWS_WITH(tokens.Begin("t", "request-1"), "Transaction from previous request is still in progress");
  TransactWriteResult result;
  result.write_capacity.push_back({"A", {2, {}}});
  tokens.Finish("t", result);
  auto replay = tokens.Begin("t", "request-1");
  REQUIRE(replay);
  CHECK(replay->write_capacity[0].table_name == "A");
  CHECK_THROWS_AS(tokens.Begin("t", "request-2"), ApiError);
  // A failed request gives its token back.
  CHECK_FALSE(tokens.Begin("u", "request-3"));
  tokens.Abandon("u");
  CHECK_FALSE(tokens.Begin("u", "request-4"));
  // Ten minutes after completion the token is new again.
  clock.Advance(ClientTokens::kWindowMillis + 1);
  CHECK_FALSE(tokens.Begin("t", "request-2"));
}

}  // namespace
}  // namespace eddy

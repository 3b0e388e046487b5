#include "server/memory_budget.h"

#include <doctest/doctest.h>

namespace eddy {

TEST_CASE("a budget reserves what fits and refuses what does not") {
  MemoryBudget budget(100);
  CHECK(budget.TryReserve(60));
  CHECK_FALSE(budget.TryReserve(50));
  CHECK(budget.TryReserve(40));
  CHECK(budget.used() == 100);
  budget.Release(60);
  CHECK(budget.TryReserve(50));
  CHECK(budget.used() == 90);
}

TEST_CASE("a request larger than the whole budget gets it when nothing else holds any") {
  MemoryBudget budget(100);
  CHECK(budget.TryReserve(10));
  CHECK_FALSE(budget.TryReserve(500));
  budget.Release(10);
  CHECK(budget.TryReserve(500));
  CHECK_FALSE(budget.TryReserve(1));
}

TEST_CASE("large bodies leave a quarter of the budget to ordinary requests") {
  constexpr size_t kMb = 1024 * 1024;
  MemoryBudget budget(16 * kMb);
  CHECK(budget.TryReserve(6 * kMb));
  CHECK(budget.TryReserve(6 * kMb));
  CHECK_FALSE(budget.TryReserve(2 * kMb));  // 14 MB would pass 12 MB
  CHECK(budget.TryReserve(kMb));            // an ordinary body still fits
  CHECK(budget.TryReserve(kMb));
  CHECK(budget.used() == 14 * kMb);
}

TEST_CASE("responses are counted over the limit, and block reservations until released") {
  MemoryBudget budget(100);
  budget.Add(150);
  CHECK_FALSE(budget.TryReserve(1));
  budget.Release(150);
  CHECK(budget.TryReserve(1));
}

TEST_CASE("a hold releases its bytes when it goes away") {
  MemoryBudget budget(100);
  {
    BudgetHold hold;
    REQUIRE(budget.TryReserve(70));
    hold.Hold(budget, 70);
    CHECK(budget.used() == 70);
  }
  CHECK(budget.used() == 0);
}

}  // namespace eddy

#include "server/request_id.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace eddy {
namespace {

bool LooksLikeDynamoDbRequestId(std::string_view id) {
  if (id.size() != 52) return false;
  for (char c : id) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

TEST_CASE("RequestId has DynamoDB's shape: 52 characters of [A-Z0-9]") {
  CHECK(LooksLikeDynamoDbRequestId("4KBNVRGD25RG1KEO9UT4V3FQDJVV4KQNSO5AEMVJF66Q9ASUAAJG"));
  for (int i = 0; i < 100; ++i) CHECK(LooksLikeDynamoDbRequestId(RequestId::Generate().view()));
}

TEST_CASE("RequestIds are distinct within and across threads") {
  std::vector<std::string> ids;
  std::vector<std::string> other_thread_ids;
  std::thread other([&] {
    for (int i = 0; i < 5000; ++i) other_thread_ids.emplace_back(RequestId::Generate().view());
  });
  for (int i = 0; i < 5000; ++i) ids.emplace_back(RequestId::Generate().view());
  other.join();
  std::set<std::string> unique(ids.begin(), ids.end());
  unique.insert(other_thread_ids.begin(), other_thread_ids.end());
  CHECK(unique.size() == 10000);
}

TEST_CASE("RequestId uses every character of the alphabet") {
  std::set<char> seen;
  for (int i = 0; i < 200; ++i) {
    const RequestId id = RequestId::Generate();
    for (char c : id.view()) seen.insert(c);
  }
  CHECK(seen.size() == 36);
}

}  // namespace
}  // namespace eddy

#include "iam/ids.h"

#include <random>

namespace eddy::iam {

std::string RandomId(std::string_view prefix, size_t length, std::string_view alphabet) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string id(prefix);
  for (size_t i = 0; i < length; ++i) id.push_back(alphabet[pick(generator)]);
  return id;
}

}  // namespace eddy::iam

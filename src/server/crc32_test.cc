#include "server/crc32.h"

#include <doctest/doctest.h>

#include <boost/crc.hpp>
#include <string>

namespace eddy {
namespace {

uint32_t ReferenceCrc32(std::string_view data) {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum();
}

TEST_CASE("Crc32 matches the published check values") {
  CHECK(Crc32("") == 0u);
  CHECK(Crc32("123456789") == 0xCBF43926u);  // the CRC-32 catalogue "check" value
  CHECK(Crc32("The quick brown fox jumps over the lazy dog") == 0x414FA339u);
  CHECK(Crc32("a") == 0xE8B7BE43u);
  // An empty DynamoDB response body, as sent for e.g. a PutItem without
  // ReturnValues; x-amz-crc32 is the decimal form: 2745614147.
  CHECK(Crc32("{}") == 2745614147u);
}

TEST_CASE("Crc32 agrees with boost::crc_32_type on every length and alignment") {
  std::string data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t len = 0; offset + len <= data.size(); len += 13) {
      std::string_view slice(data.data() + offset, len);
      CHECK(Crc32(slice) == ReferenceCrc32(slice));
    }
  }
}

TEST_CASE("Crc32 can be computed incrementally") {
  std::string_view text = "The quick brown fox jumps over the lazy dog";
  for (size_t split = 0; split <= text.size(); ++split) {
    CHECK(Crc32(text.substr(split), Crc32(text.substr(0, split))) == 0x414FA339u);
  }
}

}  // namespace
}  // namespace eddy

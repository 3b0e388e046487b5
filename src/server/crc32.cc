#include "server/crc32.h"

#include <zlib.h>

namespace eddy {

uint32_t Crc32(std::string_view data, uint32_t crc) {
  // zlib's (linked already through RocksDB): the same polynomial, and faster
  // than a hand-written table.
  return static_cast<uint32_t>(crc32_z(crc, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

}  // namespace eddy

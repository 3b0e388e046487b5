// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320) of the exact
// response body bytes. DynamoDB sends it as the decimal `x-amz-crc32`
// response header and botocore verifies it on every DynamoDB response
// (botocore raises `Crc32Error` and retries on a mismatch), so it must be
// computed over precisely the bytes that go on the wire.
#pragma once

#include <cstdint>
#include <string_view>

namespace eddy {

// Returns the CRC-32 of `data`, continuing from `crc` (the CRC of the bytes
// before it; 0 to start), so Crc32(b, Crc32(a)) == Crc32(a + b): zlib's
// crc32.
uint32_t Crc32(std::string_view data, uint32_t crc = 0);

}  // namespace eddy

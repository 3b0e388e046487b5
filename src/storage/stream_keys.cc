#include "storage/stream_keys.h"

namespace eddy::storage {
namespace {

void AppendBigEndian(std::string* out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

uint64_t ReadBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (char c : bytes.substr(0, 8)) value = (value << 8) | static_cast<uint8_t>(c);
  return value;
}

}  // namespace

std::string StreamPrefix(uint64_t table_id, int64_t stream_created_millis) {
  std::string key;
  key.reserve(24);
  AppendBigEndian(&key, table_id);
  AppendBigEndian(&key, static_cast<uint64_t>(stream_created_millis));
  return key;
}

std::string StreamRecordKey(uint64_t table_id, int64_t stream_created_millis, uint64_t sequence) {
  std::string key = StreamPrefix(table_id, stream_created_millis);
  AppendBigEndian(&key, sequence);
  return key;
}

uint64_t SequenceOfStreamKey(std::string_view key) {
  return key.size() < 8 ? 0 : ReadBigEndian(key.substr(key.size() - 8));
}

std::string StreamRecordHeader(int64_t created_millis) {
  std::string value;
  AppendBigEndian(&value, static_cast<uint64_t>(created_millis));
  return value;
}

bool ParseStreamRecordValue(std::string_view value, int64_t* created_millis,
                            std::string_view* record) {
  if (value.size() < 8) return false;
  *created_millis = static_cast<int64_t>(ReadBigEndian(value));
  *record = value.substr(8);
  return true;
}

}  // namespace eddy::storage

#include "streams/shard_iterator.h"

#include <charconv>
#include <cstdio>
#include <vector>

#include "core/fnv.h"
#include "core/base64.h"

namespace eddy::streams {
namespace {

constexpr std::string_view kVersion = "1";

std::string Hex(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(value));
  return text;
}

template <typename T>
bool ParseInteger(std::string_view text, T* value) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string EncodeShardIterator(const ShardIterator& iterator) {
  std::string payload;
  payload.append(kVersion).append("\n");
  payload.append(iterator.stream_arn).append("\n");
  payload.append(iterator.shard_id).append("\n");
  payload.append(std::to_string(iterator.position.sequence)).append("\n");
  payload.append(iterator.position.at_record ? "1" : "0").append("\n");
  payload.append(std::to_string(iterator.created_millis)).append("\n");
  payload.append(Hex(Fnv1a64(payload)));
  return Base64Encode(payload, Base64Alphabet::kUrl);
}

std::optional<ShardIterator> DecodeShardIterator(std::string_view text) {
  std::optional<std::string> payload(std::in_place);
  if (!Base64Decode(text, &*payload, Base64Alphabet::kUrl)) return std::nullopt;
  const size_t checksum_at = payload->rfind('\n');
  if (checksum_at == std::string::npos) return std::nullopt;
  const std::string_view body = std::string_view(*payload).substr(0, checksum_at + 1);
  if (std::string_view(*payload).substr(checksum_at + 1) != Hex(Fnv1a64(body))) return std::nullopt;

  std::vector<std::string_view> fields;
  std::string_view rest = body;
  while (!rest.empty()) {
    const size_t end = rest.find('\n');
    fields.push_back(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  if (fields.size() != 6 || fields[0] != kVersion || fields[1].empty() || fields[2].empty() ||
      (fields[4] != "0" && fields[4] != "1")) {
    return std::nullopt;
  }
  ShardIterator iterator;
  iterator.stream_arn = std::string(fields[1]);
  iterator.shard_id = std::string(fields[2]);
  iterator.position.at_record = fields[4] == "1";
  if (!ParseInteger(fields[3], &iterator.position.sequence) ||
      !ParseInteger(fields[5], &iterator.created_millis)) {
    return std::nullopt;
  }
  return iterator;
}

}  // namespace eddy::streams

#include "storage/key_codec.h"

#include <cassert>
#include <charconv>

#include "core/api_error.h"
#include "storage/layout.h"

namespace eddy::storage {

namespace {

void AppendBigEndian32(std::string* out, uint32_t v) {
  const char bytes[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                         static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(bytes, 4);
}

void StoreBigEndian32(char* dst, uint32_t v) {
  dst[0] = static_cast<char>(v >> 24);
  dst[1] = static_cast<char>(v >> 16);
  dst[2] = static_cast<char>(v >> 8);
  dst[3] = static_cast<char>(v);
}

uint32_t LoadBigEndian32(std::string_view in) {
  return static_cast<uint32_t>(static_cast<uint8_t>(in[0])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(in[1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(in[2])) << 8 |
         static_cast<uint32_t>(static_cast<uint8_t>(in[3]));
}

uint32_t RotateLeft(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// MurmurHash3_x86_32 (Austin Appleby, public domain), seed 0, with blocks
// read little-endian explicitly so the result is the same on every host:
// the hash is stored in keys. Chosen over FNV-1a because its finalizer mixes
// every input bit into the high bits, which decide the Scan segment.
uint32_t Murmur3(std::string_view data) {
  constexpr uint32_t c1 = 0xcc9e2d51;
  constexpr uint32_t c2 = 0x1b873593;
  const auto* p = reinterpret_cast<const uint8_t*>(data.data());
  const size_t len = data.size();
  uint32_t h = 0;
  size_t i = 0;
  for (; i + 4 <= len; i += 4) {
    uint32_t k = static_cast<uint32_t>(p[i]) | static_cast<uint32_t>(p[i + 1]) << 8 |
                 static_cast<uint32_t>(p[i + 2]) << 16 | static_cast<uint32_t>(p[i + 3]) << 24;
    k *= c1;
    k = RotateLeft(k, 15);
    k *= c2;
    h ^= k;
    h = RotateLeft(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  switch (len & 3) {
    case 3: k ^= static_cast<uint32_t>(p[i + 2]) << 16; [[fallthrough]];
    case 2: k ^= static_cast<uint32_t>(p[i + 1]) << 8; [[fallthrough]];
    case 1:
      k ^= p[i];
      k *= c1;
      k = RotateLeft(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(len);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

uint8_t PartitionTag(AttributeType type) {
  switch (type) {
    case AttributeType::kString: return kKeyTagString;
    case AttributeType::kNumber: return kKeyTagNumber;
    case AttributeType::kBinary: return kKeyTagBinary;
    default: assert(false && "key attributes are S, N or B"); return 0;
  }
}

// Appends the partition key encoding and returns the offset where it starts.
size_t AppendPartitionKeyAt(std::string* out, const AttributeValue& value) {
  const size_t start = out->size();
  out->push_back(static_cast<char>(PartitionTag(value.type)));
  const size_t length_at = out->size();
  out->append(kPartitionLengthSize, '\0');
  if (value.type == AttributeType::kNumber) {
    AppendNumber(out, value.as_number());
  } else {
    out->append(value.as_string());
  }
  const size_t payload = out->size() - length_at - kPartitionLengthSize;
  StoreBigEndian32(out->data() + length_at, static_cast<uint32_t>(payload));
  return start;
}

// Table prefix, then the hash and encoding of the partition key: of each
// of its attributes, for a multi-attribute key, hashed together.
std::string PartitionPrefixString(uint64_t table_id, const std::vector<const AttributeValue*>& parts) {
  std::string key = TablePrefix(table_id);
  const size_t hash_at = key.size();
  key.append(kPartitionHashSize, '\0');
  const size_t start = key.size();
  for (const AttributeValue* part : parts) AppendPartitionKeyAt(&key, *part);
  StoreBigEndian32(key.data() + hash_at, Murmur3(std::string_view(key).substr(start)));
  return key;
}

std::string PartitionPrefixString(uint64_t table_id, const AttributeValue& partition) {
  return PartitionPrefixString(table_id, std::vector<const AttributeValue*>{&partition});
}

bool DecodeSortKey(std::string_view in, AttributeType type, AttributeValue* value) {
  switch (type) {
    case AttributeType::kString: *value = AttributeValue::String(std::string(in)); return true;
    case AttributeType::kBinary: *value = AttributeValue::Binary(std::string(in)); return true;
    case AttributeType::kNumber: {
      Number n;
      if (!ConsumeNumber(&in, &n) || !in.empty()) return false;
      *value = AttributeValue::Num(std::move(n));
      return true;
    }
    default: return false;
  }
}

}  // namespace

void AppendNumber(std::string* out, const Number& number) {
  if (number.is_zero()) {
    out->push_back(static_cast<char>(kNumberZero));
    return;
  }
  out->push_back(static_cast<char>(number.is_negative() ? kNumberNegative : kNumberPositive));
  const size_t magnitude_at = out->size();
  const int32_t biased = number.exponent() + kNumberExponentBias;
  assert(biased >= 0 && biased <= 0xFFFF && "Number keeps exponents within DynamoDB's range");
  out->push_back(static_cast<char>(biased >> 8));
  out->push_back(static_cast<char>(biased));
  const std::string& digits = number.digits();
  for (size_t i = 0; i < digits.size(); i += 2) {
    const int high = digits[i] - '0';
    const int low = i + 1 < digits.size() ? digits[i + 1] - '0' : 0;
    out->push_back(static_cast<char>(1 + 10 * high + low));
  }
  out->push_back(static_cast<char>(kNumberTerminator));
  if (number.is_negative()) {
    for (size_t i = magnitude_at; i < out->size(); ++i) (*out)[i] = static_cast<char>(~(*out)[i]);
  }
}

bool ConsumeNumber(std::string_view* input, Number* number) {
  std::string_view in = *input;
  if (in.empty()) return false;
  const auto tag = static_cast<uint8_t>(in[0]);
  if (tag == kNumberZero) {
    *number = Number();
    input->remove_prefix(1);
    return true;
  }
  if (tag != kNumberNegative && tag != kNumberPositive) return false;
  const bool negative = tag == kNumberNegative;
  const uint8_t flip = negative ? 0xFF : 0x00;
  auto byte_at = [&](size_t i) { return static_cast<uint8_t>(static_cast<uint8_t>(in[i]) ^ flip); };
  if (in.size() < 4) return false;
  const int32_t exponent = (byte_at(1) << 8 | byte_at(2)) - kNumberExponentBias;
  char digits[Number::kMaxDigits + 2];
  size_t count = 0;
  size_t i = 3;
  for (;; ++i) {
    if (i >= in.size()) return false;
    const uint8_t pair = byte_at(i);
    if (pair == kNumberTerminator) break;
    if (pair > 100 || count + 2 > sizeof(digits)) return false;
    digits[count++] = static_cast<char>('0' + (pair - 1) / 10);
    digits[count++] = static_cast<char>('0' + (pair - 1) % 10);
  }
  if (count > 0 && digits[count - 1] == '0') --count;  // odd digit count padding
  // Only the canonical encoding of a normalized number is accepted.
  if (count == 0 || count > Number::kMaxDigits || digits[0] == '0' || digits[count - 1] == '0') {
    return false;
  }
  std::optional<Number> parsed = Number::FromNormalized(negative, exponent, std::string_view(digits, count));
  if (!parsed) return false;
  *number = std::move(*parsed);
  input->remove_prefix(i + 1);
  return true;
}

void AppendSortKey(std::string* out, const AttributeValue& value) {
  switch (value.type) {
    case AttributeType::kString:
    case AttributeType::kBinary: out->append(value.as_string()); return;
    case AttributeType::kNumber: AppendNumber(out, value.as_number()); return;
    default: assert(false && "key attributes are S, N or B");
  }
}

void AppendDelimitedSortKey(std::string* out, const AttributeValue& value) {
  if (value.type == AttributeType::kNumber) {
    AppendNumber(out, value.as_number());
    return;
  }
  assert((value.type == AttributeType::kString || value.type == AttributeType::kBinary) &&
         "key attributes are S, N or B");
  for (char c : value.as_string()) {
    out->push_back(c);
    if (c == '\0') out->push_back(static_cast<char>(kSortKeyEscapedZero));
  }
  out->push_back('\0');
  out->push_back(static_cast<char>(kSortKeyTerminator));
}

void AppendSortKeyOf(const KeySpace& space, std::string* out, const AttributeValue& value) {
  if (space.is_index) {
    AppendDelimitedSortKey(out, value);
  } else {
    AppendSortKey(out, value);
  }
}

std::string SortKeyEnd(const KeySpace& space, std::string key) {
  // An index's sort key is followed by the item's key, so every entry with
  // this sort key extends `key`. A table's sort key is the last component:
  // only `key` itself has it, and key + '\0' is the next possible key.
  if (space.is_index) return PrefixSuccessor(std::move(key));
  key.push_back('\0');
  return key;
}

void AppendPartitionKey(std::string* out, const AttributeValue& value) {
  AppendPartitionKeyAt(out, value);
}

uint32_t PartitionHash(const AttributeValue& partition_key) {
  std::string encoded;
  AppendPartitionKey(&encoded, partition_key);
  return Murmur3(encoded);
}

std::string ItemKey(const KeySpace& table, const AttributeValue& partition,
                    const AttributeValue* sort) {
  assert(!table.is_index);
  std::string key = PartitionPrefixString(table.id, partition);
  if (sort != nullptr) AppendSortKey(&key, *sort);
  return key;
}

std::string IndexEntryKey(const KeySpace& index, const std::vector<const AttributeValue*>& partition,
                          const std::vector<const AttributeValue*>& sorts, std::string_view item_key) {
  assert(index.is_index && item_key.size() > kTableIdSize);
  std::string key = PartitionPrefixString(index.id, partition);
  for (const AttributeValue* sort : sorts) AppendDelimitedSortKey(&key, *sort);
  key.append(item_key.substr(kTableIdSize));
  return key;
}

std::string PartitionPrefix(const KeySpace& space, const AttributeValue& partition) {
  return PartitionPrefixString(space.id, partition);
}

std::string PartitionPrefix(const KeySpace& space, const std::vector<const AttributeValue*>& partition) {
  return PartitionPrefixString(space.id, partition);
}

std::string TablePrefix(uint64_t table_id) {
  std::string prefix;
  AppendBigEndian32(&prefix, static_cast<uint32_t>(table_id >> 32));
  AppendBigEndian32(&prefix, static_cast<uint32_t>(table_id));
  return prefix;
}

std::string SegmentStart(uint64_t table_id, uint32_t segment, uint32_t total) {
  assert(total >= 1 && segment <= total);
  if (segment == total) return PrefixSuccessor(TablePrefix(table_id));
  std::string start = TablePrefix(table_id);
  // segment < total <= 2^32 - 1, so the quotient is < 2^32.
  AppendBigEndian32(&start, static_cast<uint32_t>((static_cast<uint64_t>(segment) << 32) / total));
  return start;
}

std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<uint8_t>(prefix.back()) == 0xFF) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(static_cast<uint8_t>(prefix.back()) + 1);
  return prefix;
}

bool DecodeItemKey(std::string_view key, const KeySchema& schema, AttributeValue* partition,
                   AttributeValue* sort) {
  if (key.size() < kTableIdSize + kPartitionHashSize + 1 + kPartitionLengthSize) return false;
  const uint32_t stored_hash = LoadBigEndian32(key.substr(kTableIdSize));
  std::string_view rest = key.substr(kTableIdSize + kPartitionHashSize);
  const AttributeType hash_type = schema.hash.type;
  if (hash_type != AttributeType::kString && hash_type != AttributeType::kNumber &&
      hash_type != AttributeType::kBinary) {
    return false;
  }
  if (static_cast<uint8_t>(rest[0]) != PartitionTag(hash_type)) return false;
  const uint32_t length = LoadBigEndian32(rest.substr(1));
  const size_t encoded_size = 1 + kPartitionLengthSize + static_cast<size_t>(length);
  if (rest.size() < encoded_size) return false;
  if (Murmur3(rest.substr(0, encoded_size)) != stored_hash) return false;
  if (!DecodeSortKey(rest.substr(1 + kPartitionLengthSize, length), hash_type, partition)) {
    return false;
  }
  rest.remove_prefix(encoded_size);
  if (!schema.range) return rest.empty();
  if (sort == nullptr) {
    AttributeValue ignored;
    return DecodeSortKey(rest, schema.range->type, &ignored);
  }
  return DecodeSortKey(rest, schema.range->type, sort);
}

}  // namespace eddy::storage

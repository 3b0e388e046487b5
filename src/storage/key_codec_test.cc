#include "storage/key_codec.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <set>

#include "storage/layout.h"

namespace eddy::storage {
namespace {

KeySpace Table(uint64_t id) { return KeySpace{id, {}, false}; }

// ---- Random values ----

std::string RandomBytes(std::mt19937_64& rng) {
  // Short strings over a small alphabet collide and share prefixes often,
  // which is where ordering bugs hide; \0 and 0xFF are the escaping traps.
  static constexpr char kAlphabet[] = {'\0', '\x01', 'a', 'b', '\x7f', '\x80', '\xfe', '\xff'};
  std::string s(rng() % 6, '\0');
  for (char& c : s) {
    c = rng() % 4 == 0 ? static_cast<char>(rng()) : kAlphabet[rng() % sizeof(kAlphabet)];
  }
  return s;
}

Number RandomNumber(std::mt19937_64& rng) {
  if (rng() % 20 == 0) return Number();
  // Digit counts 1..38, biased towards short and towards the maximum.
  size_t count = rng() % 4 == 0 ? Number::kMaxDigits : 1 + rng() % 6;
  if (rng() % 4 == 0) count = 1 + rng() % Number::kMaxDigits;
  std::string digits(count, '0');
  for (char& d : digits) d = static_cast<char>('0' + (rng() % 3 == 0 ? 9 : rng() % 10));
  digits.front() = static_cast<char>('1' + rng() % 9);
  digits.back() = static_cast<char>('1' + rng() % 9);
  // Exponents from a narrow band (many ties) or anywhere in DynamoDB's range
  // [-129, 126] including its ends.
  int exponent;
  switch (rng() % 4) {
    case 0: exponent = -129; break;
    case 1: exponent = 126; break;
    case 2: exponent = static_cast<int>(rng() % 5) - 2; break;
    default: exponent = static_cast<int>(rng() % 256) - 129; break;
  }
  std::string text = (rng() % 2 ? "-0." : "0.") + digits + "E" + std::to_string(exponent);
  return Number::Parse(text);
}

AttributeValue RandomKeyValue(std::mt19937_64& rng, AttributeType type) {
  switch (type) {
    case AttributeType::kString: return AttributeValue::String(RandomBytes(rng));
    case AttributeType::kBinary: return AttributeValue::Binary(RandomBytes(rng));
    default: return AttributeValue::Num(RandomNumber(rng));
  }
}

// ---- Reference order, from first principles ----

int CompareBytes(const std::string& a, const std::string& b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int ReferenceCompare(const AttributeValue& a, const AttributeValue& b) {
  if (a.type == AttributeType::kNumber) {
    auto c = a.as_number() <=> b.as_number();
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return CompareBytes(a.as_string(), b.as_string());
}

int Sign(int x) { return (x > 0) - (x < 0); }

int MemCompare(const std::string& a, const std::string& b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return Sign(c);
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

std::string SortKey(const AttributeValue& v) {
  std::string out;
  AppendSortKey(&out, v);
  return out;
}

std::string PartitionKey(const AttributeValue& v) {
  std::string out;
  AppendPartitionKey(&out, v);
  return out;
}

KeySchema Schema(AttributeType hash, std::optional<AttributeType> range) {
  KeySchema schema{{"pk", hash}, std::nullopt};
  if (range) schema.range = KeyAttribute{"sk", *range};
  return schema;
}

constexpr AttributeType kKeyTypes[] = {AttributeType::kString, AttributeType::kNumber,
                                       AttributeType::kBinary};

TEST_CASE("sort key memcmp order equals DynamoDB order") {
  std::mt19937_64 rng(20240601);
  for (AttributeType type : kKeyTypes) {
    CAPTURE(TypeDescriptor(type));
    std::vector<AttributeValue> values;
    for (int i = 0; i < 3000; ++i) values.push_back(RandomKeyValue(rng, type));
    std::vector<std::string> encoded;
    for (const auto& v : values) encoded.push_back(SortKey(v));
    // Every pair of a random sample, plus sorted neighbours below.
    for (int i = 0; i < 20000; ++i) {
      size_t a = rng() % values.size(), b = rng() % values.size();
      CAPTURE(a);
      CAPTURE(b);
      REQUIRE(MemCompare(encoded[a], encoded[b]) == ReferenceCompare(values[a], values[b]));
    }
    std::vector<size_t> order(values.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t x, size_t y) { return ReferenceCompare(values[x], values[y]) < 0; });
    for (size_t i = 1; i < order.size(); ++i) {
      REQUIRE(MemCompare(encoded[order[i - 1]], encoded[order[i]]) ==
              ReferenceCompare(values[order[i - 1]], values[order[i]]));
    }
  }
}

TEST_CASE("delimited sort keys keep DynamoDB's order whatever follows them") {
  // Index entries append the item's key after the index sort key, so the
  // order must hold for any suffix, and prefixes must stay prefixes.
  std::mt19937_64 rng(20261207);
  for (AttributeType type : kKeyTypes) {
    CAPTURE(TypeDescriptor(type));
    for (int i = 0; i < 20000; ++i) {
      const AttributeValue a = RandomKeyValue(rng, type), b = RandomKeyValue(rng, type);
      std::string ea, eb;
      AppendDelimitedSortKey(&ea, a);
      AppendDelimitedSortKey(&eb, b);
      const int expected = ReferenceCompare(a, b);
      if (expected != 0) {
        REQUIRE(MemCompare(ea + RandomBytes(rng), eb + RandomBytes(rng)) == expected);
      } else {
        REQUIRE(ea == eb);
      }
      if (type != AttributeType::kNumber) {
        // begins_with: the encoding of a prefix, less its terminator, is a
        // prefix of the encoding, and only of values that start with it.
        const std::string prefix = ea.substr(0, ea.size() - 2);
        REQUIRE(eb.starts_with(prefix) == b.as_string().starts_with(a.as_string()));
      }
    }
  }
}

TEST_CASE("index entry keys: index prefix, index key, then the item's key") {
  const KeySpace index{9, {}, true};
  const std::string item = ItemKey(Table(3), AttributeValue::String("p"), nullptr);
  const AttributeValue sort = AttributeValue::String("a\0b");
  const AttributeValue g = AttributeValue::String("g");
  const std::string key = IndexEntryKey(index, {&g}, {&sort}, item);
  CHECK(key.starts_with(PartitionPrefix(index, AttributeValue::String("g"))));
  CHECK(key.ends_with(item.substr(8)));
  std::string with_sort = PartitionPrefix(index, AttributeValue::String("g"));
  AppendSortKeyOf(index, &with_sort, sort);
  CHECK(key.starts_with(with_sort));
  // Every entry with this sort key lies in [with_sort, SortKeyEnd).
  CHECK(key < SortKeyEnd(index, with_sort));
  // A table's sort key is its last component: only the key itself is in range.
  const std::string table_key = ItemKey(Table(3), AttributeValue::String("p"), &sort);
  CHECK(SortKeyEnd(Table(3), table_key) == table_key + std::string(1, '\0'));
}

TEST_CASE("multi-attribute index keys: partitions hash every attribute, sorts order as tuples") {
  const KeySpace index{9, {}, true};
  const std::string item = ItemKey(Table(3), AttributeValue::String("p"), nullptr);
  const AttributeValue a = AttributeValue::String("a"), ab = AttributeValue::String("ab");
  const AttributeValue b = AttributeValue::String("b"), n1 = AttributeValue::Num(Number::Parse("1"));
  const AttributeValue n2 = AttributeValue::Num(Number::Parse("2"));
  // ("a", "b") and ("ab", "") style ambiguities cannot meet: each part is delimited.
  CHECK(PartitionPrefix(index, {&a, &b}) != PartitionPrefix(index, {&ab}));
  CHECK(PartitionPrefix(index, {&a}) == PartitionPrefix(index, a));
  // Sort tuples: ("a", 2) < ("ab", 1), and ("a", 1) < ("a", 2).
  CHECK(IndexEntryKey(index, {&b}, {&a, &n2}, item) < IndexEntryKey(index, {&b}, {&ab, &n1}, item));
  CHECK(IndexEntryKey(index, {&b}, {&a, &n1}, item) < IndexEntryKey(index, {&b}, {&a, &n2}, item));
}

TEST_CASE("number sort keys at the edges of DynamoDB's range") {
  const char* ascending[] = {
      "-9.9999999999999999999999999999999999999E+125",
      "-1E+125",
      "-100",
      "-12.3",
      "-12",
      "-1.23",
      "-1.2",
      "-1",
      "-0.99999999999999999999999999999999999999",
      "-1E-130",
      "0",
      "1E-130",
      "1.1E-130",
      "0.1",
      "0.12",
      "0.1200000000000000000000000000000000001",
      "0.123",
      "0.13",
      "1",
      "1.0000000000000000000000000000000000001",
      "10",
      "10.5",
      "11",
      "99999999999999999999999999999999999999",
      "1E+125",
      "9.9999999999999999999999999999999999999E+125",
  };
  for (size_t i = 1; i < std::size(ascending); ++i) {
    std::string_view text = ascending[i];
    CAPTURE(text);
    auto a = AttributeValue::Num(Number::Parse(ascending[i - 1]));
    auto b = AttributeValue::Num(Number::Parse(ascending[i]));
    REQUIRE(MemCompare(SortKey(a), SortKey(b)) < 0);
  }
}

TEST_CASE("number encoding is compact and self-delimiting") {
  CHECK(SortKey(AttributeValue::Num(Number())) == std::string(1, char(kNumberZero)));
  // Sign, two exponent bytes, ceil(digits / 2) pairs, terminator.
  CHECK(SortKey(AttributeValue::Num(Number::Parse("12345"))).size() == 1 + 2 + 3 + 1);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 2000; ++i) {
    Number a = RandomNumber(rng), b = RandomNumber(rng);
    std::string both;
    AppendNumber(&both, a);
    AppendNumber(&both, b);
    std::string_view in = both;
    Number da, db;
    REQUIRE(ConsumeNumber(&in, &da));
    REQUIRE(ConsumeNumber(&in, &db));
    CHECK(in.empty());
    CHECK(da == a);
    CHECK(db == b);
  }
}

TEST_CASE("item keys round trip through DecodeItemKey") {
  std::mt19937_64 rng(99);
  for (AttributeType hash_type : kKeyTypes) {
    for (std::optional<AttributeType> range_type :
         {std::optional<AttributeType>(), std::optional(AttributeType::kString),
          std::optional(AttributeType::kNumber), std::optional(AttributeType::kBinary)}) {
      KeySchema schema = Schema(hash_type, range_type);
      for (int i = 0; i < 500; ++i) {
        uint64_t table_id = rng() % 3 == 0 ? UINT64_MAX - rng() % 2 : rng() % 1000;
        AttributeValue pk = RandomKeyValue(rng, hash_type);
        std::optional<AttributeValue> sk;
        if (range_type) sk = RandomKeyValue(rng, *range_type);
        std::string key = ItemKey(Table(table_id), pk, sk ? &*sk : nullptr);
        REQUIRE(key.starts_with(TablePrefix(table_id)));
        REQUIRE(key.starts_with(PartitionPrefix(Table(table_id), pk)));
        AttributeValue decoded_pk, decoded_sk;
        REQUIRE(DecodeItemKey(key, schema, &decoded_pk, &decoded_sk));
        CHECK(decoded_pk == pk);
        if (sk) CHECK(decoded_sk == *sk);
        // Truncated keys never decode (except S/B sort keys, where any
        // shorter tail is itself a valid, different sort key).
        if (!range_type || *range_type == AttributeType::kNumber) {
          for (size_t cut = 0; cut < key.size(); ++cut) {
            AttributeValue p, s;
            CHECK_FALSE(DecodeItemKey(std::string_view(key).substr(0, cut), schema, &p, &s));
          }
        }
      }
    }
  }
}

TEST_CASE("DecodeItemKey rejects keys of another schema or with a wrong hash") {
  auto pk = AttributeValue::String("user#1");
  auto sk = AttributeValue::Num(Number::Parse("42"));
  std::string key = ItemKey(Table(5), pk, &sk);
  AttributeValue p, s;
  CHECK(DecodeItemKey(key, Schema(AttributeType::kString, AttributeType::kNumber), &p, &s));
  CHECK_FALSE(DecodeItemKey(key, Schema(AttributeType::kBinary, AttributeType::kNumber), &p, &s));
  CHECK_FALSE(DecodeItemKey(key, Schema(AttributeType::kString, std::nullopt), &p, &s));
  CHECK_FALSE(DecodeItemKey(key + "x", Schema(AttributeType::kString, AttributeType::kNumber),
                            &p, &s));
  std::string bad_hash = key;
  bad_hash[kTableIdSize] = static_cast<char>(bad_hash[kTableIdSize] ^ 1);
  CHECK_FALSE(DecodeItemKey(bad_hash, Schema(AttributeType::kString, AttributeType::kNumber), &p,
                            &s));
  // The sort key may be skipped.
  CHECK(DecodeItemKey(key, Schema(AttributeType::kString, AttributeType::kNumber), &p, nullptr));
}

TEST_CASE("random garbage never decodes as a key it was not encoded from") {
  std::mt19937_64 rng(3);
  KeySchema schema = Schema(AttributeType::kNumber, AttributeType::kNumber);
  for (int i = 0; i < 20000; ++i) {
    auto pk = AttributeValue::Num(RandomNumber(rng));
    auto sk = AttributeValue::Num(RandomNumber(rng));
    std::string key = ItemKey(Table(1), pk, &sk);
    key[rng() % key.size()] = static_cast<char>(rng());
    AttributeValue p, s;
    if (DecodeItemKey(key, schema, &p, &s)) {
      // A surviving mutation must still be a canonical key (DecodeItemKey
      // does not look at the table id, so ignore mutations there).
      std::string expected = key;
      expected.replace(0, kTableIdSize, TablePrefix(1));
      CHECK(ItemKey(Table(1), p, &s) == expected);
    }
  }
}

TEST_CASE("partition key encodings are prefix-free") {
  std::mt19937_64 rng(11);
  std::vector<std::string> encoded;
  std::set<std::string> distinct;
  for (AttributeType type : kKeyTypes) {
    for (int i = 0; i < 700; ++i) {
      std::string e = PartitionKey(RandomKeyValue(rng, type));
      if (distinct.insert(e).second) encoded.push_back(e);
    }
  }
  std::sort(encoded.begin(), encoded.end());
  // In sorted order, a prefix would sit right before a string it prefixes.
  for (size_t i = 1; i < encoded.size(); ++i) {
    REQUIRE_FALSE(encoded[i].starts_with(encoded[i - 1]));
  }
  // S and B with the same bytes are different partitions.
  CHECK(PartitionKey(AttributeValue::String("x")) != PartitionKey(AttributeValue::Binary("x")));
}

TEST_CASE("partition hash is MurmurHash3_x86_32 of the encoding (stable on disk)") {
  // Golden values computed with an independent MurmurHash3_x86_32 (seed 0)
  // that reproduces the published vectors ("hello" -> 0x248bfa47). Changing
  // the hash or the encoding would silently orphan every stored item.
  CHECK(PartitionKey(AttributeValue::String("hello")) == std::string("S\0\0\0\x05hello", 10));
  CHECK(PartitionHash(AttributeValue::String("hello")) == 0x33bc48dfu);
  CHECK(PartitionHash(AttributeValue::String("")) == 0x08e61f44u);
  CHECK(PartitionKey(AttributeValue::Num(Number::Parse("1"))) ==
        std::string("N\0\0\0\x05\x03\x80\x01\x0b\x00", 10));
  CHECK(PartitionHash(AttributeValue::Num(Number::Parse("1"))) == 0xf91377b1u);
  // The key stores the same hash, big-endian, after the table id.
  std::string key = ItemKey(Table(0), AttributeValue::String("hello"), nullptr);
  CHECK(key.substr(kTableIdSize, kPartitionHashSize) == "\x33\xbc\x48\xdf");
}

TEST_CASE("table prefixes and successors") {
  CHECK(TablePrefix(1) == std::string("\0\0\0\0\0\0\0\x01", 8));
  CHECK(PrefixSuccessor(TablePrefix(1)) == TablePrefix(2));
  CHECK(PrefixSuccessor(TablePrefix(0xFF)) == std::string("\0\0\0\0\0\0\x01", 7));
  CHECK(PrefixSuccessor(TablePrefix(UINT64_MAX)).empty());
  CHECK(PrefixSuccessor("").empty());
  CHECK(PrefixSuccessor("a\xff\xff") == "b");
  std::mt19937_64 rng(5);
  for (int i = 0; i < 1000; ++i) {
    std::string prefix = RandomBytes(rng) + "p";
    std::string successor = PrefixSuccessor(prefix);
    std::string extended = prefix + RandomBytes(rng);
    if (!successor.empty()) {
      CHECK(MemCompare(extended, successor) < 0);
      CHECK(MemCompare(prefix, successor) < 0);
    }
  }
}

TEST_CASE("scan segments partition the hash space") {
  std::mt19937_64 rng(17);
  const uint64_t table = 42;
  const std::string table_start = TablePrefix(table);
  const std::string table_end = PrefixSuccessor(TablePrefix(table));
  for (uint32_t total : {1u, 2u, 3u, 7u, 1000000u}) {
    CAPTURE(total);
    REQUIRE(SegmentStart(table, 0, total) == table_start + std::string(4, '\0'));
    REQUIRE(SegmentStart(table, total, total) == table_end);
    std::string previous = SegmentStart(table, 0, total);
    for (uint32_t s = 1; s <= total; ++s) {
      std::string start = SegmentStart(table, s, total);
      REQUIRE(MemCompare(previous, start) < 0);
      previous = std::move(start);
    }
    // Each key falls into exactly the segment its hash says.
    for (int i = 0; i < 2000; ++i) {
      auto pk = AttributeValue::String(RandomBytes(rng) + std::to_string(i));
      std::string key = ItemKey(Table(table), pk, nullptr);
      uint32_t segment = static_cast<uint32_t>(
          (static_cast<uint64_t>(PartitionHash(pk)) * total) >> 32);
      REQUIRE(MemCompare(SegmentStart(table, segment, total), key) <= 0);
      REQUIRE(MemCompare(key, SegmentStart(table, segment + 1, total)) < 0);
      if (segment > 0) REQUIRE(MemCompare(key, SegmentStart(table, segment - 1, total)) > 0);
    }
  }
  // Expected bounds of the documented formula for total = 3.
  CHECK(SegmentStart(table, 1, 3) == table_start + "\x55\x55\x55\x55");
  CHECK(SegmentStart(table, 2, 3) == table_start + "\xaa\xaa\xaa\xaa");
}

TEST_CASE("hashes spread over segments") {
  // A weak hash would cluster sequential keys ("user1", "user2", ...) into a
  // few segments; DynamoDB's parallel scan relies on an even spread.
  constexpr uint32_t kSegments = 16;
  int counts[kSegments] = {};
  for (int i = 0; i < 16000; ++i) {
    uint32_t h = PartitionHash(AttributeValue::String("user" + std::to_string(i)));
    ++counts[static_cast<uint64_t>(h) * kSegments >> 32];
  }
  for (int c : counts) CHECK((c > 800 && c < 1200));
}

}  // namespace
}  // namespace eddy::storage

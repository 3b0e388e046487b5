#include "core/item_size.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

namespace eddy {
namespace {

AttributeValue N(std::string_view text) { return AttributeValue::Num(Number::Parse(text)); }

// `ones` ones followed by `zeros` zeros (appended: GCC 12's -Wrestrict
// misfires on `"literal" + std::string` in optimized builds).
AttributeValue Ones(size_t ones, size_t zeros) {
  std::string text(ones, '1');
  text.append(zeros, '0');
  return N(text);
}

// dynalite's formula verbatim (db/index.js valSize 'N'), on Big.js's view
// of the number: c = significant digits, e = scientific exponent.
size_t DynaliteNumberSize(const Number& n) {
  if (n.is_zero()) return 1;
  const int64_t digits = static_cast<int64_t>(n.digits().size());
  const int64_t e = n.exponent() - 1;
  return static_cast<size_t>(1 + (digits + 1) / 2 + ((digits % 2 != 0 || e % 2 != 0) ? 0 : 1) +
                             (n.is_negative() ? 1 : 0));
}

}  // namespace

TEST_CASE("item size: scalars") {
  CHECK(AttributeValueSize(AttributeValue::Null()) == 1);
  CHECK(AttributeValueSize(AttributeValue::Bool(false)) == 1);
  CHECK(AttributeValueSize(AttributeValue::String("")) == 0);
  CHECK(AttributeValueSize(AttributeValue::String("abc")) == 3);
  CHECK(AttributeValueSize(AttributeValue::String("caf\xc3\xa9")) == 5);  // UTF-8 bytes
  CHECK(AttributeValueSize(AttributeValue::Binary(std::string("\x00\x01", 2))) == 2);
}

TEST_CASE("item size: numbers") {
  CHECK(AttributeValueSize(N("0")) == 1);
  CHECK(AttributeValueSize(N("1")) == 2);
  CHECK(AttributeValueSize(N("-1")) == 3);
  CHECK(AttributeValueSize(N("12")) == 2);
  CHECK(AttributeValueSize(N("1.2")) == 3);  // "1" and "2" straddle a base-100 pair
  CHECK(AttributeValueSize(N("123")) == 3);
  // The sizes dynalite's BatchWriteItem tests pin against the 400 KB limit.
  CHECK(AttributeValueSize(Ones(38, 88)) == 20);
  CHECK(AttributeValueSize(Ones(1, 125)) == 2);
  CHECK(AttributeValueSize(Ones(2, 124)) == 2);
  CHECK(AttributeValueSize(Ones(5, 121)) == 4);
  CHECK(AttributeValueSize(Ones(6, 120)) == 4);
  CHECK(AttributeValueSize(Ones(7, 119)) == 5);

  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> len(1, 38), exp(-129, 88), digit(1, 9), sign(0, 1);
  for (int i = 0; i < 5000; ++i) {
    std::string text = sign(rng) ? "-" : "";
    int n = len(rng);
    for (int j = 0; j < n; ++j) text.push_back(static_cast<char>('0' + digit(rng)));
    text.push_back('e');
    text.append(std::to_string(exp(rng)));
    CAPTURE(text);
    Number number = Number::Parse(text);
    CHECK(AttributeValueSize(AttributeValue::Num(number)) == DynaliteNumberSize(number));
  }
}

TEST_CASE("item size: sets and documents") {
  CHECK(AttributeValueSize(AttributeValue::StringSet({"a", "bb", ""})) == 3);
  CHECK(AttributeValueSize(AttributeValue::BinarySet({"x", "yz"})) == 3);
  CHECK(AttributeValueSize(AttributeValue::NumberSet({Number::FromInt(1), Number::FromInt(-1)})) == 5);
  // L and M: 3 bytes + 1 per element (+ the key for maps).
  CHECK(AttributeValueSize(AttributeValue::List({})) == 3);
  CHECK(AttributeValueSize(AttributeValue::Map({})) == 3);
  CHECK(AttributeValueSize(AttributeValue::List({AttributeValue::String("ab"), AttributeValue::Null()})) ==
        3 + (1 + 2) + (1 + 1));
  AttributeMap m;
  m.emplace("key", AttributeValue::String("ab"));
  m.emplace("k", AttributeValue::List({}));
  CHECK(AttributeValueSize(AttributeValue::Map(m)) == 3 + (1 + 3 + 2) + (1 + 1 + 3));
}

TEST_CASE("item size: items are names plus values") {
  Item item;
  item.emplace("a", AttributeValue::String("hello"));
  item.emplace("bb", N("12"));
  item.emplace("ccc", AttributeValue::Bool(true));
  CHECK(ItemSize(item) == (1 + 5) + (2 + 2) + (3 + 1));
  CHECK(ItemSize({}) == 0);
  // dynalite: a string attribute filling exactly 400 KB with its name.
  Item full;
  full.emplace("a", AttributeValue::String("k"));
  full.emplace("b", AttributeValue::String(std::string(kMaxItemSize - 3, 'x')));
  CHECK(ItemSize(full) == kMaxItemSize);
}

}  // namespace eddy

#include "core/number.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

#include "core/api_error.h"

namespace eddy {
namespace {

std::string Normalized(std::string_view text) { return Number::Parse(text).ToString(); }

// The ValidationException message Parse throws for `text` ("" if none).
std::string ParseError(std::string_view text) {
  try {
    Number::Parse(text);
  } catch (const ApiError& e) {
    CHECK(e.type() == "com.amazon.coral.validate#ValidationException");
    CHECK(e.http_status() == 400);
    return e.message();
  }
  return "";
}

template <typename F>
std::string ErrorOf(F&& f) {
  try {
    f();
  } catch (const ApiError& e) {
    return e.message();
  }
  return "";
}

const std::string kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const std::string kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const std::string kDigits = "Attempting to store more than 38 significant digits in a Number";

// prefix + n copies of c + suffix. (Built by appending: GCC 12's -Wrestrict
// misfires on `"literal" + std::string` in optimized builds.)
std::string Repeat(char c, size_t n) { return std::string(n, c); }
std::string Text(std::string_view prefix, char c, size_t n, std::string_view suffix = "") {
  std::string s(prefix);
  s.append(n, c);
  s.append(suffix);
  return s;
}

// __int128 helpers for the reference arithmetic.
using Int128 = __int128;
std::string ToString128(Int128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  unsigned __int128 m = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string s;
  while (m > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  return negative ? "-" + s : s;
}
Int128 Pow10(int k) {
  Int128 r = 1;
  while (k-- > 0) r *= 10;
  return r;
}

}  // namespace

TEST_CASE("Number: DynamoDB's returned text (plain notation, trimmed)") {
  // Recorded DynamoDB answers: 1.50 -> 1.5, 0.10 -> 0.1, -0 -> 0, 15E-1 ->
  // 1.5, 1e-130 -> "0." + 129 zeros + "1", 9.99..E+125 -> 38 nines + 88 zeros.
  struct Case {
    std::string in;
    std::string out;
  };
  const Case cases[] = {
      {"0", "0"},
      {"-0", "0"},
      {"-0.0", "0"},
      {"+0e10", "0"},
      {"0e1000", "0"},
      {"000", "0"},
      {".0", "0"},
      {"1", "1"},
      {"+3", "3"},
      {"-7.1234", "-7.1234"},
      {"1.50", "1.5"},
      {"0.10", "0.1"},
      {"15E-1", "1.5"},
      {"1e3", "1000"},
      {"1E+3", "1000"},
      {"1e+5", "100000"},
      {"-17e5", "-1700000"},
      {"0.0001", "0.0001"},
      {"1e-4", "0.0001"},
      {".123", "0.123"},
      {"5.", "5"},
      {"0001.23", "1.23"},
      {"-00345678.5432", "-345678.5432"},
      {"123.456e2", "12345.6"},
      {"123.456e-5", "0.00123456"},
      {"1200", "1200"},
      {"1.2E+2", "120"},
      {"1E+100", Text("1", '0', 100)},
      {"1e125", Text("1", '0', 125)},
      {"1e-130", Text("0.", '0', 129, "1")},
      {"-1e-130", Text("-0.", '0', 129, "1")},
      {"9.9999999999999999999999999999999999999E+125", Text(Repeat('9', 38), '0', 88)},
      {"3.1415926535897932384626433832795028841", "3.1415926535897932384626433832795028841"},
      {"31415926535897932384626433832795028841e30",
       Text("31415926535897932384626433832795028841", '0', 30)},
      // Leading and trailing zeros are not significant digits.
      {Text("000", '1', 38, "000.000"), Text("", '1', 38, "000")},
      {Text("0.0000", '1', 38), Text("0.0000", '1', 38)},
      {"1e-0130", Text("0.", '0', 129, "1")},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(Normalized(c.in) == c.out);
  }
}

TEST_CASE("Number: representation is normalized") {
  Number n = Number::Parse("-001.2300e2");
  CHECK(n.is_negative());
  CHECK(n.digits() == "123");
  CHECK(n.exponent() == 3);
  CHECK(Number::Parse("0.5") == Number::Parse("5e-1"));
  CHECK(Number::Parse("-0").is_zero());
  CHECK_FALSE(Number::Parse("-0").is_negative());
  CHECK(Number() == Number::Parse("0.000"));
}

TEST_CASE("Number: syntax errors") {
  // alternator test_invalid_numbers: NaN, Infinity, words and spaces are
  // refused with a message mentioning "numeric".
  const char* bad[] = {"abc", "1..2", " 1", "1 ", "1e", "1e+", "e5", ".", "-", "+", "+-1", "--1",
                       "Infinity", "-Infinity", "NaN", "-NaN", "dog", "-dog", "1.2.3", "0x10",
                       "1e5.5", "1,5", "١"};
  for (const char* text : bad) {
    CAPTURE(text);
    CHECK(ParseError(text) == std::string("The parameter cannot be converted to a numeric value: ") + text);
  }
  // The empty string gets the bare message (dynalite's tests).
  CHECK(ParseError("") == "The parameter cannot be converted to a numeric value");
}

TEST_CASE("Number: precision and range errors") {
  CHECK(ParseError(Repeat('1', 38)) == "");
  CHECK(ParseError("123456789012345678901234567890123456789") == kDigits);
  CHECK(ParseError("-1.23456789012345678901234567890123456789") == kDigits);
  CHECK(ParseError("3.14159265358979323846264338327950288419") == kDigits);
  CHECK(ParseError("314159265358979323846264338327950288419e30") == kDigits);
  CHECK(ParseError("1e126") == kOverflow);
  CHECK(ParseError("-1e126") == kOverflow);
  CHECK(ParseError("11e125") == kOverflow);
  CHECK(ParseError("1e99999999999999999999") == kOverflow);
  CHECK(ParseError("1e-131") == kUnderflow);
  CHECK(ParseError("-1e-131") == kUnderflow);
  CHECK(ParseError("0.9e-130") == kUnderflow);
  CHECK(ParseError("1e-99999999999999999999") == kUnderflow);
  // Overflow is reported before precision (dynalite's order).
  CHECK(ParseError(Text("", '1', 39, "e200")) == kOverflow);
  // Range edges are accepted.
  CHECK(ParseError("9.9999999999999999999999999999999999999E+125") == "");
  CHECK(ParseError("-9.99999999e125") == "");
  CHECK(ParseError("1e-130") == "");
  CHECK(ParseError("0e-99999") == "");
}

TEST_CASE("Number: FromInt and ToInt64") {
  const int64_t values[] = {0, 1, -1, 42, -1000, 1234567890123, INT64_MAX, INT64_MIN};
  for (int64_t v : values) {
    CAPTURE(v);
    CHECK(Number::FromInt(v).ToString() == std::to_string(v));
    CHECK(Number::FromInt(v).ToInt64() == v);
  }
  CHECK(Number::Parse("1.9").ToInt64() == 1);
  CHECK(Number::Parse("-1.9").ToInt64() == -1);
  CHECK(Number::Parse("0.5").ToInt64() == 0);
  CHECK(Number::Parse("-0.5").ToInt64() == 0);
  CHECK(Number::Parse("1e-130").ToInt64() == 0);
  CHECK(Number::Parse("1e3").ToInt64() == 1000);
  CHECK(Number::Parse("9223372036854775807.9").ToInt64() == INT64_MAX);
  CHECK(Number::Parse("9223372036854775808") .ToInt64() == std::nullopt);
  CHECK(Number::Parse("-9223372036854775808.5").ToInt64() == INT64_MIN);
  CHECK(Number::Parse("-9223372036854775809").ToInt64() == std::nullopt);
  CHECK(Number::Parse("1e19").ToInt64() == std::nullopt);
  CHECK(Number::Parse("1e100").ToInt64() == std::nullopt);
}

TEST_CASE("Number: ordering by hand") {
  const char* ascending[] = {"-1e125", "-100", "-99.5", "-1", "-0.5", "-1e-130", "0",
                             "1e-130", "0.09", "0.1",  "0.12", "0.123", "1", "1.0001",
                             "9",      "10",   "99",   "100",  "1e100", "9.99e125"};
  const size_t n = std::size(ascending);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      CAPTURE(ascending[i]);
      CAPTURE(ascending[j]);
      Number a = Number::Parse(ascending[i]), b = Number::Parse(ascending[j]);
      CHECK((a <=> b) == (i <=> j));
    }
  }
  CHECK((Number::Parse("1.50") <=> Number::Parse("1.5")) == 0);
  CHECK((Number::Parse("-0") <=> Number()) == 0);
}

TEST_CASE("Number: comparison and addition against an __int128 reference") {
  std::mt19937_64 rng(20240601);
  std::uniform_int_distribution<int64_t> mantissa(-999'999'999, 999'999'999);
  std::uniform_int_distribution<int> scale(-12, 12);
  std::uniform_int_distribution<int> small(-3, 3);
  for (int iter = 0; iter < 20000; ++iter) {
    // Mostly small mantissas with nearby exponents, so carries, borrows and
    // cancellation all happen often.
    int64_t a = iter % 3 == 0 ? small(rng) * 1000 + small(rng) : mantissa(rng);
    int64_t b = iter % 5 == 0 ? -a + small(rng) : mantissa(rng);
    int ka = scale(rng), kb = iter % 2 == 0 ? ka : scale(rng);
    std::string ta = std::to_string(a) + "e" + std::to_string(ka);
    std::string tb = std::to_string(b) + "e" + std::to_string(kb);
    CAPTURE(ta);
    CAPTURE(tb);
    Number na = Number::Parse(ta), nb = Number::Parse(tb);

    const int low = std::min(ka, kb);
    Int128 ra = static_cast<Int128>(a) * Pow10(ka - low);
    Int128 rb = static_cast<Int128>(b) * Pow10(kb - low);
    CHECK((na <=> nb) == (ra <=> rb));
    CHECK((na == nb) == (ra == rb));

    std::string sum = ToString128(ra + rb) + "e" + std::to_string(low);
    std::string diff = ToString128(ra - rb) + "e" + std::to_string(low);
    CHECK(na.Add(nb) == Number::Parse(sum));
    CHECK(na.Subtract(nb) == Number::Parse(diff));
    CHECK(na.Add(nb) == nb.Add(na));
    CHECK(na.Negate().Negate() == na);
  }
}

TEST_CASE("Number: addition edge cases") {
  auto add = [](const char* a, const char* b) { return Number::Parse(a).Add(Number::Parse(b)).ToString(); };
  auto sub = [](const char* a, const char* b) {
    return Number::Parse(a).Subtract(Number::Parse(b)).ToString();
  };
  // alternator test_update_expression_plus_precision.
  CHECK(add("1", "10000000000000000000000") == "10000000000000000000001");
  CHECK(sub("10000000000000000000000", "1") == "9999999999999999999999");
  CHECK(add("9.99", "0.01") == "10");
  CHECK(add("99999999999999999999999999999999999999", "1") == Text("1", '0', 38));
  CHECK(sub("1", "1") == "0");
  CHECK(sub("-5", "-5") == "0");
  CHECK(add("0.1", "0.2") == "0.3");
  CHECK(add("-0.1", "0.3") == "0.2");
  CHECK(add("1e-130", "1e-130") == Text("0.", '0', 129, "2"));
  CHECK(sub("1000", "0.001") == "999.999");
  CHECK(add("0", "-3") == "-3");
  CHECK(add("-3", "0") == "-3");
  CHECK(sub("0", "3") == "-3");
  CHECK(sub("0", "0") == "0");
  // 38 digits exactly is fine; one more fails, with the *overflow* message
  // (alternator test_update_expression_plus_imprecise records this quirk).
  CHECK(add(Text("1", '0', 36, "0").c_str(), "1") == Text("1", '0', 36, "1"));
  CHECK(ErrorOf([] { Number::Parse("1e50").Add(Number::Parse("1")); }) == kOverflow);
  CHECK(ErrorOf([] { Number::Parse("1e50").Subtract(Number::Parse("1")); }) == kOverflow);
  CHECK(ErrorOf([] { Number::Parse("1e-100").Add(Number::Parse("1e100")); }) == kOverflow);
  // Range overflow (alternator test_update_expression_plus_overflow).
  CHECK(ErrorOf([] { Number::Parse("9e125").Add(Number::Parse("9e125")); }) == kOverflow);
  CHECK(ErrorOf([] { Number::Parse("9e125").Subtract(Number::Parse("-9e125")); }) == kOverflow);
  CHECK(ErrorOf([] { Number::Parse("-9e125").Add(Number::Parse("-9e125")); }) == kOverflow);
  // A result below 1e-130 is reported with the overflow wording too.
  CHECK(ErrorOf([] { Number::Parse("1.5e-130").Subtract(Number::Parse("1.4e-130")); }) == kOverflow);
  // Cancellation down to a short result is exact.
  CHECK(sub(Text("1", '0', 36, "1").c_str(), Text("1", '0', 37).c_str()) == "1");
}

}  // namespace eddy

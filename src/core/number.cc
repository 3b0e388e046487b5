#include "core/number.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <string>

#include "core/api_error.h"

namespace eddy {
namespace {

// DynamoDB's messages, as asserted by dynalite's validation tests
// (mhart/dynalite test/*.js) and, for the keywords, by ScyllaDB's
// test/alternator/test_number.py, both run against the real service.
constexpr const char* kNotNumeric = "The parameter cannot be converted to a numeric value";
constexpr const char* kTooManyDigits =
    "Attempting to store more than 38 significant digits in a Number";
constexpr const char* kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr const char* kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

// Range in our representation (0.D1D2... * 10^exponent): the largest is
// 9.99...E+125 = 0.999... * 10^126, the smallest 1E-130 = 0.1 * 10^-129.
constexpr int64_t kMaxExponent = 126;
constexpr int64_t kMinExponent = -129;

// Saturation bound for exponents while parsing; anything this far out is
// out of range anyway (and "0e99999999999" is still zero).
constexpr int64_t kExponentClamp = 1'000'000'000;

// An unnormalized decimal: value = sign * 0.digits * 10^exponent, where the
// digits may carry leading and trailing zeros.
struct Decimal {
  bool negative = false;
  int64_t exponent = 0;
  std::string digits;

  // Strips leading zeros (moving the exponent) and trailing zeros; zero
  // becomes digits == "" and is never negative ("-0" is 0).
  void Normalize() {
    size_t first = digits.find_first_not_of('0');
    if (first == std::string::npos) {
      digits.clear();
      negative = false;
      exponent = 0;
      return;
    }
    size_t last = digits.find_last_not_of('0');
    digits = digits.substr(first, last - first + 1);
    exponent -= static_cast<int64_t>(first);
  }

  // The message of the first rule a normalized decimal breaks, or nullptr.
  // Order as in dynalite: overflow, underflow, then precision.
  const char* RangeError() const {
    if (digits.empty()) return nullptr;
    if (exponent > kMaxExponent) return kOverflow;
    if (exponent < kMinExponent) return kUnderflow;
    if (digits.size() > static_cast<size_t>(Number::kMaxDigits)) return kTooManyDigits;
    return nullptr;
  }
};

[[noreturn]] void ThrowNotNumeric(std::string_view text) {
  // An empty value gets the bare message; anything else is echoed back.
  if (text.empty()) throw ApiError::Validation(kNotNumeric);
  throw ApiError::Validation(std::string(kNotNumeric) + ": " + std::string(text));
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Syntax accepted (per alternator's test_invalid_numbers, verified against
// DynamoDB): [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?
// No spaces, no NaN/Infinity.
Decimal ParseSyntax(std::string_view text) {
  Decimal d;
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    d.negative = text[i] == '-';
    ++i;
  }
  size_t int_digits = 0;
  while (i < n && IsDigit(text[i])) {
    d.digits.push_back(text[i]);
    ++int_digits;
    ++i;
  }
  size_t frac_digits = 0;
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && IsDigit(text[i])) {
      d.digits.push_back(text[i]);
      ++frac_digits;
      ++i;
    }
  }
  if (int_digits + frac_digits == 0) ThrowNotNumeric(text);
  int64_t exp10 = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exp_negative = text[i] == '-';
      ++i;
    }
    if (i == n || !IsDigit(text[i])) ThrowNotNumeric(text);
    while (i < n && IsDigit(text[i])) {
      exp10 = std::min(exp10 * 10 + (text[i] - '0'), kExponentClamp);
      ++i;
    }
    if (exp_negative) exp10 = -exp10;
  }
  if (i != n) ThrowNotNumeric(text);
  d.exponent = static_cast<int64_t>(int_digits) + exp10;
  return d;
}

// Compares magnitudes of two normalized, non-zero decimals.
std::strong_ordering CompareMagnitude(int32_t exp_a, const std::string& a, int32_t exp_b,
                                      const std::string& b) {
  if (exp_a != exp_b) return exp_a <=> exp_b;
  // Same exponent: digit strings without trailing zeros compare
  // lexicographically ("12" < "123" as 0.12 < 0.123).
  int c = a.compare(b);
  return c < 0 ? std::strong_ordering::less
               : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

// Digits of a normalized number laid out on a fixed grid: position 0 holds
// the digit of weight 10^(high-1), the last the digit of weight 10^low.
std::string OnGrid(const std::string& digits, int64_t exponent, int64_t high, int64_t low) {
  std::string grid(static_cast<size_t>(high - low), '0');
  size_t offset = static_cast<size_t>(high - exponent);
  std::copy(digits.begin(), digits.end(), grid.begin() + static_cast<std::ptrdiff_t>(offset));
  return grid;
}

}  // namespace

Number Number::Parse(std::string_view text) {
  Decimal d = ParseSyntax(text);
  d.Normalize();
  if (const char* error = d.RangeError()) throw ApiError::Validation(error);
  Number result;
  result.negative_ = d.negative;
  result.exponent_ = static_cast<int32_t>(d.exponent);
  result.digits_ = std::move(d.digits);
  return result;
}

std::optional<Number> Number::FromNormalized(bool negative, int32_t exponent,
                                             std::string_view digits) {
  if (digits.empty() || digits.size() > static_cast<size_t>(kMaxDigits)) return std::nullopt;
  if (digits.front() == '0' || digits.back() == '0') return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (exponent > kMaxExponent || exponent < kMinExponent) return std::nullopt;
  Number n;
  n.negative_ = negative;
  n.exponent_ = exponent;
  n.digits_.assign(digits);
  return n;
}

Number Number::FromInt(int64_t value) { return Parse(std::to_string(value)); }

std::string Number::ToString() const {
  // DynamoDB returns plain positional notation, never an exponent, with
  // leading/trailing zeros trimmed: "1E+2" -> "100", "1.50" -> "1.5",
  // "1e-130" -> "0.000...01", "-0" -> "0" (dynalite returns Big#toFixed();
  // recorded real responses agree).
  if (digits_.empty()) return "0";
  std::string out;
  if (negative_) out.push_back('-');
  const int64_t n = static_cast<int64_t>(digits_.size());
  if (exponent_ <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exponent_), '0');
    out += digits_;
  } else if (exponent_ >= n) {
    out += digits_;
    out.append(static_cast<size_t>(exponent_ - n), '0');
  } else {
    out.append(digits_, 0, static_cast<size_t>(exponent_));
    out.push_back('.');
    out.append(digits_, static_cast<size_t>(exponent_), std::string::npos);
  }
  return out;
}

Number Number::Negate() const {
  Number result = *this;
  if (!result.is_zero()) result.negative_ = !negative_;
  return result;
}

Number Number::Subtract(const Number& other) const { return Add(other.Negate()); }

Number Number::Add(const Number& other) const {
  if (is_zero()) return other;
  if (other.is_zero()) return *this;

  // Exact addition on a digit grid wide enough for both operands plus a
  // carry. Operands are in range, so the grid is at most ~300 digits.
  const int64_t low = std::min<int64_t>(exponent_ - static_cast<int64_t>(digits_.size()),
                                        other.exponent_ - static_cast<int64_t>(other.digits_.size()));
  const int64_t high = std::max<int64_t>(exponent_, other.exponent_) + 1;
  std::string a = OnGrid(digits_, exponent_, high, low);
  std::string b = OnGrid(other.digits_, other.exponent_, high, low);

  Decimal sum;
  sum.exponent = high;
  sum.digits.assign(a.size(), '0');
  if (negative_ == other.negative_) {
    sum.negative = negative_;
    int carry = 0;
    for (size_t i = a.size(); i-- > 0;) {
      int d = (a[i] - '0') + (b[i] - '0') + carry;
      sum.digits[i] = static_cast<char>('0' + d % 10);
      carry = d / 10;
    }
    assert(carry == 0);  // the grid has a spare leading digit
  } else {
    // Subtract the smaller magnitude from the larger; the sign follows the
    // larger one.
    auto order = CompareMagnitude(exponent_, digits_, other.exponent_, other.digits_);
    if (order == 0) return Number();
    const std::string& big = order > 0 ? a : b;
    const std::string& small = order > 0 ? b : a;
    sum.negative = order > 0 ? negative_ : other.negative_;
    int borrow = 0;
    for (size_t i = big.size(); i-- > 0;) {
      int d = (big[i] - '0') - (small[i] - '0') - borrow;
      borrow = d < 0 ? 1 : 0;
      sum.digits[i] = static_cast<char>('0' + d + 10 * borrow);
    }
    assert(borrow == 0);
  }
  sum.Normalize();
  // DynamoDB does not round: a result that cannot be stored exactly fails,
  // and always with the overflow message, even when the problem is
  // precision (1e50 + 1) -- see the comment in alternator's
  // test_update_expression_plus_imprecise.
  if (sum.RangeError() != nullptr) throw ApiError::Validation(kOverflow);
  Number result;
  result.negative_ = sum.negative;
  result.exponent_ = static_cast<int32_t>(sum.exponent);
  result.digits_ = std::move(sum.digits);
  return result;
}

std::optional<int64_t> Number::ToInt64() const {
  if (exponent_ <= 0) return 0;  // |value| < 1 (or zero)
  if (exponent_ > 19) return std::nullopt;
  // Integer part: the first `exponent_` digits, zero-padded on the right.
  uint64_t magnitude = 0;
  for (int32_t i = 0; i < exponent_; ++i) {
    uint64_t digit = static_cast<size_t>(i) < digits_.size() ? digits_[i] - '0' : 0;
    if (magnitude > (UINT64_MAX - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(INT64_MAX);
  if (negative_) {
    if (magnitude > kMaxPositive + 1) return std::nullopt;
    return magnitude == kMaxPositive + 1 ? INT64_MIN : -static_cast<int64_t>(magnitude);
  }
  if (magnitude > kMaxPositive) return std::nullopt;
  return static_cast<int64_t>(magnitude);
}

std::strong_ordering Number::operator<=>(const Number& other) const {
  // Sign classes: negative < zero < positive.
  auto sign = [](const Number& x) { return x.is_zero() ? 0 : (x.negative_ ? -1 : 1); };
  int sa = sign(*this), sb = sign(other);
  if (sa != sb) return sa <=> sb;
  if (sa == 0) return std::strong_ordering::equal;
  auto magnitude = CompareMagnitude(exponent_, digits_, other.exponent_, other.digits_);
  return sa > 0 ? magnitude : 0 <=> magnitude;
}

}  // namespace eddy

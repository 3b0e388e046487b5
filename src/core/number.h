// Number: DynamoDB's N type, a decimal of up to 38 significant digits with a
// magnitude between 1E-130 and 9.9999999999999999999999999999999999999E+125
// (or zero). Kept normalized (no leading/trailing zeros), so equality is
// representation equality and ToString() is what DynamoDB returns.
//
// Representation: value = (negative ? -1 : 1) * 0.D1D2...Dn * 10^exponent,
// D1 != 0 and Dn != 0; zero is digits == "" (never negative).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eddy {

class Number {
 public:
  static constexpr int kMaxDigits = 38;

  Number() = default;  // zero

  // Parses DynamoDB's number syntax ("-12.5e3", "+1", ".5", "5.") and
  // normalizes it. Throws ApiError (ValidationException) with DynamoDB's
  // messages on bad syntax, more than 38 significant digits, overflow or
  // underflow.
  static Number Parse(std::string_view text);
  // Rebuilds a number from parts that are already normalized (the storage
  // codec's decoding path, which must not pay for a parse). Null when the
  // parts are not normalized or out of range.
  static std::optional<Number> FromNormalized(bool negative, int32_t exponent,
                                              std::string_view digits);
  // Exact conversion from an integer (always in range).
  static Number FromInt(int64_t value);

  // DynamoDB's canonical text for this number.
  std::string ToString() const;

  bool is_zero() const { return digits_.empty(); }
  bool is_negative() const { return negative_; }
  // Significant digits, '1'..'9' first and last; empty for zero.
  const std::string& digits() const { return digits_; }
  // Decimal exponent with the point before the first digit (0.D1... * 10^e).
  int32_t exponent() const { return exponent_; }

  // Arithmetic for UpdateExpression SET a = b + c and ADD. Throws ApiError
  // (ValidationException) when the exact result needs more than 38 digits
  // or leaves the supported range.
  Number Add(const Number& other) const;
  Number Subtract(const Number& other) const;
  Number Negate() const;

  // The value truncated toward zero, if it fits in int64 (TTL, list indexes).
  std::optional<int64_t> ToInt64() const;

  std::strong_ordering operator<=>(const Number& other) const;
  bool operator==(const Number& other) const = default;

 private:
  bool negative_ = false;
  int32_t exponent_ = 0;
  std::string digits_;
};

}  // namespace eddy

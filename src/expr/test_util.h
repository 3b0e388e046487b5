// Helpers for the expr tests: terse value builders and an error matcher.
#pragma once

#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>

#include "core/api_error.h"
#include "core/attribute_value.h"

namespace eddy::expr::testing {

inline AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }
inline AttributeValue B(std::string s) { return AttributeValue::Binary(std::move(s)); }
inline AttributeValue N(std::string_view s) { return AttributeValue::Num(Number::Parse(s)); }
inline AttributeValue SS(std::vector<std::string> v) { return AttributeValue::StringSet(std::move(v)); }
inline AttributeValue BS(std::vector<std::string> v) { return AttributeValue::BinarySet(std::move(v)); }
inline AttributeValue NS(std::vector<std::string_view> v) {
  std::vector<Number> numbers;
  for (auto s : v) numbers.push_back(Number::Parse(s));
  return AttributeValue::NumberSet(std::move(numbers));
}
inline AttributeValue L(AttributeList v) { return AttributeValue::List(std::move(v)); }
inline AttributeValue M(AttributeMap v) { return AttributeValue::Map(std::move(v)); }
inline AttributeValue Bool(bool b) { return AttributeValue::Bool(b); }
inline AttributeValue Null() { return AttributeValue::Null(); }

// The message of the ValidationException `f` throws ("" if it does not throw).
inline std::string ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    CHECK(e.type().ends_with("ValidationException"));
    return e.message();
  }
  return "";
}

}  // namespace eddy::expr::testing

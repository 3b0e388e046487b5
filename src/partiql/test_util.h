// Helpers for the partiql tests: the error a statement gets, terse values.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "core/api_error.h"
#include "partiql/parser.h"

namespace eddy::partiql::testing {

inline const std::string kMalformed = "Statement wasn't well formed, can't be processed: ";

// The ValidationException message Parse() throws ("" if it parses).
inline std::string Error(std::string_view statement) {
  try {
    Parse(statement);
  } catch (const ApiError& e) {
    CHECK(e.type().ends_with("ValidationException"));
    return e.message();
  }
  return "";
}

// Parse, print, parse again: the same tree; returns the printed text.
inline std::string RoundTrip(std::string_view statement) {
  Statement first = Parse(statement);
  std::string printed = ToString(first);
  Statement second = Parse(printed);
  CHECK_MESSAGE(first == second, printed);
  CHECK(ToString(second) == printed);
  return printed;
}

inline AttributeValue N(std::string_view s) { return AttributeValue::Num(Number::Parse(s)); }
inline AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }

// The literal on the right of "x = <literal>".
inline AttributeValue LiteralOf(std::string_view literal) {
  Statement s = Parse("SELECT * FROM t WHERE x = " + std::string(literal));
  REQUIRE(s.where->operands[1].kind == Operand::Kind::kLiteral);
  return s.where->operands[1].literal;
}

}  // namespace eddy::partiql::testing

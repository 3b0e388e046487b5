#include "core/json_codec.h"

#include <doctest/doctest.h>

#include <string>

#include "core/api_error.h"

namespace eddy {
namespace {

const std::string kValidation = "com.amazon.coral.validate#ValidationException";
const std::string kSerialization = "com.amazon.coral.service#SerializationException";

JsonDocument ParseJson(std::string_view text) {
  JsonDocument doc;
  doc.Parse(text.data(), text.size());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

AttributeValue Decode(std::string_view text) { return DecodeAttributeValue(ParseJson(text)); }

std::string Encode(const AttributeValue& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  EncodeAttributeValue(writer, value);
  return buffer.GetString();
}

std::string RoundTrip(std::string_view text) { return Encode(Decode(text)); }

struct Failure {
  std::string type;
  std::string message;
};

Failure DecodeFailure(std::string_view text) {
  try {
    Decode(text);
  } catch (const ApiError& e) {
    return {e.type(), e.message()};
  }
  return {"", "(no error)"};
}

void CheckValidation(std::string_view text, const std::string& message) {
  CAPTURE(text);
  Failure f = DecodeFailure(text);
  CHECK(f.message == message);
  CHECK(f.type == kValidation);
}

void CheckSerialization(std::string_view text, const std::string& message) {
  CAPTURE(text);
  Failure f = DecodeFailure(text);
  CHECK(f.message == message);
  CHECK(f.type == kSerialization);
}

// {"M":{"a":{"M":{"a": ... {"S":"x"} }}}} with `maps` map wrappers.
std::string NestedMaps(int maps) {
  std::string s;
  for (int i = 0; i < maps; ++i) s += R"({"M":{"a":)";
  s += R"({"S":"x"})";
  for (int i = 0; i < maps; ++i) s += "}}";
  return s;
}

std::string NestedLists(int lists) {
  std::string s;
  for (int i = 0; i < lists; ++i) s += R"({"L":[)";
  s += R"({"NULL":true})";
  for (int i = 0; i < lists; ++i) s += "]}";
  return s;
}

const std::string kInvalid = "One or more parameter values were invalid: ";

}  // namespace

TEST_CASE("json codec: round trips of every type") {
  CHECK(RoundTrip(R"({"S":"hello"})") == R"({"S":"hello"})");
  CHECK(RoundTrip(R"({"S":""})") == R"({"S":""})");  // empty strings allowed (non-key)
  CHECK(RoundTrip(R"({"S":"caf\u00e9 \"q\" \n"})") == "{\"S\":\"caf\xc3\xa9 \\\"q\\\" \\n\"}");
  CHECK(RoundTrip(R"({"N":"1.50"})") == R"({"N":"1.5"})");
  CHECK(RoundTrip(R"({"N":"-1E+3"})") == R"({"N":"-1000"})");
  CHECK(RoundTrip(R"({"B":"AAEC/w=="})") == R"({"B":"AAEC/w=="})");
  CHECK(RoundTrip(R"({"B":""})") == R"({"B":""})");  // empty binary allowed (non-key)
  CHECK(RoundTrip(R"({"BOOL":true})") == R"({"BOOL":true})");
  CHECK(RoundTrip(R"({"BOOL":false})") == R"({"BOOL":false})");
  CHECK(RoundTrip(R"({"NULL":true})") == R"({"NULL":true})");
  // Sets come back sorted (strings and binaries by bytes, numbers by value).
  CHECK(RoundTrip(R"({"SS":["b","a","","c"]})") == R"({"SS":["","a","b","c"]})");
  CHECK(RoundTrip(R"({"NS":["10","-1","2.50","0"]})") == R"({"NS":["-1","0","2.5","10"]})");
  CHECK(RoundTrip(R"({"BS":["Yg==","YQ==",""]})") == R"({"BS":["","YQ==","Yg=="]})");
  CHECK(RoundTrip(R"({"L":[]})") == R"({"L":[]})");
  CHECK(RoundTrip(R"({"M":{}})") == R"({"M":{}})");
  CHECK(RoundTrip(R"({"L":[{"S":"a"},{"N":"1"},{"L":[{"NULL":true}]},{"M":{"k":{"BOOL":false}}}]})") ==
        R"({"L":[{"S":"a"},{"N":"1"},{"L":[{"NULL":true}]},{"M":{"k":{"BOOL":false}}}]})");
  CHECK(RoundTrip(R"({"M":{"z":{"S":"1"},"a":{"NS":["3"]},"":{"B":"AA=="}}})") ==
        R"({"M":{"":{"B":"AA=="},"a":{"NS":["3"]},"z":{"S":"1"}}})");

  AttributeValue binary = Decode(R"({"B":"AAEC/w=="})");
  CHECK(binary.type == AttributeType::kBinary);
  CHECK(binary.as_string() == std::string("\x00\x01\x02\xff", 4));
  AttributeValue number = Decode(R"({"N":"007"})");
  CHECK(number.type == AttributeType::kNumber);
  CHECK(number.as_number() == Number::FromInt(7));
}

TEST_CASE("json codec: attribute maps") {
  JsonDocument doc = ParseJson(R"({"b":{"S":"x"},"a":{"N":"2"}})");
  AttributeMap map = DecodeAttributeMap(doc);
  REQUIRE(map.size() == 2);
  CHECK(map.at("a") == AttributeValue::Num(Number::FromInt(2)));
  CHECK(map.at("b") == AttributeValue::String("x"));
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  EncodeAttributeMap(writer, map);
  CHECK(std::string(buffer.GetString()) == R"({"a":{"N":"2"},"b":{"S":"x"}})");

  CHECK(DecodeAttributeMap(ParseJson("null")).empty());
  auto failure = [](std::string_view text) {
    try {
      DecodeAttributeMap(ParseJson(text));
    } catch (const ApiError& e) {
      CHECK(e.type() == kSerialization);
      return e.message();
    }
    return std::string("(no error)");
  };
  const std::string map_type =
      "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>";
  CHECK(failure(R"("x")") == "Unexpected field type");
  CHECK(failure("5") == "Unexpected field type");
  CHECK(failure("[]") == map_type);
  CHECK(failure(R"({"a":"x"})") == "Unexpected value type in payload");
  CHECK(failure(R"({"a":[]})") ==
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
}

TEST_CASE("json codec: type descriptor count") {
  const std::string empty =
      "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
  const std::string several =
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
      "supported datatypes";
  CheckValidation("{}", empty);
  CheckValidation("null", empty);
  // Unknown members are ignored (Coral), so an unknown descriptor alone is empty.
  CheckValidation(R"({"X":"a"})", empty);
  CheckValidation(R"({"S":null})", empty);
  CheckValidation(R"({"M":{"a":{}}})", empty);
  CheckValidation(R"({"L":[{}]})", empty);
  CheckValidation(R"({"L":[{"a":{}}]})", empty);
  CheckValidation(R"({"S":"a","N":"1"})", several);
  CheckValidation(R"({"NULL":true,"BOOL":true})", several);
  CHECK(Decode(R"({"S":"a","X":1})") == AttributeValue::String("a"));
  CHECK(Decode(R"({"S":"a","N":null})") == AttributeValue::String("a"));
  // Each value is validated before the count: dynalite {S:'a', N:'b'}.
  CheckValidation(R"({"S":"a","N":"b"})", "The parameter cannot be converted to a numeric value: b");
  CheckValidation(R"({"S":"","N":""})", "The parameter cannot be converted to a numeric value");
}

TEST_CASE("json codec: wrong JSON types are SerializationException") {
  // The wording of dynalite's current type tables (recorded against the
  // service): the JSON token, then the Java type it could not become.
  const std::string value_class = "class com.amazonaws.dynamodb.v20120810.AttributeValue";
  CheckSerialization(R"({"S":5})", "NUMBER_VALUE cannot be converted to String");
  CheckSerialization(R"({"N":5})", "NUMBER_VALUE cannot be converted to String");
  CheckSerialization(R"({"S":1.5})", "DECIMAL_VALUE cannot be converted to String");
  CheckSerialization(R"({"S":true})", "TRUE_VALUE cannot be converted to String");
  CheckSerialization(R"({"S":[]})", "Unrecognized collection type class java.lang.String");
  CheckSerialization(R"({"S":{}})", "Start of structure or map found where not expected");
  CheckSerialization(R"({"B":5})", "only base-64-encoded strings are convertible to bytes");
  CheckSerialization(R"({"B":false})", "only base-64-encoded strings are convertible to bytes");
  CheckSerialization(R"({"B":[]})", "Unrecognized collection type class java.nio.ByteBuffer");
  CheckSerialization(R"({"BOOL":"x"})", "Unexpected token received from parser");
  CheckSerialization(R"({"BOOL":1})", "NUMBER_VALUE cannot be converted to Boolean");
  CheckSerialization(R"({"NULL":{}})", "Start of structure or map found where not expected");
  CheckSerialization(R"({"SS":"a"})", "Unexpected field type");
  CheckSerialization(R"({"SS":{}})", "Start of structure or map found where not expected");
  CheckSerialization(R"({"SS":["a",1]})", "NUMBER_VALUE cannot be converted to String");
  CheckSerialization(R"({"NS":[1]})", "NUMBER_VALUE cannot be converted to String");
  CheckSerialization(R"({"L":{}})", "Start of structure or map found where not expected");
  CheckSerialization(R"({"L":["a"]})", "Unexpected value type in payload");
  CheckSerialization(R"({"L":[[]]})", "Unrecognized collection type " + value_class);
  CheckSerialization(R"({"M":[]})",
                     "Unrecognized collection type java.util.Map<java.lang.String, "
                     "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  CheckSerialization(R"({"M":"x"})", "Unexpected field type");
  CheckSerialization(R"({"M":{"a":5}})", "Unexpected value type in payload");
  CheckSerialization("5", "Unexpected value type in payload");
  CheckSerialization("[]", "Unrecognized collection type " + value_class);
  // Shape errors anywhere win over value errors (checked in a first pass).
  CheckSerialization(R"({"L":[{"SS":[]},{"S":5}]})", "NUMBER_VALUE cannot be converted to String");
  // Coral's lenient booleans: true/false/1/0/yes/no as strings.
  CHECK(Decode(R"({"BOOL":"yes"})") == AttributeValue::Bool(true));
  CHECK(Decode(R"({"BOOL":"False"})") == AttributeValue::Bool(false));
  CHECK(Decode(R"({"NULL":"true"})") == AttributeValue::Null());
}

TEST_CASE("json codec: invalid base64 is SerializationException") {
  CheckSerialization(R"({"B":"abc"})", "Base64 encoded length is expected a multiple of 4 bytes but found: 3");
  CheckSerialization(R"({"B":"ab$="})", "Invalid last non-pad Base64 character dectected");
  CheckSerialization(R"({"B":"a=bc"})", "Invalid last non-pad Base64 character dectected");
  CheckSerialization(R"({"B":"YR=="})", "Invalid last non-pad Base64 character dectected");
  CheckSerialization(R"({"BS":["YQ==","Y"]})", "Base64 encoded length is expected a multiple of 4 bytes but found: 1");
}

TEST_CASE("json codec: value rules are ValidationException") {
  CheckValidation(R"({"NULL":false})", kInvalid + "Null attribute value types must have the value of true");
  CheckValidation(R"({"NULL":"no"})", kInvalid + "Null attribute value types must have the value of true");
  CheckValidation(R"({"SS":[]})", kInvalid + "An string set  may not be empty");
  CheckValidation(R"({"NS":[]})", kInvalid + "An number set  may not be empty");
  CheckValidation(R"({"BS":[]})", kInvalid + "Binary sets should not be empty");
  CheckValidation(R"({"SS":["a","a"]})", kInvalid + "Input collection [a, a] contains duplicates.");
  CheckValidation(R"({"SS":["0","1","0"]})", kInvalid + "Input collection [0, 1, 0] contains duplicates.");
  CheckValidation(R"({"SS":["",""]})", kInvalid + "Input collection [, ] contains duplicates.");
  CheckValidation(R"({"BS":["Yg==","Yg=="]})", kInvalid + "Input collection [Yg==, Yg==]of type BS contains duplicates.");
  CheckValidation(R"({"NS":["1","1"]})", "Input collection contains duplicates");
  // Number set members are compared after normalization.
  CheckValidation(R"({"NS":["1","1.0"]})", "Input collection contains duplicates");
  CheckValidation(R"({"NS":["100","1e2"]})", "Input collection contains duplicates");
  CheckValidation(R"({"NS":["1",""]})", "The parameter cannot be converted to a numeric value");
  CheckValidation(R"({"NS":["1","b"]})", "The parameter cannot be converted to a numeric value: b");
  CheckValidation(R"({"N":"abc"})", "The parameter cannot be converted to a numeric value: abc");
  CheckValidation(R"({"N":"123456789012345678901234567890123456789"})",
                  "Attempting to store more than 38 significant digits in a Number");
  CheckValidation(R"({"N":"1e126"})",
                  "Number overflow. Attempting to store a number with magnitude larger than supported range");
  CheckValidation(R"({"N":"-1e-131"})",
                  "Number underflow. Attempting to store a number with magnitude smaller than supported range");
  CheckValidation(R"({"M":{"a":{"L":[{"N":"1e200"}]}}})",
                  "Number overflow. Attempting to store a number with magnitude larger than supported range");
}

TEST_CASE("json codec: nesting depth") {
  const std::string too_deep =
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond "
      "supported limit";
  // The item counts as a level: an attribute may hold 31 nested documents
  // (alternator test_almost_exceed_nested_level; AWS captures), not 32.
  CHECK(Decode(NestedMaps(31)).type == AttributeType::kMap);
  CHECK(Decode(NestedLists(31)).type == AttributeType::kList);
  CheckValidation(NestedMaps(32), too_deep);
  CheckValidation(NestedLists(32), too_deep);
  CheckValidation(NestedMaps(50), too_deep);
  // Also through an attribute map (an item).
  JsonDocument ok = ParseJson(R"({"a":)" + NestedMaps(31) + "}");
  CHECK(DecodeAttributeMap(ok).size() == 1);
  JsonDocument deep = ParseJson(R"({"a":)" + NestedMaps(32) + "}");
  CHECK_THROWS_AS(DecodeAttributeMap(deep), ApiError);
  // Hostile depth does not blow the stack in our passes.
  JsonDocument hostile;
  std::string text = NestedLists(5000);
  hostile.Parse(text.c_str());
  REQUIRE_FALSE(hostile.HasParseError());
  CheckValidation(text, too_deep);
}

TEST_CASE("base64 helpers") {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
      {std::string("\x00\xff\xfe", 3), "AP/+"},
  };
  for (const auto& [bytes, text] : vectors) {
    CHECK(Base64Encode(bytes) == text);
    std::string decoded;
    CHECK(Base64Decode(text, &decoded));
    CHECK(decoded == bytes);
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string decoded;
  CHECK(Base64Decode(Base64Encode(all), &decoded));
  CHECK(decoded == all);
  for (const char* bad : {"Zg", "Zg=", "Zh==", "Zm9=", "====", "Z===", "Zg==Zg==", "Zm9v\n", "Zm-v", "Zm_v"}) {
    CAPTURE(bad);
    CHECK_FALSE(Base64Decode(bad, &decoded));
  }
}

}  // namespace eddy

#include "shapes/validate.h"

#include <doctest/doctest.h>

#include "core/api_error.h"

namespace eddy::shapes {
namespace {

// What validating `body` as `target`'s request throws: "type: message",
// or "" when it passes.
std::string Outcome(std::string_view target, const char* body) {
  const Operation* operation = FindOperation(target);
  REQUIRE(operation != nullptr);
  JsonDocument document;
  document.Parse(body);
  REQUIRE_FALSE(document.HasParseError());
  try {
    ValidateRequest(*operation, document);
  } catch (const ApiError& error) {
    std::string type = error.type();
    return type.substr(type.find('#') + 1) + ": " + error.message();
  }
  return "";
}

TEST_CASE("every served DynamoDB and Streams operation has a shape; others do not") {
  CHECK(FindOperation("DynamoDB_20120810.PutItem") != nullptr);
  CHECK(FindOperation("DynamoDB_20120810.TransactWriteItems") != nullptr);
  CHECK(FindOperation("DynamoDBStreams_20120810.GetRecords") != nullptr);
  CHECK(FindOperation("DynamoDB_20120810.NoSuchThing") == nullptr);
  CHECK(FindOperation("Logs_20140328.PutLogEvents") == nullptr);
}

TEST_CASE("stage 1: the first value of a wrong JSON type, in document order, worded as the deserializer") {
  const auto put = "DynamoDB_20120810.PutItem";
  CHECK(Outcome(put, R"({"TableName": 5})") == "SerializationException: NUMBER_VALUE cannot be converted to String");
  CHECK(Outcome(put, R"({"TableName": 1.5})") == "SerializationException: DECIMAL_VALUE cannot be converted to String");
  CHECK(Outcome(put, R"({"TableName": false})") == "SerializationException: FALSE_VALUE cannot be converted to String");
  CHECK(Outcome(put, R"({"TableName": []})") ==
        "SerializationException: Unrecognized collection type class java.lang.String");
  CHECK(Outcome(put, R"({"TableName": {}})") ==
        "SerializationException: Start of structure or map found where not expected");
  CHECK(Outcome(put, R"({"Item": "x"})") == "SerializationException: Unexpected field type");
  CHECK(Outcome(put, R"({"Item": []})") ==
        "SerializationException: Unrecognized collection type java.util.Map<java.lang.String, "
        "com.amazonaws.dynamodb.v20120810.AttributeValue>");
  CHECK(Outcome(put, R"({"Item": {"a": 5}})") == "SerializationException: Unexpected value type in payload");
  CHECK(Outcome(put, R"({"Item": {"a": {"SS": "x"}}})") == "SerializationException: Unexpected field type");
  // An attribute value as a structure's member (Expected's Value), not a
  // map's value.
  CHECK(Outcome(put, R"({"Expected": {"a": {"Value": "x"}}})") == "SerializationException: Unexpected field type");
  CHECK(Outcome(put, R"({"Item": {"a": {"B": 5}}})") ==
        "SerializationException: only base-64-encoded strings are convertible to bytes");
  CHECK(Outcome(put, R"({"Item": {"a": {"B": "abcde"}}})") ==
        "SerializationException: Base64 encoded length is expected a multiple of 4 bytes but found: 5");
  CHECK(Outcome(put, R"({"Item": {"a": {"B": "=+/="}}})") ==
        "SerializationException: Invalid last non-pad Base64 character dectected");
  CHECK(Outcome(put, R"({"Item": {"a": {"BOOL": "23"}}})") ==
        "SerializationException: Unexpected token received from parser");
  // The strings the deserializer takes for a boolean pass.
  CHECK(Outcome(put, R"({"TableName": "abc", "Item": {"a": {"BOOL": "yes"}, "b": {"NULL": "TRUE"}}})") == "");
  CHECK(Outcome(put, R"({"Item": {"a": {"M": {"b": {"L": [{"NULL": 5}]}}}}})") ==
        "SerializationException: NUMBER_VALUE cannot be converted to Boolean");
  // Document order decides which of two is reported.
  CHECK(Outcome("DynamoDB_20120810.Query", R"({"Limit": "5", "IndexName": 5})") ==
        "SerializationException: STRING_VALUE cannot be converted to Integer");
  CHECK(Outcome("DynamoDB_20120810.Query", R"({"IndexName": 5, "Limit": "5"})") ==
        "SerializationException: NUMBER_VALUE cannot be converted to String");
  // A list as a map's value given a scalar; a structure as a list element.
  CHECK(Outcome("DynamoDB_20120810.BatchWriteItem", R"({"RequestItems": {"t": 5}})").starts_with(
      "SerializationException: class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast"));
  CHECK(Outcome("DynamoDB_20120810.CreateTable", R"({"KeySchema": ["a"]})") ==
        "SerializationException: Unexpected value type in payload");
}

TEST_CASE("stage 1 ignores unknown members and nulls; numbers with a fraction are accepted") {
  CHECK(Outcome("DynamoDB_20120810.ListTables", R"({"hi": "yo", "Limit": null, "ExclusiveStartTableName": null})") ==
        "");
  CHECK(Outcome("DynamoDB_20120810.ListTables", R"({"Limit": 5.5})") == "");
}

TEST_CASE("stage 2: every violation, in the service's order, at most 10") {
  CHECK(Outcome("DynamoDB_20120810.GetItem", "{}") ==
        "ValidationException: 2 validation errors detected: Value null at 'key' failed to satisfy constraint: "
        "Member must not be null; Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  CHECK(Outcome("DynamoDB_20120810.ListTables", R"({"Limit": 101})") ==
        "ValidationException: 1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100");
  CHECK(Outcome("DynamoDB_20120810.PutItem", R"({"TableName": "t", "Item": {}, "ReturnValues": "X"})") ==
        "ValidationException: 2 validation errors detected: Value 'X' at 'returnValues' failed to satisfy "
        "constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
        "Value 't' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
  // Nested members: list elements are numbered from 1.
  CHECK(Outcome("DynamoDB_20120810.CreateTable",
                R"({"TableName": "abc", "AttributeDefinitions": [], "KeySchema": [{"AttributeName": "a"}]})") ==
        "ValidationException: 1 validation error detected: Value null at 'keySchema.1.member.keyType' failed to "
        "satisfy constraint: Member must not be null");
  // A map's values are reported once for the whole map.
  CHECK(Outcome("DynamoDB_20120810.BatchWriteItem", R"({"RequestItems": {"tab": []}})") ==
        "ValidationException: 1 validation error detected: Value '{tab=[]}' at 'requestItems' failed to satisfy "
        "constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member "
        "must have length greater than or equal to 1]");
  CHECK(Outcome("DynamoDB_20120810.BatchGetItem", R"({"RequestItems": {"a": {"Keys": [{}]}}})") ==
        "ValidationException: 1 validation error detected: Value '{a=KeysAndAttributes(keys=[{}], "
        "attributesToGet=null, consistentRead=null, projectionExpression=null, expressionAttributeNames=null)}' at "
        "'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length "
        "less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular "
        "expression pattern: [a-zA-Z0-9_.-]+]");
  // Nine empty local indexes break 27 constraints; ten are listed.
  std::string lsis;
  for (int i = 0; i < 9; ++i) lsis += std::string(i ? "," : "") + "{}";
  const std::string body = R"({"TableName": "abc", "AttributeDefinitions": [], "KeySchema": [], "LocalSecondaryIndexes": [)" + lsis + "]}";
  CHECK(Outcome("DynamoDB_20120810.CreateTable", body.c_str()).starts_with("ValidationException: 10 validation errors detected: "));
}

TEST_CASE("a table's name or ARN: empty is only too short; a name keeps TableName's rules") {
  const auto get = "DynamoDB_20120810.DescribeTimeToLive";
  CHECK(Outcome(get, R"({"TableName": ""})") ==
        "ValidationException: 1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1");
  CHECK(Outcome(get, R"({"TableName": "a;"})") ==
        "ValidationException: 2 validation errors detected: Value 'a;' at 'tableName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a;' at 'tableName' failed to "
        "satisfy constraint: Member must have length greater than or equal to 3");
  CHECK(Outcome(get, R"({"TableName": "arn:aws:dynamodb:us-east-1:000000000000:table/Music"})") == "");
}

TEST_CASE("BatchGetItem says first that RequestItems is missing or empty") {
  const std::string message = "ValidationException: The requestItems parameter is required for BatchGetItem";
  CHECK(Outcome("DynamoDB_20120810.BatchGetItem", "{}") == message);
  CHECK(Outcome("DynamoDB_20120810.BatchGetItem", R"({"RequestItems": {}, "ReturnConsumedCapacity": "X"})") == message);
}

TEST_CASE("table-level operations say first that TableName is missing") {
  CHECK(Outcome("DynamoDB_20120810.DescribeTable", "{}") ==
        "ValidationException: The parameter 'TableName' is required but was not present in the request");
  // Type errors still come first.
  CHECK(Outcome("DynamoDB_20120810.DescribeTable", R"({"Foo": 1, "TableName": 5})").starts_with(
      "SerializationException"));
}

TEST_CASE("values are rendered as the service's Java objects print") {
  const Operation* create = FindOperation("DynamoDB_20120810.CreateTable");
  const Shape& input = ShapeAt(create->input);
  const Shape* key_schema = nullptr;
  for (const Member& m : input.members) {
    if (m.name == "KeySchema") key_schema = &ShapeAt(m.shape);
  }
  REQUIRE(key_schema != nullptr);
  JsonDocument document;
  document.Parse(R"([{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b"}])");
  CHECK(RenderValue(*key_schema, document) ==
        "[KeySchemaElement(attributeName=a, keyType=HASH), KeySchemaElement(attributeName=b, keyType=null)]");
}

}  // namespace
}  // namespace eddy::shapes

// The declarative description of an API's requests: every operation's input
// shape with its members, types and constraints, generated from botocore's
// service models by scripts/generate_shapes.py (generated_shapes.cc), with
// the live service's differences from its model. validate.h runs
// DynamoDB's first two stages of request validation from it, so an
// operation gets them without code of its own.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace eddy::shapes {

enum class Kind : uint8_t { kString, kInteger, kLong, kDouble, kBoolean, kBlob, kTimestamp, kList, kMap, kStructure };

// A rule of the live service that the model does not express.
enum class Special : uint8_t {
  kNone,
  kTableNameOrArn,  // a table's name (TableName's rules) or its ARN
  kAttributeValue,  // rendered with the service's own members in messages
};

// The patterns validate.cc can check; a pattern without one is only printed.
enum class PatternCheck : uint8_t { kNone, kTableName };

struct Member {
  std::string_view name;  // on the wire: "TableName"
  std::string_view path;  // in messages: "tableName"
  uint16_t shape;
  bool required;
};

struct Shape {
  Kind kind;
  Special special;
  PatternCheck pattern_check;
  bool has_min;
  bool has_max;
  // Whether any value at or under this shape has a constraint; the
  // constraint walk skips the rest (an item's attribute values).
  bool constrained;
  int64_t min;  // length of a string, list or map; value of a number
  int64_t max;
  std::string_view name;       // the model's shape name (its Java class)
  std::string_view pattern;
  std::span<const std::string_view> enum_values;  // in the service's order
  std::span<const Member> members;                // a structure's, in model order
  uint16_t element;                               // a list's member, a map's value
  uint16_t key;                                   // a map's key
  // A structure's members in the order the service checks them (the
  // iteration order of its request class's hash map), as indexes into
  // `members`.
  std::span<const uint8_t> check_order;
};

// A member some operations check before their constraints, with a message
// of their own ("The parameter 'TableName' is required but was not present
// in the request").
struct RequiredFirst {
  std::string_view member;  // empty: none
  std::string_view message;
  bool empty_is_missing = false;  // an empty map or list counts as absent
};

struct Operation {
  std::string_view target;  // "DynamoDB_20120810.PutItem"
  uint16_t input;
  RequiredFirst required_first;
};

const Shape& ShapeAt(uint16_t index);
// The shape's Java type, as the service's type errors name it
// ("java.lang.String", "java.util.List<com.amazonaws.dynamodb.v20120810.KeySchemaElement>").
std::string JavaType(const Shape& shape);
// The operation with this X-Amz-Target, or null.
const Operation* FindOperation(std::string_view target);

}  // namespace eddy::shapes

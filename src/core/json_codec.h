// The DynamoDB JSON codec: the only code that knows the wire form of
// attribute values ({"S": "x"}, {"N": "1"}, {"B": "<base64>"}, {"SS": [...]},
// {"M": {...}}, ...). Decoding validates with DynamoDB's errors; encoding
// writes straight into a streaming JsonWriter.
#pragma once

#include <optional>
#include <string_view>

#include "core/base64.h"
#include "core/attribute_value.h"
#include "core/json.h"

namespace eddy {

// Maximum nesting of lists and maps inside one attribute value (DynamoDB: 32).
inline constexpr int kMaxAttributeDepth = 32;

// Decodes one attribute value object such as {"S": "x"}. Throws ApiError:
// SerializationException when the JSON types are wrong (e.g. {"S": 5}),
// ValidationException for DynamoDB's value rules (empty sets, duplicate set
// members, bad numbers, no or several type descriptors, nesting too deep).
AttributeValue DecodeAttributeValue(const JsonValue& json);

// Decoding's first pass alone: throws SerializationException, worded as
// DynamoDB's deserializer words it, for a value of the wrong JSON type
// anywhere in an AttributeValue (a list element or map value).
void CheckAttributeValueTypes(const JsonValue& json);

// DynamoDB's deserializer's name for a scalar JSON token, as its type errors
// print it ("NUMBER_VALUE cannot be converted to String").
std::string_view JsonTokenName(const JsonValue& value);

// The strings DynamoDB's deserializer takes for a boolean, case-insensitively
// ("true", "1", "yes"; "false", "0", "no"); nullopt for any other.
std::optional<bool> BooleanFromString(std::string_view text);

// Decodes an object of attribute name -> attribute value (an item, a key,
// ExpressionAttributeValues). Throws like DecodeAttributeValue; a non-object
// is a SerializationException.
AttributeMap DecodeAttributeMap(const JsonValue& json);

void EncodeAttributeValue(JsonWriter& writer, const AttributeValue& value);
// Writes {"name": <value>, ...}.
void EncodeAttributeMap(JsonWriter& writer, const AttributeMap& map);

// Base64 of the B type: core/base64.h.


}  // namespace eddy

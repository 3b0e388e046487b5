// The JSON types used across eddy: RapidJSON's DOM for requests and its
// streaming Writer for responses (no DOM is built to answer a request).
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace eddy {

using JsonValue = rapidjson::Value;
using JsonDocument = rapidjson::Document;
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

}  // namespace eddy

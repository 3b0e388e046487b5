#include "streams/event_filter.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace eddy::streams {
namespace {

// Records shaped like Lambda's DynamoDB event records.
constexpr const char* kInsert = R"({
  "eventID": "c4ca4238a0b923820dcc509a6f75849b",
  "eventName": "INSERT",
  "eventVersion": "1.1",
  "eventSource": "aws:dynamodb",
  "awsRegion": "us-east-1",
  "dynamodb": {
    "ApproximateCreationDateTime": 1678831218,
    "Keys": {"CustomerName": {"S": "AnyCompany Industries"}},
    "NewImage": {
      "CustomerName": {"S": "AnyCompany Industries"},
      "AccountManager": {"S": "Pat Candella"},
      "PaymentTerms": {"S": "60 days"},
      "Quantity": {"N": "5"},
      "Active": {"BOOL": true},
      "Notes": {"NULL": true},
      "Organizations": {"L": [{"S": "Sales"}, {"S": "Marketing"}, {"S": "Support"}]},
      "Tags": {"SS": ["blue", "green"]},
      "Address": {"M": {"City": {"S": "Seattle"}}}
    },
    "SequenceNumber": "111",
    "SizeBytes": 26,
    "StreamViewType": "NEW_AND_OLD_IMAGES"
  },
  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2023-03-14T00:00:00.000"
})";

constexpr const char* kModify = R"({
  "eventID": "c81e728d9d4c2f636f067f89cc14862c",
  "eventName": "MODIFY",
  "eventVersion": "1.1",
  "eventSource": "aws:dynamodb",
  "awsRegion": "us-east-1",
  "dynamodb": {
    "Keys": {"CustomerName": {"S": "AnyCompany Industries"}},
    "NewImage": {"CustomerName": {"S": "AnyCompany Industries"}, "AccountManager": {"S": "Pat Candella"}},
    "OldImage": {"CustomerName": {"S": "AnyCompany Industries"}, "AccountManager": {"S": "Terry Whitlock"}},
    "SequenceNumber": "222",
    "SizeBytes": 59,
    "StreamViewType": "NEW_AND_OLD_IMAGES"
  },
  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2023-03-14T00:00:00.000"
})";

constexpr const char* kRemove = R"({
  "eventID": "eccbc87e4b5ce2fe28308fd9f2a7baf3",
  "eventName": "REMOVE",
  "eventVersion": "1.1",
  "eventSource": "aws:dynamodb",
  "awsRegion": "us-east-1",
  "dynamodb": {
    "Keys": {"CustomerName": {"S": "Example Corp"}},
    "OldImage": {"CustomerName": {"S": "Example Corp"}, "Quantity": {"N": "0"}},
    "SequenceNumber": "333",
    "SizeBytes": 38,
    "StreamViewType": "NEW_AND_OLD_IMAGES"
  },
  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2023-03-14T00:00:00.000"
})";

// A delete by the TTL service carries userIdentity (DynamoDB TTL docs).
constexpr const char* kTtlRemove = R"({
  "eventID": "a87ff679a2f3e71d9181a67b7542122c",
  "eventName": "REMOVE",
  "eventVersion": "1.1",
  "eventSource": "aws:dynamodb",
  "awsRegion": "us-east-1",
  "dynamodb": {
    "Keys": {"CustomerName": {"S": "Expired Inc"}},
    "OldImage": {"CustomerName": {"S": "Expired Inc"}, "ExpiresAt": {"N": "1678831000"}},
    "SequenceNumber": "444",
    "SizeBytes": 41,
    "StreamViewType": "NEW_AND_OLD_IMAGES"
  },
  "userIdentity": {"type": "Service", "principalId": "dynamodb.amazonaws.com"},
  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/Customers/stream/2023-03-14T00:00:00.000"
})";

JsonDocument Record(const char* json) {
  JsonDocument doc;
  doc.Parse(json);
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

EventFilter Filter(const std::vector<std::string>& patterns) {
  EventFilter filter;
  std::string error;
  INFO(error);
  REQUIRE(EventFilter::Parse(patterns, &filter, &error));
  return filter;
}

bool Matches(const std::string& pattern, const char* record) {
  return Filter({pattern}).Matches(Record(record));
}

std::string ParseError(const std::vector<std::string>& patterns) {
  EventFilter filter;
  std::string error;
  CHECK_FALSE(EventFilter::Parse(patterns, &filter, &error));
  return error;
}

}  // namespace

TEST_CASE("no patterns match every record") {
  EventFilter filter;
  CHECK(filter.empty());
  CHECK(filter.Matches(Record(kInsert)));
  CHECK(Filter({}).empty());
  CHECK(Filter({}).Matches(Record(kRemove)));
  CHECK_FALSE(Filter({R"({"eventName": ["INSERT"]})"}).empty());
}

TEST_CASE("exact strings on metadata and on DynamoDB JSON values") {
  CHECK(Matches(R"({"eventName": ["INSERT"]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": ["INSERT"]})", kModify));
  // OR within an array.
  CHECK(Matches(R"({"eventName": ["INSERT", "MODIFY"]})", kModify));
  CHECK_FALSE(Matches(R"({"eventName": ["INSERT", "MODIFY"]})", kRemove));
  // The Lambda DynamoDB filtering guide's key filter.
  CHECK(Matches(R"({"dynamodb": {"Keys": {"CustomerName": {"S": ["AnyCompany Industries"]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"Keys": {"CustomerName": {"S": ["AnyCompany Industries"]}}}})", kRemove));
  // Case sensitive, no normalization.
  CHECK_FALSE(Matches(R"({"eventName": ["insert"]})", kInsert));
  CHECK(Matches(R"({"eventName": [{"exactly": "INSERT"}]})", kInsert));
  // A map attribute nests like any object.
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Address": {"M": {"City": {"S": ["Seattle"]}}}}}})", kInsert));
}

TEST_CASE("AND across fields, including repeated keys that merge") {
  CHECK(Matches(R"({"eventName": ["INSERT"], "dynamodb": {"NewImage": {"AccountManager": {"S": ["Pat Candella"]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": ["MODIFY"], "dynamodb": {"NewImage": {"AccountManager": {"S": ["Pat Candella"]}}}})", kInsert));
  // The guide's Boolean AND example repeats "dynamodb": both halves apply.
  const std::string both =
      R"({ "dynamodb" : { "NewImage" : { "AccountManager" : { "S" : [ "Pat Candella" ] } } } ,)"
      R"(  "dynamodb" : { "OldImage" : { "AccountManager" : { "S" : [ "Terry Whitlock" ] } } } })";
  CHECK(Matches(both, kModify));
  CHECK_FALSE(Matches(both, kInsert));  // no OldImage
  // A repeated leaf: the last one is used (EventBridge content filtering).
  CHECK(Matches(R"({"eventName": ["REMOVE"], "eventName": ["INSERT"]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": ["INSERT"], "eventName": ["REMOVE"]})", kInsert));
}

TEST_CASE("any pattern of the criteria may match") {
  EventFilter filter = Filter({R"({"eventName": ["INSERT"]})", R"({"eventName": ["REMOVE"]})"});
  CHECK(filter.Matches(Record(kInsert)));
  CHECK(filter.Matches(Record(kRemove)));
  CHECK_FALSE(filter.Matches(Record(kModify)));
}

TEST_CASE("TTL deletions are recognised by userIdentity") {
  const std::string ttl = R"({"userIdentity": {"type": ["Service"], "principalId": ["dynamodb.amazonaws.com"]}})";
  CHECK(Matches(ttl, kTtlRemove));
  CHECK_FALSE(Matches(ttl, kRemove));
  // ...and user deletions by its absence.
  const std::string user_deletes = R"({"eventName": ["REMOVE"], "userIdentity": {"type": [{"exists": false}]}})";
  CHECK(Matches(user_deletes, kRemove));
  CHECK_FALSE(Matches(user_deletes, kTtlRemove));
  CHECK_FALSE(Matches(user_deletes, kInsert));
}

TEST_CASE("event arrays match when any element does") {
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Tags": {"SS": ["green"]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Tags": {"SS": ["red"]}}}})", kInsert));
  // A list of maps flattens: L.S are the element strings.
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Organizations": {"L": {"S": ["Marketing"]}}}}})", kInsert));
}

TEST_CASE("numbers: DynamoDB N values are strings, so numeric operators never match them") {
  // with-ddb-filtering: "DynamoDB event filtering doesn't support the use
  // of numeric operators ... these parameters are converted to strings".
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": [{"numeric": [">", 0]}]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": [5]}}}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": ["5"]}}}})", kInsert));
  // Record fields that are JSON numbers do compare numerically.
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": [">", 0, "<=", 26]}]}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": [">", 0, "<", 26]}]}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": [">=", 26]}]}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": [">", 26]}]}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": ["<", 30]}]}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": ["=", 26]}]}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [{"numeric": ["=", 26.0]}]}})", kInsert));
  // An exact number matches numerically too (event-ruler adds both forms).
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [26.0]}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [26]}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"SizeBytes": ["26"]}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"ApproximateCreationDateTime": [{"numeric": [">", 1600000000]}]}})", kInsert));
  // A string record field never matches a numeric range.
  CHECK_FALSE(Matches(R"({"dynamodb": {"SequenceNumber": [{"numeric": [">", 0]}]}})", kInsert));
}

TEST_CASE("null and booleans match only their own JSON values") {
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Active": {"BOOL": [true]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Active": {"BOOL": [false]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Active": {"BOOL": ["true"]}}}})", kInsert));
  const char* with_null = R"({"eventName": "INSERT", "userIdentity": null})";
  CHECK(Matches(R"({"userIdentity": [null]})", with_null));
  // null does not match a missing field, nor the string "null".
  CHECK_FALSE(Matches(R"({"userIdentity": [null]})", kInsert));
  CHECK_FALSE(Matches(R"({"userIdentity": [null]})", R"({"userIdentity": "null"})"));
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Notes": {"NULL": [true]}}}})", kInsert));
}

TEST_CASE("empty string matches only an empty string") {
  CHECK(Matches(R"({"a": [""]})", R"({"a": ""})"));
  CHECK_FALSE(Matches(R"({"a": [""]})", R"({"a": "x"})"));
  CHECK_FALSE(Matches(R"({"a": [""]})", R"({"b": ""})"));
}

TEST_CASE("prefix, suffix, equals-ignore-case and wildcard") {
  CHECK(Matches(R"({"dynamodb": {"Keys": {"CustomerName": {"S": [{"prefix": "AnyCo"}]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"Keys": {"CustomerName": {"S": [{"prefix": "Example"}]}}}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"Keys": {"CustomerName": {"S": [{"suffix": "Industries"}]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"Keys": {"CustomerName": {"S": [{"suffix": "Corp"}]}}}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": [{"prefix": "5"}]}}}})", kInsert));
  CHECK(Matches(R"({"eventName": [{"equals-ignore-case": "insert"}]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": [{"equals-ignore-case": "inserts"}]})", kInsert));
  CHECK(Matches(R"({"eventSourceARN": [{"wildcard": "arn:aws:dynamodb:*:table/Customers/*"}]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventSourceARN": [{"wildcard": "arn:aws:dynamodb:*:table/Orders/*"}]})", kInsert));
  CHECK(Matches(R"({"a": [{"wildcard": "x\\*y*"}]})", R"({"a": "x*yz"})"));
  CHECK_FALSE(Matches(R"({"a": [{"wildcard": "x\\*y*"}]})", R"({"a": "xAyz"})"));
  CHECK(Matches(R"({"a": [{"wildcard": "*a*b*"}]})", R"({"a": "xxaxxbxx"})"));
  CHECK_FALSE(Matches(R"({"a": [{"wildcard": "*a*b"}]})", R"({"a": "xxaxxbxx"})"));
  // String matchers never match numbers.
  CHECK_FALSE(Matches(R"({"dynamodb": {"SizeBytes": [{"prefix": "2"}]}})", kInsert));
}

TEST_CASE("anything-but") {
  CHECK(Matches(R"({"eventName": [{"anything-but": "REMOVE"}]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": [{"anything-but": "REMOVE"}]})", kRemove));
  CHECK_FALSE(Matches(R"({"eventName": [{"anything-but": ["INSERT", "MODIFY"]}]})", kModify));
  CHECK(Matches(R"({"eventName": [{"anything-but": ["INSERT", "MODIFY"]}]})", kRemove));
  CHECK(Matches(R"({"eventName": [{"anything-but": {"prefix": "REM"}}]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": [{"anything-but": {"prefix": "REM"}}]})", kRemove));
  CHECK_FALSE(Matches(R"({"eventName": [{"anything-but": {"suffix": "ERT"}}]})", kInsert));
  CHECK_FALSE(Matches(R"({"eventName": [{"anything-but": {"equals-ignore-case": ["insert", "modify"]}}]})", kInsert));
  CHECK(Matches(R"({"eventName": [{"anything-but": {"equals-ignore-case": "insert"}}]})", kRemove));
  CHECK(Matches(R"({"dynamodb": {"SizeBytes": [{"anything-but": [10, 20]}]}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"SizeBytes": [{"anything-but": 26}]}})", kInsert));
  // Does not match a missing field.
  CHECK_FALSE(Matches(R"({"userIdentity": {"type": [{"anything-but": "Service"}]}})", kInsert));
  // An array matches when some element is not excluded.
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Tags": {"SS": [{"anything-but": "blue"}]}}}})", kInsert));
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Tags": {"SS": [{"anything-but": ["blue", "green"]}]}}}})", kInsert));
}

TEST_CASE("exists works on leaves only") {
  CHECK(Matches(R"({"dynamodb": {"OldImage": {"AccountManager": {"S": [{"exists": true}]}}}})", kModify));
  CHECK_FALSE(Matches(R"({"dynamodb": {"OldImage": {"AccountManager": {"S": [{"exists": true}]}}}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"OldImage": [{"exists": false}]}})", kInsert));
  // The guide's example: "Organizations" is not a leaf, so exists never
  // matches it; point at the leaf instead.
  CHECK_FALSE(Matches(R"({ "dynamodb" : { "NewImage" : { "Organizations" : [ { "exists": true } ] } } })", kInsert));
  CHECK(Matches(R"({ "dynamodb" : { "NewImage" : {"Organizations": {"L": {"S": [ {"exists": true } ] } } } } })", kInsert));
  // Missing fields fail every other matcher; exists:false ORs with them.
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Missing": {"S": ["x"]}}}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": [{"exists": false}, "5"]}}}})", kInsert));
  CHECK(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": [{"exists": false}, "5"]}}}})", kModify));
  CHECK_FALSE(Matches(R"({"dynamodb": {"NewImage": {"Quantity": {"N": [{"exists": false}, "6"]}}}})", kInsert));
}

TEST_CASE("invalid patterns are rejected at Parse with the pattern named") {
  CHECK(ParseError({R"({"eventName": ["INSERT"]})", "not json"}).find("Filters[1]") != std::string::npos);
  CHECK(ParseError({"not json"}).find("not valid JSON") != std::string::npos);
  CHECK(ParseError({""}).find("not valid JSON") != std::string::npos);
  CHECK(ParseError({R"({"a": ["x"]} trailing)"}).find("not valid JSON") != std::string::npos);
  CHECK(ParseError({R"(["INSERT"])"}).find("Filter is not an object") != std::string::npos);
  CHECK(ParseError({R"({})"}).find("Empty objects are not allowed") != std::string::npos);
  CHECK(ParseError({R"({"dynamodb": {}})"}).find("Empty objects are not allowed") != std::string::npos);
  CHECK(ParseError({R"({"eventName": "INSERT"})"}).find(R"("eventName" must be an object or an array)") !=
        std::string::npos);
  CHECK(ParseError({R"({"eventName": []})"}).find("Empty arrays are not allowed") != std::string::npos);
  CHECK(ParseError({R"({"eventName": [["INSERT"]]})"}).find("Match value must be") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"regex": "x"}]})"}).find("Unrecognized match type regex") != std::string::npos);
  CHECK(ParseError({R"({"a": [{}]})"}).find("Match expression name not found") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"prefix": "x", "suffix": "y"}]})"}).find("Only one key") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"prefix": 1}]})"}).find("prefix match pattern must be a string") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"exists": "yes"}]})"}).find("either true or false") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"wildcard": "a**"}]})"}).find("Consecutive wildcard") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"wildcard": "a\\b"}]})"}).find("Invalid escape") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"cidr": "10.0.0.0/24"}]})"}).find("not supported") != std::string::npos);
  CHECK(ParseError({R"({"$or": [{"a": ["x"]}, {"b": ["y"]}]})"}).find("not supported") != std::string::npos);
}

TEST_CASE("invalid numeric and anything-but expressions") {
  CHECK(ParseError({R"({"a": [{"numeric": 5}]})"}).find("must be an array") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": []}]})"}).find("Invalid member in numeric match") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": [5, ">"]}]})"}).find("Invalid member in numeric match") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": ["!=", 5]}]})"}).find("Unrecognized numeric range operator: !=") !=
        std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": [">", "5"]}]})"}).find("Value of > must be numeric") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": [">"]}]})"}).find("Value of > must be numeric") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": ["=", 5, "<", 6]}]})"}).find("Too many elements") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": [">", 5, ">", 6]}]})"}).find("Bad numeric range operator: >") !=
        std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": [">", 5, "<", 6, 7]}]})"}).find("Too many terms") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": [">", 6, "<", 5]}]})"}).find("Bottom must be less than top") !=
        std::string::npos);
  CHECK(ParseError({R"({"a": [{"numeric": ["<", 6e9]}]})"}).find("-5.0E9 and 5.0E9") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"anything-but": ["x", 1]}]})"}).find("mixed type") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"anything-but": []}]})"}).find("mixed type") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"anything-but": [null]}]})"}).find("not supported") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"anything-but": true}]})"}).find("single string/number") != std::string::npos);
  CHECK(ParseError({R"({"a": [{"anything-but": {"wildcard": "x*"}}]})"}).find("Unsupported anything-but pattern") !=
        std::string::npos);
  CHECK(ParseError({R"({"a": [{"anything-but": {"prefix": ""}}]})"}).find("Null prefix/suffix") != std::string::npos);
}

TEST_CASE("Lambda's limits: five filters, 4096-character patterns") {
  const std::string p = R"({"eventName": ["INSERT"]})";
  EventFilter five;
  std::string error;
  CHECK(EventFilter::Parse({p, p, p, p, p}, &five, &error));
  CHECK(ParseError({p, p, p, p, p, p}).find("at most 5") != std::string::npos);
  const std::string long_pattern = R"({"a": [")" + std::string(4096, 'x') + R"("]})";
  CHECK(ParseError({long_pattern}).find("maximum is 4096") != std::string::npos);
}

TEST_CASE("a failed Parse leaves the filter unchanged") {
  EventFilter filter = Filter({R"({"eventName": ["INSERT"]})"});
  std::string error;
  CHECK_FALSE(EventFilter::Parse({"{"}, &filter, &error));
  CHECK_FALSE(filter.empty());
  CHECK_FALSE(filter.Matches(Record(kRemove)));
}

}  // namespace eddy::streams

// Lambda event filtering for DynamoDB event source mappings: the
// FilterCriteria.Filters[].Pattern texts, compiled once, then tested
// against each record of the stream. A record is delivered when ANY
// pattern matches it; the poller drops (and checkpoints past) the others.
//
// The pattern language is EventBridge's, as implemented by AWS's
// open-source event-ruler (RuleCompiler.java), which Lambda uses:
// https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
//
// A pattern is a JSON object whose nested objects name a path into the
// record and whose arrays list the matchers for the leaf value there:
// every path must match (AND), any matcher of a path may (OR). Event
// arrays are flattened: a path matches if any element matches.
//
// DynamoDB quirk (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb-filtering.html):
// "DynamoDB event filtering doesn't support the use of numeric operators
// (numeric equals and numeric range). Even if items in your table are
// stored as numbers, these parameters are converted to strings in the
// JSON record object." So {"N": [{"numeric": [">", 0]}]} never matches
// {"N": "5"}: numeric matchers only see JSON numbers (such as
// dynamodb.SizeBytes), exactly as in event-ruler. Filter on an N
// attribute with string matchers instead: {"N": ["5"]}, {"prefix": "1"}.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"

namespace eddy::streams {

class EventFilter {
 public:
  // One compiled matcher of a leaf array, e.g. "x", 5, null,
  // {"prefix": "x"}, {"numeric": [">", 0]}, {"anything-but": [...]}.
  struct Matcher {
    enum class Kind {
      kString,             // "x" or {"exactly": "x"}: a string equal to text
      kNumber,             // 5: a number numerically equal, or written as text
      kLiteral,            // true, false, null: a value of literal_type
      kPrefix,             // {"prefix": text}
      kSuffix,             // {"suffix": text}
      kEqualsIgnoreCase,   // {"equals-ignore-case": text}; text is lowercased
      kWildcard,           // {"wildcard": text}; '*' any run, "\*" a star
      kNumericRange,       // {"numeric": [...]}
      kExists,             // {"exists": true}
      kAbsent,             // {"exists": false}
      kAnythingButStrings, // {"anything-but": "x" | ["x", ...]}
      kAnythingButNumbers, // {"anything-but": 5 | [5, ...]}
      kAnythingButPrefix,  // {"anything-but": {"prefix": text}}
      kAnythingButSuffix,  // {"anything-but": {"suffix": text}}
      kAnythingButIgnoreCase,  // {"anything-but": {"equals-ignore-case": ...}}
    };
    Kind kind = Kind::kString;
    std::string text;
    rapidjson::Type literal_type = rapidjson::kNullType;
    bool has_comparable = false;   // kNumber: the value fits the numeric range
    int64_t comparable = 0;        // kNumber: see ToComparable in the .cc
    std::vector<std::string> strings;  // anything-but string sets (lowercased for ignore-case)
    std::vector<int64_t> numbers;      // anything-but number set, comparable form
    // kNumericRange bounds, comparable form; absent bounds are open.
    bool has_low = false, low_inclusive = false;
    bool has_high = false, high_inclusive = false;
    int64_t low = 0, high = 0;
  };

  // The matchers for one path of a pattern, e.g. dynamodb.NewImage.Qty.N.
  struct FieldRule {
    std::vector<std::string> path;
    std::vector<Matcher> matchers;
    bool accepts_absent = false;  // some matcher is {"exists": false}
  };

  // One Filters[].Pattern: all of its field rules must match.
  struct Pattern {
    std::vector<FieldRule> fields;
  };

  // Lambda's default quota: "By default, you can define up to five
  // different filters for a single event source mapping."
  static constexpr size_t kMaxFilters = 5;
  // Filter.Pattern: "Length Constraints: Maximum length of 4096."
  static constexpr size_t kMaxPatternLength = 4096;

  EventFilter() = default;  // no patterns: matches everything

  // Parses the patterns (FilterCriteria.Filters[].Pattern texts). Returns
  // false and sets *error to a clear message (which pattern, what is wrong)
  // when a pattern is invalid as Lambda would reject it; *out is then
  // left unchanged.
  static bool Parse(const std::vector<std::string>& patterns, EventFilter* out,
                    std::string* error);

  bool empty() const { return patterns_.empty(); }

  // True when some pattern matches `record` (one record object of the
  // event), or when there are no patterns.
  bool Matches(const JsonValue& record) const;

 private:
  std::vector<Pattern> patterns_;
};

}  // namespace eddy::streams

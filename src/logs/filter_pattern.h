// CloudWatch Logs filter patterns (FilterLogEvents' filterPattern), per the
// "Filter pattern syntax for metric filters, subscription filters, filter log
// events and Live Tail" page of the CloudWatch Logs User Guide:
//
//   ""                      every event
//   ERROR Exception         events containing every term (case-sensitive)
//   "exact phrase"          a quoted term may hold spaces and symbols
//   ?ERROR ?WARN            events containing at least one ?term
//   ERROR -DEBUG            ... and none of the -terms
//   %regex%                 events where the (ECMAScript) regex finds a match
//   { $.a.b[0] = "x*" }     JSON events: = and != on strings ('*' is a
//                           wildcard; a bare word is a string too), = != < >
//                           <= >= on numbers, IS NULL / IS TRUE / IS FALSE,
//                           NOT EXISTS, && (binds tighter) and ||, ( ), and
//                           [*] for any array element. A JSON pattern never
//                           matches an event whose message is not JSON.
//
// Not supported: space-delimited patterns ("[ip, user, ...]"), which are
// refused with an InvalidParameterException saying so.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace eddy::logs {

class FilterPattern {
 public:
  // nullopt and *error set to CloudWatch's message when `text` is not a
  // valid pattern.
  static std::optional<FilterPattern> Parse(std::string_view text, std::string* error);

  bool Matches(std::string_view message) const;

  struct Node;  // the parsed pattern (filter_pattern.cc)

 private:
  explicit FilterPattern(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;  // null: matches every event
};

// '*' matches any run of characters (also none); everything else literally.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace eddy::logs

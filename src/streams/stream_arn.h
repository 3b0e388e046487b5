// Stream ARNs: arn:aws:dynamodb:<region>:<account>:table/<TableName>/stream/<label>,
// the table's ARN plus "/stream/" and the stream's label (DynamoDB's format,
// see the LatestStreamArn member of DescribeTable's TableDescription).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eddy::streams {

struct StreamArnParts {
  std::string region;
  std::string account;
  std::string table_name;
  std::string label;
};

// The parts of a well-formed stream ARN, or nullopt for anything else (the
// caller answers ValidationException "Invalid StreamArn"). Whether the stream
// exists is the caller's question.
std::optional<StreamArnParts> ParseStreamArn(std::string_view arn);

// `table_arn` + "/stream/" + `label`.
std::string StreamArnOf(std::string_view table_arn, std::string_view label);

}  // namespace eddy::streams

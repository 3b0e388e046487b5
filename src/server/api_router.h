// ApiRouter: which AWS API a request (other than /_eddy/) is for, by the
// protocols' own marks, in this order:
//   X-Amz-Target header          the JSON APIs (DynamoDB, Streams, Logs):
//                                the dispatcher
//   a registered path prefix     a REST API, any method (Lambda's
//                                /2015-03-31/..., /2019-09-25/...)
//   POST, form-encoded body      the AWS Query protocol (IAM, STS)
//   any other POST               the dispatcher (which names what eddy serves)
//   GET /                        "healthy: dynamodb.<region>.amazonaws.com",
//                                the plain text DynamoDB answers
//   anything else                404/405 naming what eddy serves: never a 200
//                                for an API eddy does not speak
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/api_message.h"

namespace eddy {

using ApiFunction = std::function<ApiResponse(const ApiRequest&)>;

class ApiRouter {
 public:
  ApiRouter(ApiFunction json_apis, const std::string& region);

  // Requests whose path starts with `prefix` go to `api`.
  void AddPathPrefix(std::string prefix, ApiFunction api);
  // Form-encoded POSTs without X-Amz-Target go to `api`.
  void SetQueryApi(ApiFunction api) { query_api_ = std::move(api); }

  ApiResponse Route(const ApiRequest& request) const;

 private:
  ApiFunction json_apis_;
  ApiFunction query_api_;
  std::vector<std::pair<std::string, ApiFunction>> path_apis_;
  std::string health_text_;
};

}  // namespace eddy

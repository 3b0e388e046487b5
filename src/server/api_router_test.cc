#include "server/api_router.h"

#include <doctest/doctest.h>

namespace eddy {
namespace {

ApiFunction Named(std::string name) {
  return [name](const ApiRequest&) {
    ApiResponse response;
    response.body = name;
    return response;
  };
}

ApiRequest Request(std::string_view method, std::string_view path, std::string_view target = {},
                   std::string_view content_type = {}) {
  ApiRequest request;
  request.method = method;
  request.path = path;
  request.target = target;
  request.content_type = content_type;
  return request;
}

TEST_CASE("the router tells the APIs apart by their protocols' marks") {
  ApiRouter router(Named("json"), "eu-west-1");
  CHECK(router.Route(Request("POST", "/", "DynamoDB_20120810.GetItem")).body == "json");
  // Query-protocol calls are refused until an API takes them.
  ApiResponse refused = router.Route(Request("POST", "/", {}, "application/x-www-form-urlencoded; charset=utf-8"));
  CHECK(refused.status == 400);
  CHECK(refused.body.find("Query protocol") != std::string::npos);

  router.AddPathPrefix("/2015-03-31/", Named("lambda"));
  router.SetQueryApi(Named("query"));
  CHECK(router.Route(Request("GET", "/2015-03-31/functions")).body == "lambda");
  CHECK(router.Route(Request("DELETE", "/2015-03-31/functions/f")).body == "lambda");
  // Lambda's Invoke has no content type; a JSON API call with a target
  // wins over any path.
  CHECK(router.Route(Request("POST", "/2015-03-31/functions/f/invocations")).body == "lambda");
  CHECK(router.Route(Request("POST", "/2015-03-31/x", "DynamoDB_20120810.GetItem")).body == "json");
  CHECK(router.Route(Request("POST", "/", {}, "application/x-www-form-urlencoded")).body == "query");
  // A POST with neither goes to the dispatcher, which names what eddy serves.
  CHECK(router.Route(Request("POST", "/", {}, "application/json")).body == "json");

  ApiResponse health = router.Route(Request("GET", "/"));
  CHECK(health.status == 200);
  CHECK(health.body == "healthy: dynamodb.eu-west-1.amazonaws.com");
  CHECK(router.Route(Request("GET", "/healthz")).status == 404);
  CHECK(router.Route(Request("PUT", "/")).status == 405);
  CHECK(router.Route(Request("PUT", "/my-bucket/key")).body.find("eddy serves") != std::string::npos);
}

}  // namespace
}  // namespace eddy

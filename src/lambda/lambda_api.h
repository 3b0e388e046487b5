// The Lambda REST API (botocore's lambda/2015-03-31 model) over the
// runtime registry: routes by method and path, thin handlers, and Lambda's
// error shape (the x-amzn-ErrorType header and a {"Type","message"} body,
// which botocore and the JS SDK read).
//
//   /2015-03-31/functions                          GET list, POST create
//   /2015-03-31/functions/{name}                   GET, DELETE
//   /2015-03-31/functions/{name}/configuration     GET, PUT
//   /2015-03-31/functions/{name}/code              PUT
//   /2015-03-31/functions/{name}/invocations       POST (Invoke)
//   /2015-03-31/functions/{name}/policy            POST AddPermission, GET GetPolicy
//   /2015-03-31/functions/{name}/policy/{sid}      DELETE RemovePermission
//   /2015-03-31/event-source-mappings[/{uuid}]     GET, POST, PUT, DELETE
//   /2016-08-19/account-settings                   GET
//   /2017-03-31/tags/{arn}                         GET, POST, DELETE
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_message.h"
#include "registry/registry.h"

namespace eddy::lambda {

class AsyncInvoker;

class LambdaApi {
 public:
  LambdaApi(registry::Registry& registry, std::string region, std::string on_failure_directory);
  ~LambdaApi();  // waits for Event invocations in flight (stop the registry's runners first)

  ApiResponse Handle(const ApiRequest& request);

  // The path prefixes to route here.
  static std::vector<std::string> PathPrefixes();
  // Whether the request may take long (Invoke runs the function; a code
  // upload is unzipped).
  static bool RunsLong(std::string_view method, std::string_view path);

 private:
  friend struct Handlers;
  registry::Registry& registry_;
  const std::string region_;
  const std::string on_failure_directory_;
  std::unique_ptr<AsyncInvoker> async_;
};

}  // namespace eddy::lambda

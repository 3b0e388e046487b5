// QueryApi: IAM and STS over the AWS Query protocol, on eddy's one port.
// The router (server/api_router.h) hands it every form-encoded POST without
// X-Amz-Target; it reads Action and Version from the form, picks the
// service (Version 2010-05-08 is IAM, 2011-06-15 STS; without a Version,
// the SigV4 credential scope's service), runs the operation and answers
// XML. Roles and policies are stored (through the engine, so they survive
// a restart), never enforced.
//
// Thread-safe: Handle runs each operation under one mutex.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/api_message.h"
#include "iam/actions.h"
#include "iam/iam_store.h"

namespace eddy {
class Engine;
}

namespace eddy::iam {

class QueryApi {
 public:
  // `region` is the region eddy reports; IAM and STS are global, so it
  // appears in no answer today.
  QueryApi(Engine& engine, std::string region);

  ApiResponse Handle(const ApiRequest& request);

 private:
  enum class Service { kIam, kSts };
  ApiResponse Run(Service service, const Action& action, FormParams form);

  Engine& engine_;
  std::string region_;
  std::map<std::string_view, Action, std::less<>> iam_actions_;
  std::map<std::string_view, Action, std::less<>> sts_actions_;
  std::mutex mutex_;
  IamStore store_;  // guarded by mutex_
};

}  // namespace eddy::iam

// Request ids for the `x-amzn-RequestId` response header. DynamoDB's look
// like "4KBNVRGD25RG1KEO9UT4V3FQDJVV4KQNSO5AEMVJF66Q9ASUAAJG": 52 characters
// of [A-Z0-9]. Clients only log and surface them (boto3 puts it in
// ResponseMetadata.RequestId), so they need to be unique in practice, not
// unguessable: a per-thread PRNG keeps generation free of syscalls and locks.
#pragma once

#include <array>
#include <string_view>

namespace eddy {

class RequestId {
 public:
  static constexpr size_t kLength = 52;

  // A fresh id from the calling thread's generator (seeded once per thread).
  static RequestId Generate();

  std::string_view view() const { return {chars_.data(), chars_.size()}; }

 private:
  std::array<char, kLength> chars_;
};

}  // namespace eddy

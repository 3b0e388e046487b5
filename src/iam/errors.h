// IAM's and STS's errors as core's ApiError: the type is the Query
// protocol's error code (NoSuchEntity, not NoSuchEntityException), the
// status the one botocore's model gives it. QueryApi::Handle is the one
// place that turns them into <ErrorResponse> XML.
#pragma once

#include <string>

#include "core/api_error.h"

namespace eddy::iam {

inline ApiError NoSuchEntity(std::string message) { return ApiError("NoSuchEntity", std::move(message), 404); }
inline ApiError EntityAlreadyExists(std::string message) {
  return ApiError("EntityAlreadyExists", std::move(message), 409);
}
inline ApiError DeleteConflict(std::string message) { return ApiError("DeleteConflict", std::move(message), 409); }
inline ApiError LimitExceeded(std::string message) { return ApiError("LimitExceeded", std::move(message), 409); }
inline ApiError MalformedPolicyDocument(std::string message) {
  return ApiError("MalformedPolicyDocument", std::move(message), 400);
}
inline ApiError ValidationError(std::string message) { return ApiError("ValidationError", std::move(message), 400); }
inline ApiError InvalidInput(std::string message) { return ApiError("InvalidInput", std::move(message), 400); }
inline ApiError AccessDenied(std::string message) { return ApiError("AccessDenied", std::move(message), 403); }

// "The role with name r cannot be found."
inline ApiError NoSuchRole(const std::string& name) {
  return NoSuchEntity("The role with name " + name + " cannot be found.");
}

}  // namespace eddy::iam

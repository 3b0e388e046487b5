#include "core/api_error.h"

namespace eddy {
namespace {
constexpr const char* kDynamo = "com.amazonaws.dynamodb.v20120810#";
constexpr const char* kCoral = "com.amazon.coral.validate#";
constexpr const char* kCoralService = "com.amazon.coral.service#";
}  // namespace

ApiError ApiError::Validation(std::string message) {
  return ApiError(std::string(kCoral) + "ValidationException", std::move(message), 400);
}
ApiError ApiError::ResourceNotFound(std::string message) {
  return ApiError(std::string(kDynamo) + "ResourceNotFoundException", std::move(message), 400);
}
ApiError ApiError::ResourceInUse(std::string message) {
  return ApiError(std::string(kDynamo) + "ResourceInUseException", std::move(message), 400);
}
ApiError ApiError::LimitExceeded(std::string message) {
  return ApiError(std::string(kDynamo) + "LimitExceededException", std::move(message), 400);
}
ApiError ApiError::ConditionalCheckFailed() {
  return ApiError(std::string(kDynamo) + "ConditionalCheckFailedException",
                  "The conditional request failed", 400);
}
ApiError ApiError::Serialization(std::string message) {
  return ApiError(std::string(kCoralService) + "SerializationException", std::move(message), 400);
}
ApiError ApiError::UnknownOperation() {
  return ApiError(std::string(kCoralService) + "UnknownOperationException", "", 400);
}
ApiError ApiError::MissingAuthenticationToken() {
  return ApiError(std::string(kCoralService) + "MissingAuthenticationTokenException",
                  "Request is missing Authentication Token", 400);
}
ApiError ApiError::Internal(std::string message) {
  return ApiError(std::string(kDynamo) + "InternalServerError", std::move(message), 500);
}

ApiError ApiError::ExpiredIterator(std::string message) {
  return ApiError(std::string(kDynamo) + "ExpiredIteratorException", std::move(message), 400);
}
ApiError ApiError::TrimmedDataAccess() {
  return ApiError(std::string(kDynamo) + "TrimmedDataAccessException",
                  "The data you are trying to access has been trimmed", 400);
}

}  // namespace eddy

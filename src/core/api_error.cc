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
ApiError ApiError::ValidationErrors(const std::vector<std::string>& violations) {
  std::string message = std::to_string(violations.size()) +
                        (violations.size() == 1 ? " validation error detected: " : " validation errors detected: ");
  for (size_t i = 0; i < violations.size(); ++i) {
    if (i) message += "; ";
    message += violations[i];
  }
  return Validation(std::move(message));
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
ApiError ApiError::ItemValidation(std::string message) {
  ApiError error = Validation(std::move(message));
  error.item_level_ = true;
  return error;
}

ApiError ApiError::RequestValidation(std::string message) {
  ApiError error = Validation(std::move(message));
  error.request_level_ = true;
  return error;
}

ApiError ApiError::TransactionCanceled(std::vector<CancellationReason> reasons) {
  std::string codes;
  for (const CancellationReason& reason : reasons) codes += (codes.empty() ? "" : ", ") + reason.code;
  ApiError error(std::string(kDynamo) + "TransactionCanceledException",
                 "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]", 400);
  error.reasons_ = std::make_shared<const std::vector<CancellationReason>>(std::move(reasons));
  return error;
}

ApiError ApiError::TransactionConflict() {
  return ApiError(std::string(kDynamo) + "TransactionConflictException", "Transaction is ongoing for the item", 400);
}

ApiError ApiError::TransactionInProgress() {
  return ApiError(std::string(kDynamo) + "TransactionInProgressException",
                  "Transaction from previous request is still in progress", 400);
}

ApiError ApiError::IdempotentParameterMismatch() {
  // DynamoDB's text is not on record (DynamoDB Local sends none); this one
  // says what happened.
  return ApiError(std::string(kDynamo) + "IdempotentParameterMismatchException",
                  "The request uses the same client token as a previous, but non-identical request.", 400);
}

ApiError ApiError::Serialization(std::string message) {
  return ApiError(std::string(kCoralService) + "SerializationException", std::move(message), 400);
}
ApiError ApiError::UnknownOperation(std::string message) {
  return ApiError(std::string(kCoralService) + "UnknownOperationException", std::move(message), 400);
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

// ApiError: the one error type that ends a request. Thrown by parsing and
// validation code anywhere below the server; the dispatcher
// (server/dispatcher.cc) is the only place that turns it into DynamoDB's
// wire form {"__type": "com.amazonaws.dynamodb.v20120810#<type>", "message": ...}.
//
// Expected outcomes (a failed condition inside a batch, a missing item) are
// values, not exceptions; ApiError is for what DynamoDB answers with an error.
#pragma once

#include <exception>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace eddy {

struct AttributeValue;

class ApiError : public std::exception {
 public:
  // The namespace part of __type differs by error: most are
  // com.amazonaws.dynamodb.v20120810, a few (SerializationException,
  // UnknownOperationException, MissingAuthenticationTokenException) are
  // com.amazon.coral.*; `type` here is the full prefix-qualified name.
  ApiError(std::string type, std::string message, int http_status)
      : type_(std::move(type)), message_(std::move(message)), http_status_(http_status) {}

  static ApiError Validation(std::string message);
  // "1 validation error detected: A" or "2 validation errors detected: A; B":
  // the constraint violations of a request, as DynamoDB lists them.
  static ApiError ValidationErrors(const std::vector<std::string>& violations);
  static ApiError ResourceNotFound(std::string message);
  static ApiError ResourceInUse(std::string message);
  static ApiError LimitExceeded(std::string message);
  static ApiError ConditionalCheckFailed();
  // A ValidationException about one item's key or index key values (wrong
  // type, missing key attribute): a transaction reports it as its action's
  // ValidationError cancellation reason rather than failing the request.
  static ApiError ItemValidation(std::string message);
  // A ValidationException found while applying a write (so after the
  // request's own checks) that still fails a whole transaction rather than
  // being its action's ValidationError reason: an UpdateExpression making an
  // index key an empty value.
  static ApiError RequestValidation(std::string message);
  // TransactWriteItems / TransactGetItems.
  struct CancellationReason {
    std::string code;     // None, ConditionalCheckFailed, ValidationError, TransactionConflict
    std::string message;  // empty for None
    std::shared_ptr<const std::map<std::string, AttributeValue, std::less<>>> item;  // ALL_OLD
  };
  static ApiError TransactionCanceled(std::vector<CancellationReason> reasons);
  static ApiError TransactionConflict();
  static ApiError TransactionInProgress();
  static ApiError IdempotentParameterMismatch();
  static ApiError Serialization(std::string message);
  static ApiError UnknownOperation(std::string message = "");
  static ApiError MissingAuthenticationToken();
  static ApiError Internal(std::string message);
  // DynamoDB Streams: a shard iterator used more than 15 minutes after it
  // was issued, and a read below the trim horizon (records older than 24 h).
  static ApiError ExpiredIterator(std::string message);
  static ApiError TrimmedDataAccess();
  // DynamoDB's generic "item collection / request too large" style errors
  // that are still ValidationException are built with Validation().

  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  int http_status() const { return http_status_; }
  const char* what() const noexcept override { return message_.c_str(); }

  // ConditionalCheckFailedException carries the existing item when the
  // request asked for ReturnValuesOnConditionCheckFailure=ALL_OLD.
  using ItemPtr = std::shared_ptr<const std::map<std::string, AttributeValue, std::less<>>>;
  const ItemPtr& item() const { return item_; }
  ApiError& WithItem(ItemPtr item) {
    item_ = std::move(item);
    return *this;
  }
  // A copy with another message (the type, status and details kept).
  ApiError WithMessage(std::string message) const {
    ApiError copy = *this;
    copy.message_ = std::move(message);
    return copy;
  }
  bool item_level() const { return item_level_; }
  bool request_level() const { return request_level_; }
  // TransactionCanceledException's reasons, one per action; null otherwise.
  const std::shared_ptr<const std::vector<CancellationReason>>& reasons() const { return reasons_; }

 private:
  std::string type_;
  std::string message_;
  int http_status_;
  ItemPtr item_;
  bool item_level_ = false;
  bool request_level_ = false;
  std::shared_ptr<const std::vector<CancellationReason>> reasons_;
};

}  // namespace eddy

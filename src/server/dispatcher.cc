#include "server/dispatcher.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <stdexcept>

#include "core/api_error.h"
#include "core/json_codec.h"
#include "core/utf8.h"
#include "core/region.h"
#include "server/handlers.h"
#include "shapes/validate.h"

namespace eddy {
namespace {

// A request document whose parse stack also comes from a caller's arena.
using RequestDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>,
                                                   rapidjson::MemoryPoolAllocator<>>;

constexpr size_t kKeptResponseCapacity = 1 << 20;
constexpr std::string_view kFallbackRegion = kDefaultRegion;
// CloudWatch Logs speaks JSON 1.1 (DynamoDB: 1.0), errors included.
constexpr std::string_view kLogsPrefix = "Logs_20140328.";
constexpr std::string_view kJson11 = "application/x-amz-json-1.1";

void WriteCancellationReasons(JsonWriter& w, const std::vector<ApiError::CancellationReason>& reasons) {
  w.Key("CancellationReasons");
  w.StartArray();
  for (const ApiError::CancellationReason& reason : reasons) {
    w.StartObject();
    w.Key("Code");
    w.String(reason.code);
    if (reason.item) {
      w.Key("Item");
      EncodeAttributeMap(w, *reason.item);
    }
    if (!reason.message.empty()) {  // None has no Message member
      w.Key("Message");
      w.String(reason.message);
    }
    w.EndObject();
  }
  w.EndArray();
}

ApiResponse ErrorResponse(const ApiError& raw) {
  // Messages quote input; an escape in it may have decoded to invalid UTF-8.
  const ApiError sanitized = IsValidUtf8(raw.message()) ? raw : raw.WithMessage(SanitizeUtf8(raw.message()));
  const ApiError& error = sanitized;
  ApiResponse response;
  response.status = error.http_status();
  if (error.reasons()) {
    // TransactionCanceledException: DynamoDB spells this one "Message".
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("__type");
    w.String(error.type());
    WriteCancellationReasons(w, *error.reasons());
    w.Key("Message");
    w.String(error.message());
    w.EndObject();
    response.body.assign(buffer.GetString(), buffer.GetSize());
    return response;
  }
  if (!error.item()) {
    response.body = ErrorBody(error.type(), error.message());
    return response;
  }
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("__type");
  w.String(error.type());
  w.Key("message");
  w.String(error.message());
  w.Key("Item");
  EncodeAttributeMap(w, *error.item());
  w.EndObject();
  response.body.assign(buffer.GetString(), buffer.GetSize());
  return response;
}

// DynamoDB's operations (botocore's model) that eddy does not serve yet.
constexpr std::string_view kUnservedDynamoDbOperations[] = {
    "BatchExecuteStatement", "CreateBackup", "CreateGlobalTable", "DeleteBackup", "DeleteResourcePolicy",
    "DescribeBackup", "DescribeContributorInsights", "DescribeEndpoints", "DescribeExport", "DescribeGlobalTable",
    "DescribeGlobalTableSettings", "DescribeImport", "DescribeKinesisStreamingDestination", "DescribeLimits",
    "DescribeTableReplicaAutoScaling", "DisableKinesisStreamingDestination", "EnableKinesisStreamingDestination",
    "ExecuteStatement", "ExecuteTransaction", "ExportTableToPointInTime", "GetResourcePolicy", "ImportTable",
    "ListBackups", "ListContributorInsights", "ListExports", "ListGlobalTables", "ListImports", "PutResourcePolicy",
    "RestoreTableFromBackup", "RestoreTableToPointInTime", "UpdateContinuousBackups", "UpdateContributorInsights",
    "UpdateGlobalTable", "UpdateGlobalTableSettings", "UpdateKinesisStreamingDestination",
    "UpdateTableReplicaAutoScaling"};

constexpr std::string_view kServed =
    "eddy serves the DynamoDB (DynamoDB_20120810), DynamoDB Streams (DynamoDBStreams_20120810) and CloudWatch "
    "Logs (Logs_20140328) JSON APIs: POST with an X-Amz-Target header";

// UnknownOperationException for a target eddy has no handler for, saying
// why: a DynamoDB operation eddy lacks, another service, or no target.
ApiError UnservedOperation(std::string_view target) {
  if (target.empty()) return ApiError::UnknownOperation("The request has no X-Amz-Target header; " + std::string(kServed));
  const size_t dot = target.find('.');
  const std::string_view prefix = target.substr(0, dot);
  const std::string_view operation = dot == std::string_view::npos ? std::string_view() : target.substr(dot + 1);
  if (prefix == "DynamoDB_20120810") {
    for (std::string_view unserved : kUnservedDynamoDbOperations) {
      if (operation == unserved) {
        return ApiError::UnknownOperation("eddy does not support the DynamoDB operation " + std::string(operation) +
                                          " yet");
      }
    }
    // Like DynamoDB, no message for a name that is no operation at all.
    return ApiError::UnknownOperation();
  }
  if (prefix == "DynamoDBStreams_20120810" || prefix == "Logs_20140328") return ApiError::UnknownOperation();
  return ApiError::UnknownOperation("eddy does not serve " + std::string(prefix) + "; " + std::string(kServed));
}

}  // namespace

std::string ErrorBody(std::string_view type, std::string_view message) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("__type");
  w.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
  if (!message.empty()) {
    w.Key(type.ends_with("#SerializationException") ? "Message" : "message");
    w.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  }
  w.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string HandlerContext::TableArn(std::string_view table_name) const {
  return eddy::TableArn(region, table_name);
}

Dispatcher::Dispatcher(Engine& engine, DispatcherOptions options)
    : engine_(engine), options_(std::move(options)), tokens_(engine.clock()) {
  std::unordered_map<std::string_view, HandlerFunction> handlers = {
      {"DynamoDB_20120810.CreateTable", HandleCreateTable},
      {"DynamoDB_20120810.DescribeTable", HandleDescribeTable},
      {"DynamoDB_20120810.DeleteTable", HandleDeleteTable},
      {"DynamoDB_20120810.UpdateTable", HandleUpdateTable},
      {"DynamoDB_20120810.ListTables", HandleListTables},
      {"DynamoDB_20120810.PutItem", HandlePutItem},
      {"DynamoDB_20120810.GetItem", HandleGetItem},
      {"DynamoDB_20120810.DeleteItem", HandleDeleteItem},
      {"DynamoDB_20120810.UpdateItem", HandleUpdateItem},
      {"DynamoDB_20120810.Query", HandleQuery},
      {"DynamoDB_20120810.Scan", HandleScan},
      {"DynamoDB_20120810.BatchWriteItem", HandleBatchWriteItem},
      {"DynamoDB_20120810.BatchGetItem", HandleBatchGetItem},
      {"DynamoDB_20120810.TransactWriteItems", HandleTransactWriteItems},
      {"DynamoDB_20120810.TransactGetItems", HandleTransactGetItems},
      {"DynamoDB_20120810.ExecuteStatement", HandleExecuteStatement},
      {"DynamoDB_20120810.UpdateTimeToLive", HandleUpdateTimeToLive},
      {"DynamoDB_20120810.DescribeTimeToLive", HandleDescribeTimeToLive},
      {"DynamoDB_20120810.TagResource", HandleTagResource},
      {"DynamoDB_20120810.UntagResource", HandleUntagResource},
      {"DynamoDB_20120810.ListTagsOfResource", HandleListTagsOfResource},
      {"DynamoDB_20120810.DescribeContinuousBackups", HandleDescribeContinuousBackups},
      {"DynamoDBStreams_20120810.ListStreams", HandleListStreams},
      {"DynamoDBStreams_20120810.DescribeStream", HandleDescribeStream},
      {"DynamoDBStreams_20120810.GetShardIterator", HandleGetShardIterator},
      {"DynamoDBStreams_20120810.GetRecords", HandleGetRecords},
  };
  if (options_.logs) {
    handlers.insert({
        {"Logs_20140328.CreateLogGroup", HandleCreateLogGroup},
        {"Logs_20140328.CreateLogStream", HandleCreateLogStream},
        {"Logs_20140328.DeleteLogGroup", HandleDeleteLogGroup},
        {"Logs_20140328.DeleteLogStream", HandleDeleteLogStream},
        {"Logs_20140328.PutRetentionPolicy", HandlePutRetentionPolicy},
        {"Logs_20140328.DeleteRetentionPolicy", HandleDeleteRetentionPolicy},
        {"Logs_20140328.DescribeLogGroups", HandleDescribeLogGroups},
        {"Logs_20140328.DescribeLogStreams", HandleDescribeLogStreams},
        {"Logs_20140328.PutLogEvents", HandlePutLogEvents},
        {"Logs_20140328.GetLogEvents", HandleGetLogEvents},
        {"Logs_20140328.FilterLogEvents", HandleFilterLogEvents},
    });
  }
  for (const auto& [target, handler] : handlers) {
    const shapes::Operation* shape = shapes::FindOperation(target);
    // scripts/generate_shapes.py lists the operations eddy serves.
    if (!shape && !target.starts_with(kLogsPrefix)) {
      throw std::logic_error("no request shape for " + std::string(target) + ": add it to generate_shapes.py");
    }
    handlers_[target] = {handler, shape};
  }

}

// "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/dynamodb/aws4_request, ..."
std::string_view Dispatcher::RegionOf(const ApiRequest& request) const {
  if (!options_.default_region.empty()) return options_.default_region;
  std::string_view auth = request.authorization;
  size_t start = auth.find("Credential=");
  if (start == std::string_view::npos) return kFallbackRegion;
  std::string_view scope = auth.substr(start + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  // AKID / date / region / service / aws4_request
  for (int skip = 0; skip < 2; ++skip) {
    size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return kFallbackRegion;
    scope.remove_prefix(slash + 1);
  }
  std::string_view region = scope.substr(0, scope.find('/'));
  // The region goes into ARNs in responses: only a name of region
  // characters is taken (a header may carry any byte).
  const bool plain = !region.empty() && region.size() <= 64 &&
                     std::all_of(region.begin(), region.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '-' || c == '_';
                     });
  return plain ? region : kFallbackRegion;
}

ApiResponse Dispatcher::Dispatch(const ApiRequest& request) const {
  ApiResponse response = DispatchJson(request);
  if (request.target.substr(0, kLogsPrefix.size()) == kLogsPrefix) response.content_type = kJson11;
  return response;
}

ApiResponse Dispatcher::DispatchJson(const ApiRequest& request) const {
  try {
    // The request's JSON lives in per-thread arenas (a thread serves one
    // request at a time), so parsing a typical request allocates nothing;
    // larger ones spill into chunks freed with the document.
    thread_local char value_arena[32 * 1024];
    thread_local char stack_arena[4 * 1024];
    rapidjson::MemoryPoolAllocator<> value_allocator(value_arena, sizeof(value_arena));
    rapidjson::MemoryPoolAllocator<> stack_allocator(stack_arena, sizeof(stack_arena));
    RequestDocument document(&value_allocator, sizeof(stack_arena) / 2, &stack_allocator);
    // Every string of every API must be UTF-8: nothing eddy stores (a tag,
    // an expression name, a log message) may later make a response
    // unreadable. Stored strings are checked again (core/json_codec.cc), as
    // a \u escape can decode to invalid UTF-8.
    if (!IsValidUtf8(request.body)) throw ApiError::Serialization("Invalid UTF-8 in the request body");
    // Iterative parsing: a deeply nested body cannot overflow the stack.
    // DynamoDB answers a body that is not JSON (or none) before it looks at
    // the target, with no message.
    document.Parse<rapidjson::kParseIterativeFlag>(request.body.data(), request.body.size());
    if (document.HasParseError()) throw ApiError::Serialization("");

    auto route = handlers_.find(request.target);
    if (route == handlers_.end()) throw UnservedOperation(request.target);
    if (!request.has_authorization) throw ApiError::MissingAuthenticationToken();
    if (!document.IsObject()) throw ApiError::Serialization("Unexpected value type in payload");
    if (route->second.shape) shapes::ValidateRequest(*route->second.shape, document);

    // Reused per thread: its capacity stays, so responses do not regrow it.
    thread_local rapidjson::StringBuffer buffer;
    buffer.Clear();
    JsonWriter writer(buffer);
    HandlerContext ctx{engine_, document, RegionOf(request), writer, options_.logs, &tokens_, options_.conflicts};
    route->second.handler(ctx);
    ApiResponse response;
    response.body.assign(buffer.GetString(), buffer.GetSize());
    // Do not keep a 16 MB BatchGetItem's worth of capacity per thread.
    if (buffer.GetSize() > kKeptResponseCapacity) {
      buffer.Clear();
      buffer.ShrinkToFit();
    }
    return response;
  } catch (const ApiError& error) {
    return ErrorResponse(error);
  } catch (const std::exception& e) {
    // The details may name files: they go to eddy's log, not to the client.
    std::fprintf(stderr, "eddy: internal error in %s: %s\n", std::string(request.target).c_str(), e.what());
    return ErrorResponse(ApiError::Internal("Internal server error"));
  }
}

}  // namespace eddy

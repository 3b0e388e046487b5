#include "iam/query_api.h"

#include <iostream>

#include "core/uuid.h"
#include "engine/engine.h"
#include "iam/form.h"
#include "iam/xml.h"

namespace eddy::iam {
namespace {

constexpr std::string_view kIamVersion = "2010-05-08";
constexpr std::string_view kStsVersion = "2011-06-15";

// The service of a SigV4 Authorization header's credential scope
// (Credential=AKID/20240101/us-east-1/iam/aws4_request), or "".
std::string_view ScopeService(std::string_view authorization) {
  const size_t credential = authorization.find("Credential=");
  if (credential == std::string_view::npos) return {};
  std::string_view scope = authorization.substr(credential + 11);
  scope = scope.substr(0, scope.find_first_of(", "));
  for (int skip = 0; skip < 3; ++skip) {  // key id, date, region
    const size_t slash = scope.find('/');
    if (slash == std::string_view::npos) return {};
    scope.remove_prefix(slash + 1);
  }
  return scope.substr(0, scope.find('/'));
}

ApiResponse Xml(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  response.content_type = "text/xml";
  return response;
}

}  // namespace

QueryApi::QueryApi(Engine& engine, std::string region)
    : engine_(engine), region_(std::move(region)), store_(engine) {
  for (const auto& table : {RoleActions(), RolePolicyActions(), PolicyActions()}) {
    for (const Action& action : table) iam_actions_.emplace(action.name, action);
  }
  for (const Action& action : StsActions()) sts_actions_.emplace(action.name, action);
}

ApiResponse QueryApi::Handle(const ApiRequest& request) {
  FormParams form;
  ParseForm(request.query, &form);
  ParseForm(request.body, &form);
  const std::string action = form.contains("Action") ? form["Action"] : std::string();
  const auto version = form.find("Version");
  Service service = Service::kIam;
  if (version != form.end() && version->second == kStsVersion) {
    service = Service::kSts;
  } else if (version == form.end() || version->second != kIamVersion) {
    const std::string_view scope = ScopeService(request.authorization);
    service = scope == "sts" || (scope.empty() && sts_actions_.contains(action)) ? Service::kSts : Service::kIam;
  }
  const std::string_view xmlns = service == Service::kSts ? kStsNamespace : kIamNamespace;
  const auto& actions = service == Service::kSts ? sts_actions_ : iam_actions_;
  const std::string_view expected_version = service == Service::kSts ? kStsVersion : kIamVersion;
  // Every SDK and the CLI sign their calls; a form POST without a signature
  // is what a web page can send without a CORS preflight, so it is refused.
  if (!request.has_authorization) {
    return Xml(403, ErrorXml(xmlns, "Sender", "MissingAuthenticationToken", "Request is missing Authentication Token",
                             NewUuid()));
  }
  if (action.empty()) return Xml(400, ErrorXml(xmlns, "Sender", "MissingAction", "Missing Action", NewUuid()));
  auto found = actions.find(action);
  if (found == actions.end() || (version != form.end() && version->second != expected_version)) {
    const std::string message = "Could not find operation " + action + " for version " +
                                (version != form.end() ? version->second : std::string("NO_VERSION_SPECIFIED"));
    return Xml(400, ErrorXml(xmlns, "Sender", "InvalidAction", message, NewUuid()));
  }
  return Run(service, found->second, std::move(form));
}

ApiResponse QueryApi::Run(Service service, const Action& action, FormParams form) {
  const std::string_view xmlns = service == Service::kSts ? kStsNamespace : kIamNamespace;
  const std::string request_id = NewUuid();
  try {
    Params params(std::move(form));
    XmlWriter result;
    {
      std::lock_guard lock(mutex_);
      ActionContext context{params, store_, result, engine_.clock().NowMillis()};
      action.run(context);
    }
    return Xml(200, ResponseXml(action.name, xmlns, action.has_result ? &result.str() : nullptr, request_id));
  } catch (const ApiError& e) {
    const std::string_view type = e.http_status() >= 500 ? "Receiver" : "Sender";
    const std::string_view code = e.http_status() >= 500 ? "ServiceFailure" : std::string_view(e.type());
    return Xml(e.http_status(), ErrorXml(xmlns, type, code, e.message(), request_id));
  } catch (const std::exception& e) {
    std::cerr << "eddy: IAM " << action.name << " failed: " << e.what() << "\n";
    return Xml(500, ErrorXml(xmlns, "Receiver", "ServiceFailure", "Request processing has failed due to an internal error.",
                             request_id));
  }
}

}  // namespace eddy::iam

// Local safety: what keeps web pages from driving eddy through the user's
// browser. Pure functions of header values, so the rules are tested apart
// from the HTTP server that applies them.
//
//  - DNS rebinding: a page on evil.example can make its own name resolve to
//    127.0.0.1 and then call eddy "same-origin". Its requests still carry
//    `Host: evil.example`, so eddy answers only Host headers that name it:
//    an IP address, localhost (or a name under .localhost), a name without a
//    dot (a docker-compose service such as `eddy`), or one configured with
//    --allowed-hosts.
//  - Cross-origin writes to the admin API: a page may send a "simple"
//    request (form or text/plain content, no custom header) to any origin
//    without a CORS preflight. eddy's state-changing /_eddy/ routes need a
//    content type a simple request cannot have (JSON) or the X-Eddy-Admin
//    header, and eddy answers no CORS for /_eddy/, so a browser never lets a
//    page send those.
//  - CORS for the DynamoDB API stays open to any origin by default, as
//    DynamoDB Local's `-cors *`; a -cors list limits it to those origins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace eddy {

// `host_header` is the Host header as sent (name or address, optional port);
// `allowed` the configured extra names ("*" allows any).
bool HostAllowed(std::string_view host_header, const std::vector<std::string>& allowed);

// Whether a state-changing admin request can only have come from a client
// that is not a cross-origin page's simple request.
bool AdminWriteAllowed(std::string_view content_type, bool has_admin_header);

// The Access-Control-Allow-Origin to answer a request from `origin`: "*" when
// `origins` is empty (any), `origin` itself when listed, empty when refused.
std::string_view CorsAllowOrigin(std::string_view origin, const std::vector<std::string>& origins);

}  // namespace eddy

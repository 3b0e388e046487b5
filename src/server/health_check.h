// `eddy --health-check`: a tiny HTTP client for a container's HEALTHCHECK,
// so the image needs no curl and the check finds the server wherever it
// listens. The server writes its URL to the --address-file once listening;
// the check reads it from there, or else uses the host and port that its
// own flags and EDDY_* variables give.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/options.h"

namespace eddy {

// The address a client on this machine reaches a server listening on
// `listen_host` at: loopback for the wildcard addresses 0.0.0.0 and ::.
std::string LocalAddressFor(const std::string& listen_host);

// "http://host:port", with an IPv6 host in brackets: the URL eddy prints
// when listening and writes to the address file.
std::string ServerUrl(const std::string& host, uint16_t port);

// Writes `url` and a newline to `path` through a temporary file and a
// rename, so a reader never sees half of it. False with `error` on failure.
bool WriteAddressFile(const std::string& path, const std::string& url, std::string* error);

// The inverse of ServerUrl: splits "http://host:port" into host and port.
bool ParseServerUrl(std::string_view url, std::string* host, uint16_t* port);

// GET /_eddy/health from host:port; true if it answers 200 within
// `timeout`. Otherwise false, with the reason in `error`.
bool CheckHealth(const std::string& host, uint16_t port, std::chrono::milliseconds timeout, std::string* error);

// CheckHealth on the server that `options` describe: the URL in
// options.address_file when set (unhealthy if the file is missing), else
// options.host and options.port.
bool CheckServerHealth(const ServerOptions& options, std::chrono::milliseconds timeout, std::string* error);

}  // namespace eddy

// `eddy --health-check`: a tiny HTTP client for the container image's
// HEALTHCHECK, so the image needs no curl and the check finds the port that
// the server's own flags (-port, --port) or EDDY_PORT chose.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace eddy {

// The address a client on this machine reaches a server listening on
// `listen_host` at: loopback for the wildcard addresses 0.0.0.0 and ::.
std::string LocalAddressFor(const std::string& listen_host);

// GET /_eddy/health from host:port; true if it answers 200 within
// `timeout`. Otherwise false, with the reason in `error`.
bool CheckHealth(const std::string& host, uint16_t port, std::chrono::milliseconds timeout, std::string* error);

}  // namespace eddy

// The seam between the stream poller and whatever runs the function
// (functions/function_runner.h, wired in server/main.cc): the poller hands
// over one Lambda event and gets back what Lambda's poller would see.
#pragma once

#include <functional>
#include <string>

namespace eddy::streams {

struct DeliveryResult {
  // The function returned; `payload` is its result as JSON ("null" when it
  // returned nothing). False for an error, a timeout or a crash.
  bool ok = false;
  std::string payload;
  std::string request_id;
};

using DeliverFunction = std::function<DeliveryResult(const std::string& event_json)>;

}  // namespace eddy::streams

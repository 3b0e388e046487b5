// Invocations of InvocationType "Event": queued and run on a small pool of
// threads, as Lambda's asynchronous invocation queue, so Invoke answers 202
// at once. The destructor waits for those in flight.
#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>

namespace eddy::lambda {

class AsyncInvoker {
 public:
  AsyncInvoker() : pool_(2) {}
  ~AsyncInvoker() { pool_.join(); }
  void Run(std::function<void()> invocation) { boost::asio::post(pool_, std::move(invocation)); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace eddy::lambda

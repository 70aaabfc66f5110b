#pragma once

// Internal to hummel_net: an io_context run by a fixed set of threads.

#include <boost/asio/io_context.hpp>

#include <string_view>
#include <thread>
#include <vector>

/// Thread safety: `start` and `join` are called by one owner thread.
namespace hummel::net::detail {

/// Runs `ioc` on `n` threads; a handler's exception is logged and the
/// thread goes on running.
class io_pool {
public:
  /// Starts `n` (at least 1) threads named `name`.
  void start(boost::asio::io_context& ioc, size_t n, std::string_view name);

  /// Joins the threads (call after the context ran out of work or stopped).
  void join();

  /// Returns whether the calling thread is one of the pool's.
  bool on_pool_thread() const;

private:
  std::vector<std::thread> threads_;
};

} // namespace hummel::net::detail

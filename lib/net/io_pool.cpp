#include "net/io_pool.hpp"

#include "common/log.hpp"
#include "net/callbacks.hpp"

#include <pthread.h>

#include <algorithm>
#include <string>

namespace hummel::net::detail {

void io_pool::start(boost::asio::io_context& ioc, size_t n,
                    std::string_view name) {
  n = std::max<size_t>(n, 1);
  for (size_t i = 0; i < n; ++i) {
    threads_.emplace_back([&ioc, tname = std::string{name.substr(0, 15)}] {
      pthread_setname_np(pthread_self(), tname.c_str());
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          HUMMEL_LOG_ERROR(net, "{}: io handler threw: {}", tname, e.what());
        } catch (...) {
          HUMMEL_LOG_ERROR(net, "{}: io handler threw", tname);
        }
      }
    });
  }
}

void io_pool::join() {
  for (auto& t : threads_)
    if (t.joinable())
      t.join();
  threads_.clear();
}

bool io_pool::on_pool_thread() const {
  auto me = std::this_thread::get_id();
  return std::any_of(threads_.begin(), threads_.end(),
                     [me](const std::thread& t) { return t.get_id() == me; });
}

void run_close_callbacks(std::vector<std::function<void()>>& callbacks,
                         std::string_view who) noexcept {
  for (auto& f : callbacks) {
    try {
      f();
    } catch (const std::exception& e) {
      HUMMEL_LOG_ERROR(net, "{}: close callback threw: {}", who, e.what());
    } catch (...) {
      HUMMEL_LOG_ERROR(net, "{}: close callback threw", who);
    }
  }
}

} // namespace hummel::net::detail

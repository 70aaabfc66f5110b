#pragma once

// A test fixture: an http_server on a free loopback port with a handler
// that tests replace.

#include "net/http_server.hpp"
#include "tests/net/http_test_client.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace hummel::test {

/// Forwards to a replaceable function; echoes by default.
class fn_handler : public net::http_handler {
public:
  using fn_type = std::function<void(net::http_request,
                                     std::shared_ptr<net::http_exchange>)>;

  void handle(net::http_request req,
              std::shared_ptr<net::http_exchange> ex) override {
    fn_type f;
    {
      std::lock_guard guard{mu_};
      f = fn_;
    }
    if (f) {
      f(std::move(req), std::move(ex));
      return;
    }
    auto text = req.method + " " + req.target + " " + req.body;
    ex->respond(200, {{"Content-Type", "text/plain"}}, text);
  }

  /// Replaces the behaviour.
  void set(fn_type f) {
    std::lock_guard guard{mu_};
    fn_ = std::move(f);
  }

private:
  std::mutex mu_;
  fn_type fn_;
};

/// Starts a server with `opts` (port 0 unless set) on construction.
class http_fixture : public ::testing::Test {
protected:
  /// Starts the server; call from the test body after adjusting `opts_`.
  void start() {
    server_ = std::make_unique<net::http_server>(opts_, handler_);
    auto err = server_->start();
    ASSERT_FALSE(err) << *err;
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  /// Sends `req` on a fresh connection and reads the reply.
  std::optional<http_reply> exchange(const std::string& req) {
    raw_conn c{port_};
    if (!c.ok() || !c.send(req))
      return std::nullopt;
    return c.read_reply();
  }

  /// A request with the right Host header.
  std::string request(const std::string& method, const std::string& target,
                      const std::string& body = {},
                      const std::vector<std::string>& headers = {}) {
    return make_request(method, target, port_, body, headers);
  }

  net::http_options opts_ = [] {
    net::http_options o;
    o.port = 0;
    return o;
  }();
  fn_handler handler_;
  std::unique_ptr<net::http_server> server_;
  uint16_t port_ = 0;
};

} // namespace hummel::test

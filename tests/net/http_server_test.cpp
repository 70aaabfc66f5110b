#include "net/http_server.hpp"

#include "tests/net/http_fixture.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using hummel::test::http_fixture;
using hummel::test::raw_conn;
using hummel::test::wait_until;
namespace net = hummel::net;

using http_server = http_fixture;

TEST_F(http_server, post_round_trip_passes_request_fields) {
  net::http_request seen;
  handler_.set([&](net::http_request req, auto ex) {
    seen = req;
    ex->respond(200, {{"Content-Type", "application/json"}}, R"({"ok":1})");
  });
  start();
  auto r = exchange(
    request("POST", "/mcp?x=y", R"({"a":1})", {"X-Thing:   padded value  "}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"ok":1})");
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->header("content-length"), "8");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/mcp?x=y");
  EXPECT_EQ(seen.body, R"({"a":1})");
  ASSERT_NE(seen.header("x-thing"), nullptr);
  EXPECT_EQ(*seen.header("x-thing"), "padded value");
  EXPECT_EQ(seen.header("X-Thing"), nullptr); // names are lower-case
  EXPECT_EQ(seen.peer.rfind("127.0.0.1:", 0), 0u) << seen.peer;
}

TEST_F(http_server, keep_alive_serves_two_requests_on_one_connection) {
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send(request("POST", "/mcp", "one")));
  auto r1 = c.read_reply();
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->body, "POST /mcp one");
  EXPECT_NE(r1->header("connection"), "close");
  ASSERT_TRUE(c.send(request("POST", "/mcp", "two")));
  auto r2 = c.read_reply();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->body, "POST /mcp two");
  EXPECT_EQ(server_->open_connections(), 1u);
}

TEST_F(http_server, pipelined_requests_are_answered_in_order) {
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send(request("POST", "/mcp", "a") + request("GET", "/mcp")
                     + request("DELETE", "/mcp")));
  for (std::string expected :
       std::vector<std::string>{"POST /mcp a", "GET /mcp ", "DELETE /mcp "}) {
    auto r = c.read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, expected);
  }
}

TEST_F(http_server, methods_are_passed_to_the_handler) {
  handler_.set([](net::http_request req, auto ex) {
    if (req.method == "PUT")
      ex->respond(405, {{"Allow", "GET, POST, DELETE"}}, "");
    else
      ex->respond(200, {}, req.method);
  });
  start();
  auto put = exchange(request("PUT", "/mcp", "x"));
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(put->header("allow"), "GET, POST, DELETE");
  auto del = exchange(request("DELETE", "/mcp"));
  ASSERT_TRUE(del);
  EXPECT_EQ(del->body, "DELETE");
}

TEST_F(http_server, wrong_path_gets_404) {
  start();
  auto r = exchange(request("POST", "/other", "{}"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->header("content-type"), "application/json");
  auto prefix = exchange(request("POST", "/mcpx", "{}"));
  ASSERT_TRUE(prefix);
  EXPECT_EQ(prefix->status, 404);
}

TEST_F(http_server, body_over_the_limit_gets_413_with_a_json_rpc_error) {
  start();
  raw_conn c{port_};
  std::string big(5u << 20, 'x');
  ASSERT_TRUE(c.send(request("POST", "/mcp", big)));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->body, R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,)"
                     R"("message":"request body larger than 4 MiB"}})");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.wait_eof());
}

TEST_F(http_server, chunked_bodies_are_decoded_and_limited) {
  start();
  auto chunked = [&](const std::string& body) {
    std::string s
      = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_)
        + "\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (size_t i = 0; i < body.size(); i += 1u << 20) {
      auto part = body.substr(i, 1u << 20);
      char size[32];
      std::snprintf(size, sizeof(size), "%zx\r\n", part.size());
      s += size + part + "\r\n";
    }
    return s + "0\r\n\r\n";
  };
  auto small = exchange(chunked("hello chunks"));
  ASSERT_TRUE(small);
  EXPECT_EQ(small->body, "POST /mcp hello chunks");
  auto exact = exchange(chunked(std::string(4u << 20, 'y')));
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->status, 200);
  EXPECT_EQ(exact->body.size(), (4u << 20) + 10);
  auto big = exchange(chunked(std::string(5u << 20, 'z')));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

TEST_F(http_server, malformed_requests_get_400_and_close) {
  start();
  for (std::string bad : std::vector<std::string>{
         "GARBAGE\r\n\r\n",
         "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon"
         "\r\n\r\n",
         "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
         "Content-Length: abc\r\n\r\n",
         "GET /mcp HTTP/1.1\r\n\r\n"}) { // no Host
    raw_conn c{port_};
    ASSERT_TRUE(c.send(bad));
    auto r = c.read_reply();
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_TRUE(c.wait_eof()) << bad;
  }
}

TEST_F(http_server, oversized_header_gets_431) {
  start();
  auto r = exchange(
    request("POST", "/mcp", "{}", {"X-Big: " + std::string(20000, 'h')}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST_F(http_server, expect_100_continue_is_honoured) {
  start();
  raw_conn c{port_};
  std::string body(2000, 'b');
  auto req = request("POST", "/mcp", body, {"Expect: 100-continue"});
  ASSERT_TRUE(c.send(req.substr(0, req.size() - body.size())));
  auto cont = c.read_reply();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.send(body));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "POST /mcp " + body);
}

TEST_F(http_server, http_1_0_without_host_is_served_and_closed) {
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send("GET /mcp HTTP/1.0\r\n\r\n"));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.wait_eof());
}

TEST_F(http_server, port_taken_gives_a_clear_error) {
  start();
  net::http_options o;
  o.port = port_;
  hummel::test::fn_handler h;
  net::http_server second{o, h};
  auto err = second.start();
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "cannot listen on 127.0.0.1:" + std::to_string(port_)
                    + ": address already in use");
  o.address = "not-an-address";
  net::http_server third{o, h};
  auto err3 = third.start();
  ASSERT_TRUE(err3);
  EXPECT_EQ(err3->find("cannot listen on not-an-address:"), 0u) << *err3;
}

TEST_F(http_server, handler_answers_later_from_another_thread) {
  std::promise<std::shared_ptr<net::http_exchange>> got;
  handler_.set([&](auto, auto ex) { got.set_value(ex); });
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send(request("POST", "/mcp", "{}")));
  auto fut = got.get_future();
  ASSERT_EQ(fut.wait_for(3s), std::future_status::ready);
  auto ex = fut.get();
  EXPECT_FALSE(ex->closed());
  std::atomic<int> closes{0};
  ex->on_close([&] { ++closes; });
  std::thread answer{[ex] { ex->respond(202, {}, ""); }};
  answer.join();
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);
  ASSERT_TRUE(wait_until([&] { return ex->closed(); }, 3s));
  EXPECT_EQ(closes.load(), 1);
  ex->respond(500, {}, "ignored"); // a second answer does nothing
  int late = 0;
  ex->on_close([&] { ++late; }); // runs at once
  EXPECT_EQ(late, 1);
}

TEST_F(http_server, peer_disconnect_closes_a_pending_exchange) {
  std::promise<std::shared_ptr<net::http_exchange>> got;
  std::atomic<int> closes{0};
  handler_.set([&](auto, auto ex) {
    ex->on_close([&] { ++closes; });
    got.set_value(ex);
  });
  start();
  auto c = std::make_unique<raw_conn>(port_);
  ASSERT_TRUE(c->send(request("POST", "/mcp", "{}")));
  auto fut = got.get_future();
  ASSERT_EQ(fut.wait_for(3s), std::future_status::ready);
  auto ex = fut.get();
  c.reset();
  ASSERT_TRUE(wait_until([&] { return closes.load() == 1; }, 3s));
  EXPECT_TRUE(ex->closed());
  ex->respond(200, {}, "too late"); // harmless
  ASSERT_TRUE(wait_until([&] { return server_->open_connections() == 0; }, 3s));
}

TEST_F(http_server, idle_keep_alive_connections_time_out) {
  opts_.idle_timeout = 1s;
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send(request("POST", "/mcp", "x")));
  ASSERT_TRUE(c.read_reply());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_eof(5000));
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(waited, 900ms);
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }, 3s));
}

TEST_F(http_server, stop_closes_connections_and_runs_callbacks) {
  std::atomic<int> closes{0};
  std::vector<std::shared_ptr<net::http_exchange>> kept;
  std::mutex mu;
  handler_.set([&](auto, auto ex) {
    ex->on_close([&] { ++closes; });
    ex->start_stream(200, {});
    std::lock_guard guard{mu};
    kept.push_back(ex);
  });
  start();
  raw_conn a{port_};
  raw_conn b{port_};
  ASSERT_TRUE(a.send(request("GET", "/mcp")));
  ASSERT_TRUE(b.send(request("GET", "/mcp")));
  ASSERT_TRUE(a.read_until("\r\n\r\n"));
  ASSERT_TRUE(b.read_until("\r\n\r\n"));
  EXPECT_EQ(server_->open_streams(), 2u);
  server_->stop();
  EXPECT_EQ(closes.load(), 2);
  EXPECT_EQ(server_->open_connections(), 0u);
  EXPECT_EQ(server_->open_streams(), 0u);
  EXPECT_TRUE(a.wait_eof());
  EXPECT_TRUE(b.wait_eof());
  std::lock_guard guard{mu};
  for (auto& ex : kept)
    EXPECT_FALSE(ex->send_event("after stop"));
  server_.reset(); // exchanges outlive the server safely
  EXPECT_TRUE(kept.front()->closed());
}

TEST_F(http_server, several_io_threads_serve_concurrent_clients) {
  opts_.threads = 2;
  start();
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t)
    clients.emplace_back([&, t] {
      raw_conn c{port_};
      for (int i = 0; i < 50; ++i) {
        auto body = std::to_string(t) + "-" + std::to_string(i);
        if (!c.send(request("POST", "/mcp", body)))
          return;
        auto r = c.read_reply();
        if (r && r->body == "POST /mcp " + body)
          ++ok;
      }
    });
  for (auto& t : clients)
    t.join();
  EXPECT_EQ(ok.load(), 8 * 50);
  EXPECT_TRUE(wait_until([&] { return server_->open_connections() == 0; }, 3s));
}

TEST_F(http_server, connections_are_dealt_to_the_io_threads_and_stay_on_one) {
  // Each io thread runs its own context: two connections land on two
  // threads, and all of one connection's requests on the same one.
  opts_.threads = 2;
  std::mutex mu;
  std::map<std::string, std::set<std::thread::id>> seen; // by connection
  handler_.set([&](net::http_request req, auto ex) {
    {
      std::lock_guard guard{mu};
      seen[req.peer].insert(std::this_thread::get_id());
    }
    ex->respond(200, {}, "ok");
  });
  start();
  raw_conn a{port_};
  raw_conn b{port_};
  for (int i = 0; i < 20; ++i)
    for (auto* c : {&a, &b}) {
      ASSERT_TRUE(c->send(request("POST", "/mcp", "x")));
      ASSERT_TRUE(c->read_reply());
    }
  std::lock_guard guard{mu};
  ASSERT_EQ(seen.size(), 2u);
  std::set<std::thread::id> all;
  for (auto& [peer, threads] : seen) {
    EXPECT_EQ(threads.size(), 1u) << peer;
    all.insert(threads.begin(), threads.end());
  }
  EXPECT_EQ(all.size(), 2u);
}

#include "net/http_format.hpp"
#include "tests/net/http_fixture.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using hummel::test::count_fds;
using hummel::test::count_threads;
using hummel::test::http_fixture;
using hummel::test::raw_conn;
using hummel::test::wait_until;
namespace net = hummel::net;

using http_stream = http_fixture;

TEST(sse_format, events_ids_retry_and_multi_line_data) {
  EXPECT_EQ(net::format_sse_event("{\"a\":1}", "", {}), "data: {\"a\":1}\n\n");
  EXPECT_EQ(net::format_sse_event("x", "7", 1500),
            "id: 7\nretry: 1500\ndata: x\n\n");
  EXPECT_EQ(net::format_sse_event("a\nb\r\nc\rd", "", {}),
            "data: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(net::format_sse_event("", "prime-1", {}), "id: prime-1\ndata:\n\n");
  EXPECT_EQ(net::format_sse_event("end\n", "", {}), "data: end\ndata:\n\n");
  EXPECT_EQ(net::format_sse_event("x", "bad\nid\r", -1),
            "id: badid\ndata: x\n\n");
  EXPECT_EQ(net::format_sse_comment("keep\nalive"), ": keep alive\n\n");
  EXPECT_EQ(net::format_sse_comment(""), ":\n\n");
  EXPECT_EQ(net::format_chunk("hello"), "5\r\nhello\r\n");
  EXPECT_EQ(net::format_chunk(""), "");
}

TEST(sse_format, response_heads_drop_framing_and_injection) {
  net::response_framing f;
  f.content_length = 2;
  auto head = net::format_response_head(200,
                                        {{"X-A", "1\r\nX-Injected: 1"},
                                         {"Content-Length", "99"},
                                         {"Bad Name", "v"}},
                                        f);
  EXPECT_EQ(head, "HTTP/1.1 200 OK\r\nX-A: 1X-Injected: 1\r\n"
                  "Content-Length: 2\r\n\r\n");
}

TEST_F(http_stream, events_are_framed_and_the_connection_is_reused) {
  handler_.set([](net::http_request req, auto ex) {
    if (req.method != "GET")
      return ex->respond(200, {}, "after");
    ex->start_stream(200, {{"Mcp-Session-Id", "abc"}});
    EXPECT_TRUE(ex->send_event("{\"a\":1}", "7", 2000));
    EXPECT_TRUE(ex->send_event("l1\nl2\r\nl3"));
    EXPECT_TRUE(ex->send_comment("ping"));
    ex->end_stream();
    EXPECT_FALSE(ex->send_event("after the end"));
  });
  start();
  raw_conn c{port_};
  ASSERT_TRUE(
    c.send(request("GET", "/mcp", "", {"Accept: text/event-stream"})));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->header("content-type"), "text/event-stream");
  EXPECT_EQ(r->header("cache-control"), "no-cache");
  EXPECT_EQ(r->header("mcp-session-id"), "abc");
  EXPECT_EQ(r->body, "id: 7\nretry: 2000\ndata: {\"a\":1}\n\n"
                     "data: l1\ndata: l2\ndata: l3\n\n"
                     ": ping\n\n");
  ASSERT_TRUE(c.send(request("POST", "/mcp", "{}")));
  auto again = c.read_reply();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "after");
  EXPECT_TRUE(wait_until([&] { return server_->open_streams() == 0; }, 3s));
}

TEST_F(http_stream, events_sent_later_from_another_thread_arrive) {
  std::shared_ptr<net::http_exchange> stream;
  std::mutex mu;
  handler_.set([&](auto, auto ex) {
    ex->start_stream(200, {});
    std::lock_guard guard{mu};
    stream = ex;
  });
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send(request("GET", "/mcp")));
  ASSERT_TRUE(c.read_until("\r\n\r\n"));
  c.take(c.buffered().find("\r\n\r\n") + 4);
  std::thread sender{[&] {
    std::lock_guard guard{mu};
    for (int i = 0; i < 3; ++i)
      stream->send_event("n" + std::to_string(i));
  }};
  sender.join();
  for (int i = 0; i < 3; ++i) {
    auto chunk = c.read_chunk();
    ASSERT_TRUE(chunk);
    EXPECT_EQ(*chunk, "data: n" + std::to_string(i) + "\n\n");
  }
  c.close();
  ASSERT_TRUE(wait_until([&] { return stream->closed(); }, 3s));
  EXPECT_FALSE(stream->send_event("gone"));
  EXPECT_TRUE(wait_until([&] { return server_->open_streams() == 0; }, 3s));
}

// Acceptance: 500 idle SSE streams hold no thread and do not slow a POST;
// closing them leaks no fd, stream or callback.
TEST_F(http_stream, five_hundred_idle_streams_cost_no_thread_nor_latency) {
  constexpr int n = 500;
  std::mutex mu;
  std::vector<std::shared_ptr<net::http_exchange>> streams;
  std::atomic<int> closes{0};
  handler_.set([&](net::http_request req, auto ex) {
    if (req.method == "POST")
      return ex->respond(200, {{"Content-Type", "application/json"}},
                         R"({"jsonrpc":"2.0","id":1,"result":{}})");
    ex->on_close([&] { ++closes; });
    ex->start_stream(200, {});
    std::lock_guard guard{mu};
    streams.push_back(ex);
  });
  start();
  auto fds0 = count_fds();
  auto threads0 = count_threads();
  std::vector<raw_conn> clients;
  clients.reserve(n);
  for (int i = 0; i < n; ++i) {
    clients.emplace_back(port_);
    ASSERT_TRUE(clients.back().send(
      request("GET", "/mcp", "", {"Accept: text/event-stream"})));
  }
  for (auto& c : clients)
    ASSERT_TRUE(c.read_until("\r\n\r\n"));
  ASSERT_TRUE(wait_until([&] { return server_->open_streams() == n; }, 5s));
  EXPECT_EQ(count_threads(), threads0);
  EXPECT_EQ(count_fds(), fds0 + 2 * n);

  // POST latency with 500 streams open, on a keep-alive connection.
  raw_conn post{port_};
  std::vector<double> ms;
  for (int i = 0; i < 50; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(post.send(request("POST", "/mcp", R"({"id":1})")));
    auto r = post.read_reply();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    ms.push_back(std::chrono::duration<double, std::milli>(
                   std::chrono::steady_clock::now() - t0)
                   .count());
  }
  auto first = ms.front();
  std::sort(ms.begin(), ms.end());
  std::printf("[500 streams] POST latency: first %.3f ms, p50 %.3f ms, "
              "max %.3f ms; threads %zu (baseline %zu)\n",
              first, ms[ms.size() / 2], ms.back(), count_threads(), threads0);
  // The median, not the maximum: other builds share this machine's cores.
  EXPECT_LT(ms[ms.size() / 2], 5.0);

  // One event to every stream.
  auto t0 = std::chrono::steady_clock::now();
  {
    std::lock_guard guard{mu};
    for (auto& s : streams)
      ASSERT_TRUE(s->send_event(R"({"method":"notifications/x"})"));
  }
  for (auto& c : clients)
    ASSERT_TRUE(c.read_until("notifications/x"));
  std::printf("[500 streams] one event to all: %.3f ms\n",
              std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - t0)
                .count());

  post.close();
  clients.clear();
  ASSERT_TRUE(wait_until(
    [&] {
      return server_->open_streams() == 0 && server_->open_connections() == 0;
    },
    5s));
  EXPECT_EQ(closes.load(), n);
  {
    std::lock_guard guard{mu};
    for (auto& s : streams) {
      EXPECT_TRUE(s->closed());
      EXPECT_EQ(s.use_count(), 1); // the server holds no reference
    }
    streams.clear();
  }
  EXPECT_EQ(count_fds(), fds0);
  EXPECT_EQ(count_threads(), threads0);
}

TEST_F(http_stream, an_event_from_another_thread_follows_the_stream_start) {
  // The dashboard opens a stream on the io thread and its session sends
  // the first event from a CAF worker at once: the event must not overtake
  // the start (with a one-thread context hint, the io thread's post went
  // to its private queue and the worker's ahead of it, and the event was
  // dropped).
  opts_.threads = 2;
  handler_.set([](net::http_request, auto ex) {
    ex->start_stream(200, {});
    std::thread other{[ex] {
      EXPECT_TRUE(ex->send_event("first"));
      ex->end_stream();
    }};
    other.join(); // both posted before this handler returns
  });
  start();
  for (int i = 0; i < 4; ++i) { // both io threads, twice
    raw_conn c{port_};
    ASSERT_TRUE(
      c.send(request("GET", "/mcp", "", {"Accept: text/event-stream"})));
    auto r = c.read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "data: first\n\n") << "connection " << i;
  }
}

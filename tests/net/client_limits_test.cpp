// Bounded memory and connections for clients (issue 11, finding 2 and the
// 300 s partial heads of point 6): the output budget, connection caps,
// the header timeout, refusals.

#include "net/client_limits.hpp"

#include "net/line_client.hpp"
#include "net/line_server.hpp"
#include "tests/net/http_fixture.hpp"
#include "tests/support/memory.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

using namespace std::chrono_literals;
using namespace hummel::test;
namespace net = hummel::net;

namespace {

class client_limits : public http_fixture {};

} // namespace

TEST(output_budget, past_the_budget_only_a_holder_over_its_share_is_refused) {
  net::output_budget b{1u << 20};
  EXPECT_TRUE(b.admits(0, 4u << 20)); // holds nothing: always admitted
  b.charge(0, 900u << 10);            // A
  b.charge(0, 100u << 10);            // B
  EXPECT_EQ(b.holders(), 2u);
  EXPECT_EQ(b.used(), 1000u << 10);
  // Over the budget: the share is 512 KiB each.
  EXPECT_FALSE(b.admits(900u << 10, 100u << 10)); // A holds too much
  EXPECT_TRUE(b.admits(100u << 10, 100u << 10));  // B does not
  b.refund(900u << 10, 900u << 10);
  EXPECT_EQ(b.holders(), 1u);
  EXPECT_EQ(b.used(), 100u << 10);
  EXPECT_EQ(b.peak(), 1000u << 10);
  EXPECT_TRUE(b.admits(100u << 10, 900u << 10));
}

// Finding 2: followers that never read, on a fast stream, used to keep up to
// 16 MiB each (100 of them: RSS 15 MB -> 2.1 GB). Now the buffered bytes stay
// within the budget, the non-readers are cut, and a reader keeps its stream.
TEST_F(client_limits, non_reading_followers_stay_within_the_output_budget) {
  constexpr int followers = 10;
  constexpr size_t budget = 1u << 20;
  opts_.limits.budget = std::make_shared<net::output_budget>(budget);
  std::mutex mu;
  std::vector<std::shared_ptr<net::http_exchange>> streams;
  handler_.set([&](auto, auto ex) {
    ex->start_stream(200, {});
    std::lock_guard guard{mu};
    streams.push_back(ex);
  });
  start();
  auto rss0 = rss_bytes();
  std::vector<raw_conn> idle;
  for (int i = 0; i < followers; ++i) {
    idle.emplace_back(port_);
    int small = 4096;
    ::setsockopt(idle.back().fd(), SOL_SOCKET, SO_RCVBUF, &small,
                 sizeof(small));
    ASSERT_TRUE(idle.back().send(request("GET", "/mcp")));
  }
  raw_conn reader{port_};
  ASSERT_TRUE(reader.send(request("GET", "/mcp")));
  ASSERT_TRUE(
    wait_until([&] { return server_->open_streams() == followers + 1u; }, 5s));
  // The reader's exchange is the last one opened.
  ASSERT_TRUE(reader.read_until("\r\n\r\n"));
  {
    std::lock_guard guard{mu};
    ASSERT_EQ(streams.size(), followers + 1u);
  }
  std::atomic<bool> stop{false};
  std::atomic<size_t> sent{0};
  // Until every non-reader is cut (at least 2 s; at most 10 s: a slow
  // build, e.g. under a sanitizer, needs longer to fill their buffers).
  std::thread pump{[&] {
    std::string event(32u << 10, 'x');
    auto start = std::chrono::steady_clock::now();
    for (;;) {
      auto ran = std::chrono::steady_clock::now() - start;
      if (stop || ran > 10s || (ran > 2s && server_->open_streams() <= 1u))
        break;
      std::vector<std::shared_ptr<net::http_exchange>> all;
      {
        std::lock_guard guard{mu};
        all = streams;
      }
      for (auto& ex : all)
        if (ex->send_event(event))
          sent += event.size();
      std::this_thread::sleep_for(2ms);
    }
  }};
  // The reader reads all along.
  size_t got = 0;
  std::atomic<bool> pumping{true};
  std::thread watch{[&] {
    pump.join();
    pumping = false;
  }};
  auto until = std::chrono::steady_clock::now() + 12s;
  while (pumping && std::chrono::steady_clock::now() < until) {
    if (reader.read_bytes(1, 100))
      got += reader.take(reader.buffered().size()).size();
  }
  stop = true;
  watch.join();
  auto peak = server_->budget().peak();
  // Every non-reader may add one event while it holds nothing, and hold up
  // to its share (at least min_share): a bounded overshoot.
  EXPECT_LE(peak, budget + followers * (net::output_budget::min_share + 40000))
    << "peak " << peak;
  EXPECT_GT(sent.load(), 8 * budget) << "the pump sent too little to tell";
  EXPECT_TRUE(wait_until([&] { return server_->open_streams() == 1u; }, 5s))
    << server_->open_streams() << " streams still open";
  // Each cut follower sees the cut without reading a byte: a reset (a FIN
  // would wait for ever behind the data it does not read).
  for (auto& c : idle) {
    EXPECT_TRUE(wait_until(
      [&] {
        pollfd p{c.fd(), POLLRDHUP | POLLHUP | POLLERR, 0};
        return ::poll(&p, 1, 0) == 1
               && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
      },
      2s))
      << "a cut follower cannot tell it was cut";
  }
  EXPECT_GT(got, 1u << 20) << "the reading client was starved";
  if (rss_is_meaningful) {
    EXPECT_LT(rss_bytes(), rss0 + budget + (40u << 20));
  }
}

// The 100 hostile followers of acceptance 3: the kernel took megabytes for
// each non-reader before `unsent` grew (it counted only what the
// connection still queued), so each fetched lines for seconds, and the
// other clients waited for the workers meanwhile. `unsent` now counts the
// socket's send queue too.
TEST_F(client_limits, unsent_counts_what_the_kernel_holds_for_a_non_reader) {
  std::shared_ptr<net::http_exchange> stream;
  std::mutex mu;
  handler_.set([&](auto, auto ex) {
    ex->start_stream(200, {});
    std::lock_guard guard{mu};
    stream = ex;
  });
  start();
  raw_conn idle{port_};
  int small = 4096;
  ::setsockopt(idle.fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
  ASSERT_TRUE(idle.send(request("GET", "/mcp")));
  ASSERT_TRUE(wait_until(
    [&] {
      std::lock_guard guard{mu};
      return stream != nullptr;
    },
    5s));
  std::string event(8u << 10, 'x');
  for (int i = 0; i < 16; ++i) // 128 KiB, nothing of it read
    ASSERT_TRUE(stream->send_event(event));
  // The connection hands it all to the kernel; it stays unsent for us.
  std::this_thread::sleep_for(200ms);
  EXPECT_GE(stream->unsent(), 64u << 10) << "the kernel's queue is not seen";
  // Read all of it: nothing is unsent any more.
  int large = 1 << 20;
  ::setsockopt(idle.fd(), SOL_SOCKET, SO_RCVBUF, &large, sizeof(large));
  size_t got = 0;
  EXPECT_TRUE(wait_until(
    [&] {
      if (idle.read_bytes(1, 50))
        got += idle.take(idle.buffered().size()).size();
      return stream->unsent() == 0;
    },
    5s))
    << stream->unsent() << " still unsent after reading " << got;
  stream->end_stream();
}

TEST_F(client_limits, over_the_connection_cap_gets_503_with_retry_after) {
  opts_.limits.max_connections = 3;
  start();
  std::vector<raw_conn> held;
  for (int i = 0; i < 3; ++i) {
    held.emplace_back(port_);
    ASSERT_TRUE(held.back().ok());
  }
  ASSERT_TRUE(
    wait_until([&] { return server_->open_connections() == 3u; }, 3s));
  auto reply = exchange(request("POST", "/mcp", "{}"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 503);
  EXPECT_EQ(reply->header("retry-after"), "5");
  EXPECT_NE(reply->body.find(R"("jsonrpc":"2.0")"), std::string::npos);
  EXPECT_NE(reply->body.find("too many open connections"), std::string::npos)
    << reply->body;
  EXPECT_EQ(server_->refused(), 1u);
  held.pop_back(); // room again
  ASSERT_TRUE(
    wait_until([&] { return server_->open_connections() == 2u; }, 3s));
  auto ok = exchange(request("POST", "/mcp", "{}"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(client_limits, over_the_per_address_cap_gets_503) {
  opts_.limits.max_per_address = 2;
  start();
  raw_conn a{port_};
  raw_conn b{port_};
  ASSERT_TRUE(
    wait_until([&] { return server_->open_connections() == 2u; }, 3s));
  auto reply = exchange(request("POST", "/mcp", "{}"));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 503);
  EXPECT_NE(reply->body.find("from 127.0.0.1"), std::string::npos)
    << reply->body;
}

// Point 6: a partial request head used to be kept for 300 s (the idle
// timeout); now it is dropped after the header timeout.
TEST_F(client_limits,
       a_partial_request_head_is_dropped_after_the_header_timeout) {
  opts_.limits.header_timeout = 1s;
  start();
  raw_conn c{port_};
  ASSERT_TRUE(c.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1"));
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_eof(5000));
  auto waited = std::chrono::steady_clock::now() - t0;
  EXPECT_GE(waited, 800ms);
  EXPECT_LT(waited, 4s);
  // A slow trickle does not keep it either.
  raw_conn d{port_};
  t0 = std::chrono::steady_clock::now();
  bool open = true;
  for (int i = 0; i < 40 && open; ++i) {
    open = d.send("X");
    std::this_thread::sleep_for(100ms);
    if (d.wait_eof(1))
      open = false;
  }
  EXPECT_FALSE(open);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 4s);
  // A keep-alive connection between requests still has the idle timeout.
  raw_conn k{port_};
  ASSERT_TRUE(k.send(request("POST", "/mcp", "x")));
  ASSERT_TRUE(k.read_reply());
  EXPECT_FALSE(k.wait_eof(1500)); // idle 300 s, not 1 s
  ASSERT_TRUE(k.send(request("POST", "/mcp", "y")));
  EXPECT_TRUE(k.read_reply());
}

// Finding 2: 19,990 idle connections reached the descriptor limit and new
// requests timed out. Now a connection accepted within the reserve is
// refused at once, so descriptors stay free for the daemon itself.
TEST_F(client_limits, connections_within_the_descriptor_reserve_are_refused) {
  opts_.limits.fd_reserve = 16;
  start();
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = count_fds() + 40;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<raw_conn> held;
  std::optional<http_reply> refused;
  for (int i = 0; i < 30 && !refused; ++i) {
    raw_conn c{port_};
    if (!c.ok() || !c.send(request("POST", "/mcp", "{}")))
      break;
    auto reply = c.read_reply();
    if (reply && reply->status == 503)
      refused = reply;
    else
      held.push_back(std::move(c));
  }
  held.clear();
  ::setrlimit(RLIMIT_NOFILE, &saved);
  ASSERT_TRUE(refused) << "no refusal before the descriptors ran out";
  EXPECT_NE(refused->body.find("too many open descriptors"), std::string::npos)
    << refused->body;
  EXPECT_EQ(refused->header("retry-after"), "5");
  EXPECT_GE(server_->refused(), 1u);
}

TEST(line_limits, over_the_connection_cap_gets_an_error_line) {
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0700);
  auto sock = tmp.path() / "p.sock";
  struct nop : net::line_handler {
    void on_open(std::shared_ptr<net::line_connection>) override {
    }
    void on_line(const std::shared_ptr<net::line_connection>& c,
                 std::string l) override {
      c->send_line(l);
    }
  } h;
  net::client_limits limits;
  limits.max_connections = 2;
  net::line_server server{sock, h, 1024, limits};
  ASSERT_FALSE(server.start());
  net::line_client a;
  net::line_client b;
  ASSERT_FALSE(a.connect(sock));
  ASSERT_FALSE(b.connect(sock));
  ASSERT_TRUE(wait_until([&] { return server.open_connections() == 2u; }, 3s));
  net::line_client c;
  ASSERT_FALSE(c.connect(sock));
  std::string line;
  ASSERT_FALSE(c.read_line(line, 3s));
  EXPECT_NE(line.find("too many open connections"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("jsonrpc":"2.0")"), std::string::npos) << line;
  auto closed = c.read_line(line, 3s);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->code, net::client_errc::closed);
  EXPECT_EQ(server.refused(), 1u);
  ASSERT_FALSE(a.send_line("still served"));
  ASSERT_FALSE(a.read_line(line, 3s));
  EXPECT_EQ(line, "still served");
}

// `hummel logs -f` over the unix socket: the follow had no way to see that
// its reader lagged (a line connection reported nothing unsent), so it
// queued batch after batch (the soak's RSS swung by 20 MB). Now it counts
// what the connection queues and what the socket's send queue holds.
TEST(line_limits, unsent_counts_what_a_non_reading_peer_holds) {
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0700);
  auto sock = tmp.path() / "p.sock";
  struct keep : net::line_handler {
    void on_open(std::shared_ptr<net::line_connection> c) override {
      std::lock_guard guard{mu};
      conn = std::move(c);
    }
    void on_line(const std::shared_ptr<net::line_connection>&,
                 std::string) override {
    }
    std::shared_ptr<net::line_connection> get() {
      std::lock_guard guard{mu};
      return conn;
    }
    std::mutex mu;
    std::shared_ptr<net::line_connection> conn;
  } h;
  net::line_server server{sock, h, 1024, net::client_limits{}};
  ASSERT_FALSE(server.start());
  net::line_client client;
  ASSERT_FALSE(client.connect(sock));
  ASSERT_TRUE(wait_until([&] { return h.get() != nullptr; }, 3s));
  auto conn = h.get();
  std::string line(8u << 10, 'x');
  for (int i = 0; i < 64; ++i) // 512 KiB, nothing of it read yet
    ASSERT_TRUE(conn->send_line(line));
  EXPECT_GE(conn->unsent(), 256u << 10) << "a lagging reader is not seen";
  std::string got;
  for (int i = 0; i < 64; ++i) {
    ASSERT_FALSE(client.read_line(got, 3s));
    ASSERT_EQ(got.size(), line.size());
  }
  EXPECT_TRUE(wait_until([&] { return conn->unsent() == 0; }, 3s))
    << conn->unsent() << " still unsent after reading everything";
}

namespace hummel::net {
namespace {

TEST(trim_schedule, trims_at_an_event_and_for_a_while_after_it) {
  trim_schedule t{3};
  EXPECT_FALSE(t.check(false)) << "nothing freed yet";
  EXPECT_TRUE(t.check(true));
  // Memory freed after the event (an actor that ends after its connection)
  // is given back by the follow-up trims; the old rule trimmed only here.
  EXPECT_TRUE(t.check(false));
  EXPECT_TRUE(t.check(false));
  EXPECT_TRUE(t.check(false));
  EXPECT_FALSE(t.check(false)) << "then idle again";
  EXPECT_FALSE(t.check(false));
  EXPECT_TRUE(t.check(true)) << "a new event starts over";
  EXPECT_TRUE(t.check(false));
}

} // namespace
} // namespace hummel::net

// The daemon side of `hummel ui` as the client sees it, against a scripted
// peer on a unix socket: the hummel/watch request (method, _meta), the
// snapshot and a delta read without blocking and applied to the table, the
// log follower's first call and follow call (from the cursor, with a
// progress token, lines once each), and a closed connection noticed.

#include "main/cli/ui/feed.hpp"
#include "main/cli/ui/model.hpp"
#include "mcp/protocol.hpp"
#include "tests/support/binaries.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <thread>

using namespace hummel::ui;
using nlohmann::json;

namespace {

/// One accepted connection of a scripted peer, read and written by lines.
struct peer {
  int listen_fd = -1;
  int fd = -1;
  std::string buf;

  explicit peer(const std::filesystem::path& path) {
    listen_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    ::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(listen_fd, 4);
  }
  ~peer() {
    if (fd >= 0)
      ::close(fd);
    ::close(listen_fd);
  }
  void accept() {
    fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  }
  json read() {
    for (;;) {
      auto nl = buf.find('\n');
      if (nl != std::string::npos) {
        auto line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        return json::parse(line);
      }
      char chunk[4096];
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0)
        return json();
      auto n = ::recv(fd, chunk, sizeof(chunk), 0);
      if (n <= 0)
        return json();
      buf.append(chunk, static_cast<size_t>(n));
    }
  }
  void write(const json& x) {
    auto line = x.dump() + "\n";
    ASSERT_EQ(::send(fd, line.data(), line.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(line.size()));
  }
};

/// Reads messages of `c` until `n` have come (or 5 s).
std::vector<json> receive(feed_conn& c, size_t n) {
  std::vector<json> out;
  for (int i = 0; i < 500 && out.size() < n; ++i) {
    pollfd p{c.fd(), POLLIN, 0};
    ::poll(&p, 1, 10);
    if (!c.drain(out))
      break;
  }
  return out;
}

json item(const std::string& name, const std::string& status) {
  return json{{"name", name}, {"status", status}};
}

} // namespace

TEST(cli_ui_feed, watch_request_then_snapshot_and_delta_reach_the_table) {
  bin_test::temp_dir dir;
  auto path = dir.path / "s.sock";
  peer p{path};
  feed_conn c;
  std::string error;
  ASSERT_TRUE(c.connect(path, error)) << error;
  p.accept();
  auto id = c.request("hummel/watch", json::object());
  ASSERT_NE(id, 0);
  auto req = p.read();
  EXPECT_EQ(req["method"], "hummel/watch");
  EXPECT_EQ(req["id"], id);
  EXPECT_EQ(req["params"]["_meta"][hummel::mcp::meta::protocol_version],
            hummel::mcp::modern_version);
  p.write({{"jsonrpc", "2.0"},
           {"id", id},
           {"result",
            {{"version", 7},
             {"node", "n"},
             {"time_ms", 1},
             {"processes", {item("web", "running")}}}}});
  p.write({{"jsonrpc", "2.0"},
           {"method", "notifications/hummel/delta"},
           {"params",
            {{"from", 7},
             {"to", 8},
             {"time_ms", 2},
             {"changed", {item("web", "stopped")}},
             {"removed", json::array()},
             {"list_changed", false}}}});
  auto in = receive(c, 2);
  ASSERT_EQ(in.size(), 2u);
  EXPECT_EQ(notification_method(in[0]), "");
  EXPECT_EQ(notification_method(in[1]), "notifications/hummel/delta");
  table t;
  t.load_snapshot(in[0]["result"]);
  EXPECT_EQ(t.apply_delta(in[1]["params"]), delta_outcome::applied);
  EXPECT_EQ(t.find("web")->status, "stopped");
  EXPECT_EQ(t.version(), 8u);
}

TEST(cli_ui_feed, closed_connection_is_noticed_by_drain) {
  bin_test::temp_dir dir;
  auto path = dir.path / "s.sock";
  peer p{path};
  feed_conn c;
  std::string error;
  ASSERT_TRUE(c.connect(path, error));
  p.accept();
  ::close(p.fd);
  p.fd = -1;
  std::vector<json> out;
  bool open = true;
  for (int i = 0; i < 100 && open; ++i) {
    pollfd q{c.fd(), POLLIN, 0};
    ::poll(&q, 1, 10);
    open = c.drain(out);
  }
  EXPECT_FALSE(open);
  EXPECT_FALSE(c.connected());
}

TEST(cli_ui_feed, log_follower_reads_the_tail_then_follows_from_the_cursor) {
  bin_test::temp_dir dir;
  auto path = dir.path / "s.sock";
  peer p{path};
  log_buffer log;
  log_follower f;
  std::string error;
  std::thread accept{[&] { p.accept(); }};
  ASSERT_TRUE(f.start(path, "web", log, error)) << error;
  accept.join();
  auto first = p.read();
  EXPECT_EQ(first["params"]["name"], "logs_stream");
  EXPECT_EQ(first["params"]["arguments"]["name"], "web");
  EXPECT_FALSE(first["params"]["arguments"].contains("follow"));
  auto line = [](uint64_t seq, const char* text) {
    return json{{"seq", seq},         {"time", "2026-11-26T10:00:00.000Z"},
                {"stream", "stdout"}, {"run_id", 1},
                {"process", "web"},   {"text", text}};
  };
  json lines{line(1, "one"), line(2, "two")};
  p.write({{"jsonrpc", "2.0"},
           {"id", first["id"]},
           {"result",
            {{"content", json::array()},
             {"structuredContent", {{"lines", lines}, {"next_seq", 3}}}}}});
  for (const auto& m : receive(f.conn(), 1))
    f.on_message(m, log);
  ASSERT_EQ(log.lines().size(), 2u);
  auto follow = p.read();
  const auto& args = follow["params"]["arguments"];
  EXPECT_EQ(args["since_seq"], 3);
  EXPECT_EQ(args["follow"], true);
  EXPECT_EQ(follow["params"]["_meta"]["progressToken"], follow["id"]);
  // A line as progress, then the answer repeating it: shown once.
  p.write({{"jsonrpc", "2.0"},
           {"method", "notifications/progress"},
           {"params",
            {{"progressToken", follow["id"]},
             {"progress", 1},
             {"_meta", {{hummel::mcp::meta::log_line, line(3, "three")}}}}}});
  p.write({{"jsonrpc", "2.0"},
           {"id", follow["id"]},
           {"result",
            {{"content", json::array()},
             {"structuredContent",
              {{"lines", {line(3, "three")}}, {"next_seq", 4}}}}}});
  for (const auto& m : receive(f.conn(), 2))
    f.on_message(m, log);
  ASSERT_EQ(log.lines().size(), 3u);
  EXPECT_EQ(log.lines().back().text, "three");
  EXPECT_EQ(p.read()["params"]["arguments"]["since_seq"], 4);
}

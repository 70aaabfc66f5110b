#include "net/line_server.hpp"

#include "net/line_client.hpp"
#include "net/runtime_dir.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using hummel::test::temp_folder;
using hummel::test::wait_until;
namespace net = hummel::net;

namespace {

/// Echoes "echo:<line>"; answers "bye" by closing; records everything.
class echo_handler : public net::line_handler {
public:
  void on_open(std::shared_ptr<net::line_connection> conn) override {
    conn->on_close([this] { ++closes; });
    std::lock_guard guard{mu};
    conns.push_back(std::move(conn));
  }
  void on_line(const std::shared_ptr<net::line_connection>& conn,
               std::string line) override {
    {
      std::lock_guard guard{mu};
      lines.push_back(line);
    }
    if (line == "bye")
      return conn->close();
    conn->send_line("echo:" + line);
  }
  void on_overlong(const std::shared_ptr<net::line_connection>& conn) override {
    ++overlong;
    conn->send_line(R"({"error":"line too long"})");
  }

  std::mutex mu;
  std::vector<std::shared_ptr<net::line_connection>> conns;
  std::vector<std::string> lines;
  std::atomic<int> closes{0};
  std::atomic<int> overlong{0};
};

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  ::lstat(p.c_str(), &st);
  return st.st_mode & 07777;
}

/// Leaves a socket file behind that nobody listens on.
void make_stale_socket(const std::filesystem::path& p) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strcpy(a.sun_path, p.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  ::close(fd);
}

} // namespace

TEST(line_server, round_trip_with_the_client) {
  temp_folder tmp;
  auto sock = tmp.path() / "run" / "p.sock";
  echo_handler h;
  net::line_server server{sock, h};
  auto err = server.start();
  ASSERT_FALSE(err) << *err;
  net::line_client client;
  ASSERT_FALSE(client.connect(sock));
  ASSERT_FALSE(client.send_line(R"({"jsonrpc":"2.0","id":1})"));
  ASSERT_FALSE(client.send_line("two\r"));
  std::string line;
  ASSERT_FALSE(client.read_line(line, 3s));
  EXPECT_EQ(line, R"(echo:{"jsonrpc":"2.0","id":1})");
  ASSERT_FALSE(client.read_line(line, 3s));
  EXPECT_EQ(line, "echo:two");
  auto none = client.read_line(line, 50ms);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->code, net::client_errc::timeout);
  EXPECT_EQ(server.open_connections(), 1u);
  ASSERT_FALSE(client.send_line("bye"));
  auto closed = client.read_line(line, 3s);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->code, net::client_errc::closed);
  EXPECT_TRUE(wait_until([&] { return h.closes.load() == 1; }, 3s));
  EXPECT_EQ(server.open_connections(), 0u);
}

TEST(line_server, folder_is_0700_and_socket_is_0600) {
  temp_folder tmp;
  auto dir = tmp.path() / "hummel";
  auto sock = dir / "p.sock";
  echo_handler h;
  net::line_server server{sock, h};
  ASSERT_FALSE(server.start());
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(mode_of(sock), 0600u);
  struct stat st {};
  ASSERT_EQ(::lstat(sock.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  server.stop();
  EXPECT_FALSE(std::filesystem::exists(sock)); // removed on stop
}

TEST(line_server, stale_socket_is_replaced) {
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0700);
  auto sock = tmp.path() / "p.sock";
  make_stale_socket(sock);
  ASSERT_TRUE(std::filesystem::exists(sock));
  net::line_client probe;
  auto no = probe.connect(sock);
  ASSERT_TRUE(no);
  EXPECT_EQ(no->code, net::client_errc::no_daemon);
  EXPECT_NE(no->message.find("no daemon running"), std::string::npos);
  echo_handler h;
  net::line_server server{sock, h};
  auto err = server.start();
  ASSERT_FALSE(err) << *err;
  net::line_client client;
  ASSERT_FALSE(client.connect(sock));
}

TEST(line_server, second_server_on_a_live_socket_is_refused) {
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0700);
  auto sock = tmp.path() / "p.sock";
  echo_handler h;
  net::line_server first{sock, h};
  ASSERT_FALSE(first.start());
  net::line_server second{sock, h};
  auto err = second.start();
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "another daemon is running (" + sock.string()
                    + " accepts connections)");
  second.stop();
  net::line_client client; // the first still serves
  ASSERT_FALSE(client.connect(sock));
  ASSERT_FALSE(client.send_line("x"));
  std::string line;
  ASSERT_FALSE(client.read_line(line, 3s));
  EXPECT_EQ(line, "echo:x");
}

TEST(line_server, a_folder_owned_by_another_user_is_refused) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root to chown a folder to another user";
  temp_folder tmp;
  echo_handler h;
  auto foreign = tmp.path() / "foreign";
  std::filesystem::create_directory(foreign);
  ::chmod(foreign.c_str(), 0700);
  ASSERT_EQ(::chown(foreign.c_str(), 65534, 65534), 0); // nobody
  net::line_server s{foreign / "p.sock", h};
  auto err = s.start();
  ASSERT_TRUE(err);
  EXPECT_EQ(*err, "refusing to use " + foreign.string()
                    + ": it is owned by uid 65534, not by uid 0");
}

TEST(line_server, unsafe_folders_are_refused) {
  temp_folder tmp;
  echo_handler h;
  auto open = tmp.path() / "open";
  std::filesystem::create_directory(open);
  ::chmod(open.c_str(), 0755);
  net::line_server s2{open / "p.sock", h};
  auto err2 = s2.start();
  ASSERT_TRUE(err2);
  EXPECT_NE(err2->find("its mode is 0755"), std::string::npos) << *err2;
  auto real = tmp.path() / "real";
  std::filesystem::create_directory(real);
  ::chmod(real.c_str(), 0700);
  std::filesystem::create_directory_symlink(real, tmp.path() / "link");
  net::line_server s3{tmp.path() / "link" / "p.sock", h};
  auto err3 = s3.start();
  ASSERT_TRUE(err3);
  EXPECT_NE(err3->find("symbolic link"), std::string::npos) << *err3;
  EXPECT_FALSE(std::filesystem::exists(open / "p.sock"));
}

// Point 6: over stdio one 8 MiB line ended the session; now it gets one
// answer, is skipped, and the connection carries on (as HTTP's 413 does).
TEST(line_server, overlong_line_gets_one_answer_and_the_connection_goes_on) {
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0700);
  auto sock = tmp.path() / "p.sock";
  echo_handler h;
  net::line_server server{sock, h, 1024};
  ASSERT_FALSE(server.start());
  net::line_client client;
  ASSERT_FALSE(client.connect(sock));
  ASSERT_FALSE(client.send_line(std::string(1024, 'a'))); // at the limit
  ASSERT_FALSE(client.send_line(std::string(5000, 'b')));
  std::string line;
  ASSERT_FALSE(client.read_line(line, 3s));
  EXPECT_EQ(line, "echo:" + std::string(1024, 'a'));
  ASSERT_FALSE(client.read_line(line, 3s));
  EXPECT_EQ(line, R"({"error":"line too long"})");
  // 8 MiB in many reads: still one answer, then the next line is served.
  ASSERT_FALSE(client.send_line(std::string(8u << 20, 'c')));
  ASSERT_FALSE(client.read_line(line, 5s));
  EXPECT_EQ(line, R"({"error":"line too long"})");
  ASSERT_FALSE(client.send_line("after"));
  ASSERT_FALSE(client.read_line(line, 3s));
  EXPECT_EQ(line, "echo:after");
  EXPECT_EQ(h.overlong.load(), 2);
  EXPECT_EQ(h.closes.load(), 0);
  EXPECT_EQ(server.open_connections(), 1u);
}

TEST(line_server, last_unterminated_line_counts_and_stop_closes_clients) {
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0700);
  auto sock = tmp.path() / "p.sock";
  echo_handler h;
  auto server = std::make_unique<net::line_server>(sock, h);
  ASSERT_FALSE(server->start());
  {
    net::line_client c;
    ASSERT_FALSE(c.connect(sock));
    ::send(c.native_handle(), "\n\nlast", 6, MSG_NOSIGNAL);
    ::shutdown(c.native_handle(), SHUT_WR);
    std::string line;
    EXPECT_FALSE(c.read_line(line, 3s)); // reply to "last"
    EXPECT_EQ(line, "echo:last");
  }
  ASSERT_TRUE(wait_until([&] { return h.closes.load() == 1; }, 3s));
  {
    std::lock_guard guard{h.mu};
    EXPECT_EQ(h.lines, std::vector<std::string>{"last"}); // empty skipped
  }
  net::line_client idle;
  ASSERT_FALSE(idle.connect(sock));
  ASSERT_TRUE(wait_until([&] { return server->open_connections() == 1; }, 3s));
  server.reset();
  EXPECT_EQ(h.closes.load(), 2);
  std::string line;
  auto closed = idle.read_line(line, 3s);
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->code, net::client_errc::closed);
  std::lock_guard guard{h.mu};
  for (auto& c : h.conns) {
    EXPECT_TRUE(c->closed());
    EXPECT_FALSE(c->send_line("after the server")); // safe, refused
  }
  auto late = 0;
  h.conns.front()->on_close([&] { ++late; });
  EXPECT_EQ(late, 1);
}

TEST(line_client, reports_no_daemon_for_a_missing_socket) {
  temp_folder tmp;
  net::line_client c;
  auto err = c.connect(tmp.path() / "none.sock");
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, net::client_errc::no_daemon);
  EXPECT_EQ(err->message, "no daemon running (no socket at "
                            + (tmp.path() / "none.sock").string() + ")");
  EXPECT_FALSE(c.connected());
}

namespace fs = std::filesystem;

TEST(runtime_dir, ignores_xdg_runtime_dir_and_follows_the_override) {
  const char* old = std::getenv("HUMMEL_RUNTIME_DIR");
  std::string saved = old != nullptr ? old : "";
  ::unsetenv("HUMMEL_RUNTIME_DIR");
  auto uid = std::to_string(::geteuid());
  auto user_run = fs::path{"/run/user/" + uid};
  struct stat st {};
  auto by_uid = ::stat(user_run.c_str(), &st) == 0 && st.st_uid == ::geteuid()
                  ? user_run / "hummel"
                  : fs::path{"/tmp/hummel-" + uid};
  ::setenv("XDG_RUNTIME_DIR", "/run/user/42", 1); // a client may drop it
  EXPECT_EQ(net::runtime_dir(), by_uid);
  ::unsetenv("XDG_RUNTIME_DIR");
  EXPECT_EQ(net::runtime_dir(), by_uid);
  ::setenv("HUMMEL_RUNTIME_DIR", "/srv/rt", 1);
  EXPECT_EQ(net::runtime_dir(), "/srv/rt/hummel");
  EXPECT_EQ(net::socket_path("abc123"), "/srv/rt/hummel/abc123.sock");
  ::setenv("HUMMEL_RUNTIME_DIR", "relative/dir", 1);
  EXPECT_EQ(net::runtime_dir(), by_uid);
  ::unsetenv("HUMMEL_RUNTIME_DIR");
  if (old != nullptr)
    ::setenv("HUMMEL_RUNTIME_DIR", saved.c_str(), 1);
  temp_folder tmp;
  auto dir = tmp.path() / "rt";
  EXPECT_FALSE(net::ensure_private_dir(dir));
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_FALSE(net::ensure_private_dir(dir)); // again: still fine
  auto missing = net::ensure_private_dir(tmp.path() / "a" / "b");
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("cannot create"), std::string::npos);
}

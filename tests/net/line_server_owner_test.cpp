// The unix socket lets in only its owner (and root): another uid gets
// EACCES from the file modes, and where those are opened up, the
// SO_PEERCRED check still refuses it. The handler learns the peer's uid
// and pid.

#include "net/line_server.hpp"
#include "tests/support/as_uid.hpp"
#include "tests/support/system_helpers.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

using namespace std::chrono_literals;
using hummel::test::temp_folder;
using hummel::test::wait_until;
namespace net = hummel::net;

namespace {

class peer_recorder : public net::line_handler {
public:
  void on_open(std::shared_ptr<net::line_connection> conn) override {
    std::lock_guard guard{mu};
    peers.push_back(conn->peer());
    conns.push_back(std::move(conn));
  }
  void on_line(const std::shared_ptr<net::line_connection>& conn,
               std::string line) override {
    conn->send_line("echo:" + line);
  }

  std::mutex mu;
  std::vector<std::optional<net::peer_credentials>> peers;
  std::vector<std::shared_ptr<net::line_connection>> conns;
};

/// Connects to `path`, sends "hi", reads until EOF (2 s at most): the text
/// read, or "connect: <errno text>".
std::string talk(const std::filesystem::path& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    std::string err = std::strerror(errno);
    ::close(fd);
    return "connect: " + err;
  }
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  (void)::send(fd, "hi\n", 3, MSG_NOSIGNAL);
  std::string out;
  char buf[512];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0) {
    out.append(buf, static_cast<size_t>(n));
    if (out.find("echo:hi\n") != std::string::npos)
      break;
  }
  ::close(fd);
  return out;
}

} // namespace

TEST(line_server_owner, handler_sees_own_uid_and_pid) {
  temp_folder tmp;
  peer_recorder h;
  net::line_server server{tmp.path() / "s" / "x.sock", h};
  ASSERT_FALSE(server.start());
  EXPECT_EQ(talk(server.path()), "echo:hi\n");
  ASSERT_TRUE(wait_until(
    [&] {
      std::lock_guard guard{h.mu};
      return !h.peers.empty();
    },
    2s));
  std::lock_guard guard{h.mu};
  ASSERT_TRUE(h.peers[0]);
  EXPECT_EQ(h.peers[0]->uid, ::getuid());
  EXPECT_EQ(h.peers[0]->pid, ::getpid());
}

TEST(line_server_owner, other_uid_gets_eacces_from_the_file_modes) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root to connect as uid 65534";
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0755); // the test's folder; the server's own
                                     // folder below stays 0700
  peer_recorder h;
  net::line_server server{tmp.path() / "s" / "x.sock", h};
  ASSERT_FALSE(server.start());
  struct stat st {};
  ASSERT_EQ(::stat(server.path().parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(server.path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto out
    = hummel::test::as_uid_text(65534, [&] { return talk(server.path()); });
  EXPECT_EQ(out, "connect: " + std::string{std::strerror(EACCES)});
}

TEST(line_server_owner, other_uid_is_refused_by_peercred_even_if_modes_allow) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root to connect as uid 65534";
  temp_folder tmp;
  ::chmod(tmp.path().c_str(), 0755);
  peer_recorder h;
  net::line_server server{tmp.path() / "s" / "x.sock", h};
  ASSERT_FALSE(server.start());
  // Open the modes wide: only the SO_PEERCRED check is left.
  ::chmod(server.path().parent_path().c_str(), 0755);
  ::chmod(server.path().c_str(), 0666);
  auto out
    = hummel::test::as_uid_text(65534, [&] { return talk(server.path()); });
  EXPECT_NE(out.find("forbidden: this daemon belongs to uid 0"),
            std::string::npos)
    << out;
  EXPECT_EQ(out.find("echo:hi"), std::string::npos) << out;
  std::lock_guard guard{h.mu};
  EXPECT_TRUE(h.peers.empty()); // the handler never saw it
}

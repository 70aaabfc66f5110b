#include "net/peer_cred.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>

namespace net = hummel::net;

namespace {

/// A loopback TCP connection made in the test: the listening, accepted and
/// connecting sockets.
struct tcp_pair {
  int listener = -1;
  int accepted = -1;
  int client = -1;

  tcp_pair() = default;
  tcp_pair(const tcp_pair&) = delete;
  tcp_pair& operator=(const tcp_pair&) = delete;
  ~tcp_pair() {
    for (int fd : {listener, accepted, client})
      if (fd >= 0)
        ::close(fd);
  }
};

/// Binds a listener on `family`'s loopback address; false if unavailable.
bool listen_loopback(tcp_pair& p, int family, sockaddr_storage& where) {
  p.listener = ::socket(family, SOCK_STREAM, 0);
  if (p.listener < 0)
    return false;
  where = {};
  socklen_t len = 0;
  if (family == AF_INET) {
    auto& a = reinterpret_cast<sockaddr_in&>(where);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof(a);
  } else {
    auto& a = reinterpret_cast<sockaddr_in6&>(where);
    a.sin6_family = AF_INET6;
    a.sin6_addr = in6addr_loopback;
    len = sizeof(a);
  }
  if (::bind(p.listener, reinterpret_cast<sockaddr*>(&where), len) != 0
      || ::listen(p.listener, 4) != 0)
    return false;
  len = sizeof(where);
  return ::getsockname(p.listener, reinterpret_cast<sockaddr*>(&where), &len)
         == 0;
}

/// A loopback connection from this process; null if `family` has no
/// loopback here (no ::1 in a container).
std::unique_ptr<tcp_pair> connect_loopback(int family) {
  auto p = std::make_unique<tcp_pair>();
  sockaddr_storage where{};
  if (!listen_loopback(*p, family, where))
    return nullptr;
  p->client = ::socket(family, SOCK_STREAM, 0);
  socklen_t len
    = family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  if (::connect(p->client, reinterpret_cast<sockaddr*>(&where), len) != 0)
    return nullptr;
  p->accepted = ::accept(p->listener, nullptr, nullptr);
  if (p->accepted < 0)
    return nullptr;
  return p;
}

/// The endpoints of the accepted socket: (local, peer).
std::pair<sockaddr_storage, sockaddr_storage> endpoints_of(int fd) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t a = sizeof(local);
  socklen_t b = sizeof(peer);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &a);
  ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &b);
  return {local, peer};
}

} // namespace

TEST(peer_cred, loopback_ipv4_connection_resolves_to_own_uid) {
  auto p = connect_loopback(AF_INET);
  ASSERT_TRUE(p);
  auto r = net::tcp_peer_credentials(p->accepted);
  ASSERT_TRUE(r.creds) << r.error;
  EXPECT_EQ(r.creds->uid, ::getuid());
  EXPECT_STREQ(r.source, "sock_diag");
}

TEST(peer_cred, loopback_ipv6_connection_resolves_to_own_uid) {
  auto p = connect_loopback(AF_INET6);
  if (!p)
    GTEST_SKIP() << "no IPv6 loopback (::1) on this machine";
  auto r = net::tcp_peer_credentials(p->accepted);
  ASSERT_TRUE(r.creds) << r.error;
  EXPECT_EQ(r.creds->uid, ::getuid());
}

TEST(peer_cred, proc_fallback_finds_the_same_owner_ipv4_and_ipv6) {
  for (int family : {AF_INET, AF_INET6}) {
    auto p = connect_loopback(family);
    if (!p)
      continue;
    auto [local, peer] = endpoints_of(p->accepted);
    auto r = net::detail::tcp_owner_by_proc(local, peer);
    ASSERT_TRUE(r.creds) << r.error;
    EXPECT_EQ(r.creds->uid, ::getuid());
    EXPECT_STREQ(r.source, "proc");
  }
}

TEST(peer_cred, server_side_socket_is_not_taken_for_the_peer) {
  // Swapping the ends names the accepted socket itself; both ends are ours
  // here, so check instead that an unknown 4-tuple is not found.
  auto p = connect_loopback(AF_INET);
  ASSERT_TRUE(p);
  auto [local, peer] = endpoints_of(p->accepted);
  auto& port = reinterpret_cast<sockaddr_in&>(peer).sin_port;
  port = htons(static_cast<uint16_t>(ntohs(port) ^ 0x5a5a));
  auto r = net::tcp_peer_owner(local, peer);
  EXPECT_FALSE(r.creds);
  EXPECT_NE(r.error.find("no such local socket"), std::string::npos) << r.error;
}

TEST(peer_cred, loopback_addresses_are_recognised) {
  auto p = connect_loopback(AF_INET);
  ASSERT_TRUE(p);
  auto [local, peer] = endpoints_of(p->accepted);
  EXPECT_TRUE(net::is_loopback(peer));
  sockaddr_storage other{};
  auto& a = reinterpret_cast<sockaddr_in&>(other);
  a.sin_family = AF_INET;
  ::inet_pton(AF_INET, "192.0.2.7", &a.sin_addr);
  EXPECT_FALSE(net::is_loopback(other));
  sockaddr_storage mapped{};
  auto& m = reinterpret_cast<sockaddr_in6&>(mapped);
  m.sin6_family = AF_INET6;
  ::inet_pton(AF_INET6, "::ffff:127.0.0.1", &m.sin6_addr);
  EXPECT_TRUE(net::is_loopback(mapped));
}

TEST(peer_cred, unix_socket_peer_is_own_uid_and_pid) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  auto r = net::unix_peer_credentials(sv[0]);
  ::close(sv[0]);
  ::close(sv[1]);
  ASSERT_TRUE(r.creds) << r.error;
  EXPECT_EQ(r.creds->uid, ::getuid());
  EXPECT_EQ(r.creds->pid, ::getpid());
}

TEST(peer_cred, connection_from_another_uid_resolves_to_that_uid) {
  if (::geteuid() != 0)
    GTEST_SKIP() << "needs root to make a connection as uid 65534";
  tcp_pair p;
  sockaddr_storage where{};
  ASSERT_TRUE(listen_loopback(p, AF_INET, where));
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[1]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0)
      ::_exit(3);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&where), sizeof(sockaddr_in))
        != 0)
      ::_exit(4);
    char c;
    (void)::read(ready[0], &c, 1); // hold the connection until told
    ::_exit(0);
  }
  ::close(ready[0]);
  p.accepted = ::accept(p.listener, nullptr, nullptr);
  ASSERT_GE(p.accepted, 0);
  auto r = net::tcp_peer_credentials(p.accepted);
  auto [local, peer] = endpoints_of(p.accepted);
  auto by_proc = net::detail::tcp_owner_by_proc(local, peer);
  ::close(ready[1]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(r.creds) << r.error;
  EXPECT_EQ(r.creds->uid, 65534u);
  ASSERT_TRUE(by_proc.creds) << by_proc.error;
  EXPECT_EQ(by_proc.creds->uid, 65534u);
}

// The figure for the per-connection cost: one lookup per accepted loopback
// connection. Printed, and kept as test properties.
TEST(peer_cred, lookup_cost_per_connection_is_reported) {
  auto p = connect_loopback(AF_INET);
  ASSERT_TRUE(p);
  auto [local, peer] = endpoints_of(p->accepted);
  auto time_it = [&](int n, auto&& f) {
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i)
      EXPECT_TRUE(f().creds);
    auto t1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::micro>(t1 - t0).count() / n;
  };
  double diag = time_it(
    2000, [&] { return net::detail::tcp_owner_by_sock_diag(local, peer); });
  // /proc/net/tcp lists every socket of the namespace: slower, and slower
  // still on a busy machine; few rounds.
  double proc
    = time_it(20, [&] { return net::detail::tcp_owner_by_proc(local, peer); });
  std::printf("peer uid lookup: sock_diag %.1f us, /proc/net/tcp %.1f us\n",
              diag, proc);
  RecordProperty("sock_diag_us", std::to_string(diag));
  RecordProperty("proc_us", std::to_string(proc));
}

#include "net/peer_cred.hpp"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace hummel::net {

namespace {

/// One TCP endpoint in the form both lookups want: the family, the address
/// as four raw 32-bit words (network order, IPv4 in the first) and the port
/// in host order.
struct endpoint {
  int family = 0;
  std::array<uint32_t, 4> words{};
  uint16_t port = 0;
};

std::optional<endpoint> to_endpoint(const sockaddr_storage& s) {
  endpoint e;
  if (s.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(s);
    e.family = AF_INET;
    e.words[0] = a.sin_addr.s_addr;
    e.port = ntohs(a.sin_port);
    return e;
  }
  if (s.ss_family != AF_INET6)
    return std::nullopt;
  const auto& a = reinterpret_cast<const sockaddr_in6&>(s);
  e.port = ntohs(a.sin6_port);
  if (IN6_IS_ADDR_V4MAPPED(&a.sin6_addr)) {
    // A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; their own
    // sockets are IPv4 ones.
    e.family = AF_INET;
    std::memcpy(&e.words[0], &a.sin6_addr.s6_addr[12], 4);
    return e;
  }
  e.family = AF_INET6;
  std::memcpy(e.words.data(), a.sin6_addr.s6_addr, 16);
  return e;
}

peer_lookup failure(std::string why, const char* source) {
  peer_lookup out;
  out.error = std::move(why);
  out.source = source;
  return out;
}

peer_lookup found(uint32_t uid, const char* source) {
  peer_lookup out;
  out.creds = peer_credentials{uid, std::nullopt};
  out.source = source;
  return out;
}

/// Closes a descriptor at scope end.
struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0)
      ::close(fd);
  }
};

/// The hex form /proc/net/tcp{,6} prints: each 32-bit word as the host
/// reads it ("%08X"), then ":%04X" for the port.
std::string proc_text(const endpoint& e) {
  std::string out;
  char buf[16];
  size_t words = e.family == AF_INET ? 1 : 4;
  for (size_t i = 0; i < words; ++i) {
    std::snprintf(buf, sizeof(buf), "%08X", e.words[i]);
    out += buf;
  }
  std::snprintf(buf, sizeof(buf), ":%04X", e.port);
  return out + buf;
}

} // namespace

bool is_loopback(const sockaddr_storage& addr) {
  auto e = to_endpoint(addr);
  if (!e)
    return false;
  if (e->family == AF_INET)
    return (ntohl(e->words[0]) >> 24) == 127;
  return e->words[0] == 0 && e->words[1] == 0 && e->words[2] == 0
         && e->words[3] == htonl(1);
}

namespace detail {

peer_lookup tcp_owner_by_sock_diag(const sockaddr_storage& local,
                                   const sockaddr_storage& peer) {
  constexpr const char* source = "sock_diag";
  auto us = to_endpoint(local);
  auto them = to_endpoint(peer);
  if (!us || !them || us->family != them->family)
    return failure("not a TCP/IP connection", source);
  int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    return failure(std::string{"netlink: "} + std::strerror(errno), source);
  fd_guard guard{fd};
  struct {
    nlmsghdr nlh;
    inet_diag_req_v2 req;
  } msg{};
  msg.nlh.nlmsg_len = sizeof(msg);
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST; // one exact lookup, no dump
  msg.nlh.nlmsg_seq = 1;
  msg.req.sdiag_family = static_cast<uint8_t>(them->family);
  msg.req.sdiag_protocol = IPPROTO_TCP;
  msg.req.idiag_states = ~0u;
  // The socket sought: its local end is our peer, its remote end is us.
  msg.req.id.idiag_sport = htons(them->port);
  msg.req.id.idiag_dport = htons(us->port);
  std::memcpy(msg.req.id.idiag_src, them->words.data(), 16);
  std::memcpy(msg.req.id.idiag_dst, us->words.data(), 16);
  msg.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
  msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(fd, &msg, sizeof(msg), 0, reinterpret_cast<sockaddr*>(&kernel),
               sizeof(kernel))
      < 0)
    return failure(std::string{"netlink send: "} + std::strerror(errno),
                   source);
  alignas(nlmsghdr) char buf[8192];
  ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
  if (n < 0)
    return failure(std::string{"netlink receive: "} + std::strerror(errno),
                   source);
  auto len = static_cast<unsigned>(n);
  for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len);
       h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_type == NLMSG_ERROR) {
      const auto* err = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
      return failure(err->error == -ENOENT ? std::string{"no such local socket"}
                                           : std::string{"sock_diag: "}
                                               + std::strerror(-err->error),
                     source);
    }
    if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY
        && h->nlmsg_len >= NLMSG_LENGTH(sizeof(inet_diag_msg))) {
      const auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
      return found(m->idiag_uid, source);
    }
  }
  return failure("sock_diag: no answer", source);
}

peer_lookup tcp_owner_by_proc(const sockaddr_storage& local,
                              const sockaddr_storage& peer) {
  constexpr const char* source = "proc";
  auto us = to_endpoint(local);
  auto them = to_endpoint(peer);
  if (!us || !them || us->family != them->family)
    return failure("not a TCP/IP connection", source);
  auto want_local = proc_text(*them);
  auto want_remote = proc_text(*us);
  const char* file = us->family == AF_INET ? "/proc/net/tcp" : "/proc/net/tcp6";
  std::ifstream in{file};
  if (!in)
    return failure(std::string{"cannot read "} + file, source);
  std::string line;
  std::getline(in, line); // the column titles
  while (std::getline(in, line)) {
    std::istringstream fields{line};
    std::string sl, loc, rem, st, queues, timer, retr;
    uint32_t uid = 0;
    if (!(fields >> sl >> loc >> rem >> st >> queues >> timer >> retr >> uid))
      continue;
    if (loc == want_local && rem == want_remote)
      return found(uid, source);
  }
  return failure(std::string{"no such local socket in "} + file, source);
}

} // namespace detail

peer_lookup tcp_peer_owner(const sockaddr_storage& local,
                           const sockaddr_storage& peer) {
  auto r = detail::tcp_owner_by_sock_diag(local, peer);
  if (r.creds)
    return r;
  auto p = detail::tcp_owner_by_proc(local, peer);
  if (p.creds)
    return p;
  p.error = r.error + "; " + p.error;
  return p;
}

peer_lookup tcp_peer_credentials(int fd) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t a = sizeof(local);
  socklen_t b = sizeof(peer);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &a) != 0
      || ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &b) != 0)
    return failure(std::string{"no endpoints: "} + std::strerror(errno), "");
  return tcp_peer_owner(local, peer);
}

peer_lookup unix_peer_credentials(int fd) {
  ucred cred{};
  socklen_t len = sizeof(cred);
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    return failure(std::string{"SO_PEERCRED: "} + std::strerror(errno),
                   "SO_PEERCRED");
  peer_lookup out;
  out.creds = peer_credentials{cred.uid, cred.pid};
  out.source = "SO_PEERCRED";
  return out;
}

} // namespace hummel::net

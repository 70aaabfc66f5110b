#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>

/// Who is at the other end of a local connection, as the kernel says.
///
/// A loopback TCP connection has two sockets on this host; the peer's one
/// is found by its exact 4-tuple (its local address and port are our
/// peer's, its remote ones our local ones): first through
/// NETLINK_SOCK_DIAG (one inet_diag_req_v2 lookup, no dump), else by
/// reading /proc/net/tcp or /proc/net/tcp6. Its owner is the uid that
/// created that socket (as seen from this process's user namespace). A unix
/// socket's peer comes from SO_PEERCRED.
///
/// Thread safety: plain functions; each lookup opens and closes its own
/// netlink socket, so any thread may call them at any time.
namespace hummel::net {

/// The identity of a connection's peer process.
struct peer_credentials {
  uint32_t uid = 0;
  /// Known for unix sockets (SO_PEERCRED); TCP lookups leave it empty.
  std::optional<int32_t> pid;
};

/// The outcome of a lookup: the credentials, or why there are none.
struct peer_lookup {
  std::optional<peer_credentials> creds;
  /// Empty when `creds` is set, else e.g. "no such local socket".
  std::string error;
  /// "sock_diag", "proc" or "SO_PEERCRED": where the answer came from.
  const char* source = "";
};

/// Returns whether `addr` is a loopback address: 127.0.0.0/8, ::1 or an
/// IPv4-mapped 127.x address.
bool is_loopback(const sockaddr_storage& addr);

/// Finds the owner of the local TCP socket whose local endpoint is `peer`
/// and whose remote endpoint is `local` (the other end of a connection we
/// see as local → peer). IPv4-mapped IPv6 addresses are looked up as IPv4.
/// Tries sock_diag first, then /proc/net/tcp{,6}.
peer_lookup tcp_peer_owner(const sockaddr_storage& local,
                           const sockaddr_storage& peer);

/// As `tcp_peer_owner`, with the endpoints of the connected socket `fd`
/// (getsockname, getpeername).
peer_lookup tcp_peer_credentials(int fd);

/// The peer of the connected unix socket `fd` (SO_PEERCRED).
peer_lookup unix_peer_credentials(int fd);

namespace detail {

/// The sock_diag lookup alone (tests, and the cost measurement).
peer_lookup tcp_owner_by_sock_diag(const sockaddr_storage& local,
                                   const sockaddr_storage& peer);

/// The /proc/net/tcp{,6} lookup alone.
peer_lookup tcp_owner_by_proc(const sockaddr_storage& local,
                              const sockaddr_storage& peer);

} // namespace detail

} // namespace hummel::net

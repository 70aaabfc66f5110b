#include "net/unix_socket.hpp"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hummel::net::detail {

bool fits_sun_path(const std::filesystem::path& path) {
  return path.native().size() < sizeof(sockaddr_un::sun_path);
}

connect_result connect_unix(const std::filesystem::path& path,
                            std::chrono::milliseconds timeout) {
  connect_result r;
  if (!fits_sun_path(path)) {
    r.err = ENAMETOOLONG;
    return r;
  }
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    r.err = errno;
    return r;
  }
  // A blocking AF_UNIX connect waits for backlog room up to SO_SNDTIMEO.
  auto ms = timeout.count() > 0 ? timeout.count() : 1;
  timeval tv{static_cast<time_t>(ms / 1000),
             static_cast<suseconds_t>((ms % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.native().size() + 1);
  int rc;
  do {
    rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    r.err = errno == EINPROGRESS ? EAGAIN : errno;
    ::close(fd);
    return r;
  }
  timeval zero{};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &zero, sizeof(zero));
  r.fd = fd;
  return r;
}

} // namespace hummel::net::detail

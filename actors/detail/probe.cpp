#include "actors/detail/probe.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace hummel::detail {

namespace {

using std::chrono::milliseconds;

/// Connects to host:port with a deadline; returns the fd or -1.
int connect_to(const std::string& host, const std::string& port,
               milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &res) != 0)
    return -1;
  int fd = -1;
  for (auto* ai = res; ai != nullptr; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                ai->ai_protocol);
    if (fd < 0)
      continue;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
      break;
    if (errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      int err = 0;
      socklen_t len = sizeof(err);
      if (poll(&p, 1, static_cast<int>(timeout.count())) == 1
          && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
        break;
    }
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  return fd;
}

} // namespace

bool probe_tcp(uint16_t port, milliseconds timeout) {
  auto fd = connect_to("127.0.0.1", std::to_string(port), timeout);
  if (fd < 0)
    return false;
  close(fd);
  return true;
}

bool probe_http(const std::string& url, milliseconds timeout) {
  constexpr std::string_view scheme = "http://";
  if (url.compare(0, scheme.size(), scheme) != 0)
    return false;
  auto rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  auto path
    = slash == std::string::npos ? std::string{"/"} : rest.substr(slash);
  std::string host = authority;
  std::string port = "80";
  if (!authority.empty() && authority.front() == '[') {
    auto close_bracket = authority.find(']');
    host = authority.substr(1, close_bracket - 1);
    if (close_bracket + 1 < authority.size()
        && authority[close_bracket + 1] == ':')
      port = authority.substr(close_bracket + 2);
  } else if (auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  auto fd = connect_to(host, port, timeout);
  if (fd < 0)
    return false;
  auto request = "GET " + path + " HTTP/1.0\r\nHost: " + authority
                 + "\r\nConnection: close\r\n\r\n";
  bool ok = false;
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL)
      == static_cast<ssize_t>(request.size())) {
    char buf[64];
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
      auto n = recv(fd, buf, sizeof(buf) - 1, 0);
      if (n >= 12) {
        buf[n] = '\0';
        // "HTTP/1.x 2xx"
        ok = std::strncmp(buf, "HTTP/1.", 7) == 0 && buf[9] == '2';
      }
    }
  }
  close(fd);
  return ok;
}

} // namespace hummel::detail

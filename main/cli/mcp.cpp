// `hummel mcp`: the stdio transport for assistants. Bytes from stdin go to
// the daemon's socket and bytes from the socket go to stdout, unchanged
// (both sides frame one JSON message per line), with poll(). Nothing else is
// ever written to stdout. When stdin closes, answers to requests already
// sent are still relayed (up to 5 s), then the command exits 0.

#include "main/cli/commands.hpp"
#include "main/cli/start.hpp"
#include "net/runtime_dir.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <optional>
#include <string>

namespace hummel::cli {

using namespace std::chrono_literals;

namespace {

/// Stop reading a side while this much waits to be written to the other.
constexpr size_t high_water = 1u << 20;
/// After stdin closes, how long answers still owed are waited for.
constexpr auto drain_limit = 5s;

/// Writes all of `buf` to the blocking descriptor `fd`; false on error.
bool write_all(int fd, std::string& buf) {
  size_t done = 0;
  while (done < buf.size()) {
    auto n = ::write(fd, buf.data() + done, buf.size() - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        pollfd p{fd, POLLOUT, 0};
        ::poll(&p, 1, -1);
        continue;
      }
      return false;
    }
    done += static_cast<size_t>(n);
  }
  buf.clear();
  return true;
}

/// Sends as much of `buf` as the non-blocking socket takes; false on error.
bool send_some(int fd, std::string& buf) {
  while (!buf.empty()) {
    auto n = ::send(fd, buf.data(), buf.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
    buf.erase(0, static_cast<size_t>(n));
  }
  return true;
}

int pump(int sock) {
  std::string to_socket;
  std::string to_stdout;
  request_tracker tracker;
  bool stdin_open = true;
  bool line_open = false; // the last byte read from stdin was not "\n"
  std::optional<std::chrono::steady_clock::time_point> drain_deadline;
  char chunk[64 * 1024];
  for (;;) {
    if (!stdin_open && to_socket.empty()) {
      // Relay what is still owed, then go (not longer than drain_limit).
      if (tracker.outstanding() == 0)
        return exit_ok;
      if (!drain_deadline)
        drain_deadline = std::chrono::steady_clock::now() + drain_limit;
    }
    pollfd fds[2];
    nfds_t n = 0;
    int stdin_slot = -1;
    if (stdin_open && to_socket.size() < high_water) {
      stdin_slot = static_cast<int>(n);
      fds[n++] = pollfd{STDIN_FILENO, POLLIN, 0};
    }
    int sock_slot = static_cast<int>(n);
    short events = POLLIN;
    if (!to_socket.empty())
      events |= POLLOUT;
    fds[n++] = pollfd{sock, events, 0};
    int timeout = -1;
    if (drain_deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        *drain_deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0)
        return exit_ok;
      timeout = static_cast<int>(left.count());
    }
    int rc = ::poll(fds, n, timeout);
    if (rc < 0) {
      if (errno == EINTR)
        continue;
      print_error(std::string{"poll: "} + std::strerror(errno));
      return exit_failed;
    }
    if (stdin_slot >= 0 && fds[stdin_slot].revents != 0) {
      auto got = ::read(STDIN_FILENO, chunk, sizeof(chunk));
      if (got > 0) {
        std::string_view bytes{chunk, static_cast<size_t>(got)};
        tracker.client_bytes(bytes);
        to_socket.append(bytes);
        line_open = bytes.back() != '\n';
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        stdin_open = false;
        // A last line without "\n" still counts.
        tracker.client_bytes("\n");
        if (line_open)
          to_socket += '\n';
      }
    }
    const auto& sp = fds[sock_slot];
    if ((sp.revents & POLLOUT) != 0 && !send_some(sock, to_socket)) {
      print_error("the daemon closed the connection");
      return exit_failed;
    }
    if ((sp.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      auto got = ::recv(sock, chunk, sizeof(chunk), 0);
      if (got > 0) {
        std::string_view bytes{chunk, static_cast<size_t>(got)};
        tracker.server_bytes(bytes);
        to_stdout.append(bytes);
        if (!write_all(STDOUT_FILENO, to_stdout))
          return exit_ok; // the client is gone
      } else if (got == 0
                 || (errno != EINTR && errno != EAGAIN
                     && errno != EWOULDBLOCK)) {
        if (!stdin_open)
          return exit_ok;
        print_error("the daemon closed the connection");
        return exit_failed;
      }
    }
    if (!to_socket.empty() && !send_some(sock, to_socket)) {
      print_error("the daemon closed the connection");
      return exit_failed;
    }
  }
}

} // namespace

int run_mcp(const context& ctx) {
  bool hub = ctx.hub;
  std::signal(SIGPIPE, SIG_IGN);
  auto id = hub ? std::string{hub_id} : ctx.project_id;
  auto socket = net::socket_path(id);
  net::line_client c;
  auto err = c.connect(socket);
  if (err && err->code == net::client_errc::no_daemon) {
    start_options so;
    so.dir = ctx.dir;
    so.project_id = id;
    so.hub = hub;
    auto out = ensure_daemon(so);
    if (!out.ok) {
      print_error(std::string{hub ? "cannot start the hub: "
                                  : "cannot start the daemon: "}
                  + out.error);
      return exit_no_daemon;
    }
    err = c.connect(socket);
  }
  if (err) {
    print_error(err->message);
    return exit_code_for(err->code);
  }
  return pump(c.native_handle());
}

} // namespace hummel::cli

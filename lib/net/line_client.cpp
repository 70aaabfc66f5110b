#include "net/line_client.hpp"

#include "common/prefault.hpp"
#include "net/unix_socket.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace hummel::net {

namespace {

/// What a line longer than one read chunk reserves (see read_line).
constexpr size_t big_line = 8u << 20;

/// How far ahead of a big line's end its pages are mapped.
constexpr size_t map_step = 1u << 20;

using clock = std::chrono::steady_clock;

/// Milliseconds left until `deadline` for poll(); -1 waits forever.
int remaining_ms(std::optional<clock::time_point> deadline) {
  if (!deadline)
    return -1;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    *deadline - clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

std::optional<clock::time_point>
deadline_after(std::chrono::milliseconds timeout) {
  if (timeout.count() < 0)
    return std::nullopt;
  return clock::now() + timeout;
}

client_error sys_error(std::string_view what, int err) {
  return {client_errc::io, std::string{what} + ": " + std::strerror(err)};
}

} // namespace

line_client::line_client(size_t max_line)
  : max_line_(max_line > 0 ? max_line : 1) {
  // nop
}

line_client::~line_client() {
  close();
}

line_client::line_client(line_client&& other) noexcept
  : fd_(other.fd_),
    max_line_(other.max_line_),
    buf_(std::move(other.buf_)),
    scanned_(other.scanned_),
    eof_(other.eof_) {
  other.fd_ = -1;
}

line_client& line_client::operator=(line_client&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = other.fd_;
    max_line_ = other.max_line_;
    buf_ = std::move(other.buf_);
    scanned_ = other.scanned_;
    eof_ = other.eof_;
    other.fd_ = -1;
  }
  return *this;
}

std::optional<client_error>
line_client::connect(const std::filesystem::path& socket,
                     std::chrono::milliseconds timeout) {
  close();
  auto name = socket.string();
  auto r = detail::connect_unix(socket, timeout);
  if (r.fd < 0) {
    switch (r.err) {
    case ENOENT:
      return client_error{client_errc::no_daemon,
                          "no daemon running (no socket at " + name + ")"};
    case ECONNREFUSED:
      return client_error{client_errc::no_daemon,
                          "no daemon running (nobody listens on " + name + ")"};
    case EAGAIN:
      return client_error{client_errc::timeout,
                          "the daemon at " + name + " did not accept within "
                            + std::to_string(timeout.count()) + " ms"};
    default:
      return sys_error("cannot connect to " + name, r.err);
    }
  }
  int flags = ::fcntl(r.fd, F_GETFL);
  ::fcntl(r.fd, F_SETFL, flags | O_NONBLOCK);
  fd_ = r.fd;
  return std::nullopt;
}

std::optional<client_error>
line_client::send_line(std::string_view line,
                       std::chrono::milliseconds timeout) {
  if (fd_ < 0)
    return client_error{client_errc::closed, "not connected"};
  std::string bytes;
  bytes.reserve(line.size() + 1);
  bytes.append(line);
  bytes += '\n';
  auto deadline = deadline_after(timeout);
  size_t done = 0;
  while (done < bytes.size()) {
    auto n
      = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n >= 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno == EPIPE || errno == ECONNRESET)
      return client_error{client_errc::closed, "the daemon closed the "
                                               "connection"};
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return sys_error("cannot send to the daemon", errno);
    pollfd p{fd_, POLLOUT, 0};
    int rc = ::poll(&p, 1, remaining_ms(deadline));
    if (rc == 0)
      return client_error{client_errc::timeout,
                          "the daemon did not take the request in time"};
    if (rc < 0 && errno != EINTR)
      return sys_error("poll", errno);
  }
  return std::nullopt;
}

void line_client::map_ahead(size_t got) {
  if (buf_.data() != mapped_base_) {
    // New storage: what the line holds so far was written, and faulted.
    mapped_base_ = buf_.data();
    mapped_ = buf_.size();
  }
  auto need = buf_.size() + got;
  if (need <= mapped_)
    return;
  auto upto = std::min(buf_.capacity(), std::max(need, mapped_ + map_step));
  prefault(buf_.data() + mapped_, upto - mapped_);
  mapped_ = upto;
}

std::optional<client_error>
line_client::read_line(std::string& line, std::chrono::milliseconds timeout) {
  auto deadline = deadline_after(timeout);
  for (;;) {
    auto nl = buf_.find('\n', scanned_);
    if (nl != std::string::npos) {
      auto len = nl > 0 && buf_[nl - 1] == '\r' ? nl - 1 : nl;
      if (nl + 1 == buf_.size()) {
        // The usual case, one whole line: hand over the buffer instead of
        // copying it (a listing of thousands is megabytes).
        line.swap(buf_);
        line.resize(len);
        buf_.clear();
      } else {
        line.assign(buf_, 0, len);
        buf_.erase(0, nl + 1);
      }
      scanned_ = 0;
      return std::nullopt;
    }
    scanned_ = buf_.size();
    if (buf_.size() > max_line_)
      return client_error{client_errc::too_long,
                          "the daemon sent a line longer than "
                            + std::to_string(max_line_) + " bytes"};
    if (eof_ || fd_ < 0) {
      if (!buf_.empty()) {
        line = std::move(buf_);
        buf_.clear();
        scanned_ = 0;
        return std::nullopt;
      }
      return client_error{client_errc::closed,
                          "the daemon closed the connection"};
    }
    char chunk[64 * 1024];
    auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) {
      auto got = static_cast<size_t>(n);
      if (buf_.size() + got > buf_.capacity() && buf_.size() >= sizeof(chunk))
        // A line of more than one chunk (a listing of thousands): room for
        // a big one at once instead of doubling. Each doubling copied the
        // line into fresh pages (page faults: most of `hummel ps`'s time
        // with 5,000 processes); pages not written are never touched.
        buf_.reserve(std::min(max_line_ + sizeof(chunk),
                              std::max(buf_.capacity() * 2, big_line)));
      if (buf_.size() >= sizeof(chunk))
        map_ahead(got);
      buf_.append(chunk, got);
      continue;
    }
    if (n == 0) {
      eof_ = true;
      continue;
    }
    if (errno == EINTR)
      continue;
    if (errno == ECONNRESET) {
      eof_ = true;
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return sys_error("cannot read from the daemon", errno);
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, remaining_ms(deadline));
    if (rc == 0)
      return client_error{client_errc::timeout,
                          "no answer from the daemon within "
                            + std::to_string(timeout.count()) + " ms"};
    if (rc < 0 && errno != EINTR)
      return sys_error("poll", errno);
  }
}

void line_client::shutdown() {
  if (fd_ >= 0)
    ::shutdown(fd_, SHUT_RDWR);
}

void line_client::close() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
  buf_.clear();
  scanned_ = 0;
  eof_ = false;
}

bool line_client::connected() const {
  return fd_ >= 0;
}

int line_client::native_handle() const {
  return fd_;
}

} // namespace hummel::net

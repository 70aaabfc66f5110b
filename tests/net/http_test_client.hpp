#pragma once

// A small blocking HTTP/1.1 client over raw loopback sockets, for the net
// tests: every wait is bounded.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hummel::test {

/// A parsed HTTP response.
struct http_reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers; // lower-case
  std::string body;
  bool chunked = false;

  /// Returns the first header `name` (lower-case) or "".
  std::string header(const std::string& name) const {
    for (const auto& [n, v] : headers)
      if (n == name)
        return v;
    return {};
  }
};

/// A blocking client socket with bounded reads.
class raw_conn {
public:
  /// Connects to 127.0.0.1:`port`.
  explicit raw_conn(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
    int one = 1;
    if (fd_ >= 0)
      ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
  ~raw_conn() {
    close();
  }
  raw_conn(const raw_conn&) = delete;
  raw_conn& operator=(const raw_conn&) = delete;
  raw_conn(raw_conn&& o) noexcept : fd_(o.fd_), buf_(std::move(o.buf_)) {
    o.fd_ = -1;
  }

  /// Returns whether the connection is open.
  bool ok() const {
    return fd_ >= 0;
  }

  /// Closes the socket.
  void close() {
    if (fd_ >= 0)
      ::close(fd_);
    fd_ = -1;
  }

  /// Sends all of `s`; false on error.
  bool send(const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      auto n = ::send(fd_, s.data() + done, s.size() - done, MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  /// Reads until `buffered()` contains `needle` or `ms` pass; false then.
  bool read_until(const std::string& needle, int ms = 3000) {
    auto deadline = now() + std::chrono::milliseconds(ms);
    while (buf_.find(needle) == std::string::npos)
      if (!fill(deadline))
        return false;
    return true;
  }

  /// Reads until at least `n` bytes are buffered; false on EOF/timeout.
  bool read_bytes(size_t n, int ms = 3000) {
    auto deadline = now() + std::chrono::milliseconds(ms);
    while (buf_.size() < n)
      if (!fill(deadline))
        return false;
    return true;
  }

  /// Returns true if the peer closes (EOF or reset) within `ms`, dropping
  /// whatever arrives meanwhile.
  bool wait_eof(int ms = 3000) {
    auto deadline = now() + std::chrono::milliseconds(ms);
    while (fill(deadline))
      buf_.clear();
    return eof_;
  }

  /// Takes `n` buffered bytes.
  std::string take(size_t n) {
    auto s = buf_.substr(0, n);
    buf_.erase(0, n);
    return s;
  }

  /// Returns the buffered, unparsed bytes.
  std::string& buffered() {
    return buf_;
  }

  /// Reads one response (Content-Length, chunked or until EOF).
  std::optional<http_reply> read_reply(int ms = 3000) {
    if (!read_until("\r\n\r\n", ms))
      return std::nullopt;
    auto end = buf_.find("\r\n\r\n");
    auto head = take(end + 4);
    http_reply r;
    r.status = std::atoi(head.c_str() + 9);
    size_t pos = head.find("\r\n") + 2;
    while (pos < end) {
      auto eol = head.find("\r\n", pos);
      auto line = head.substr(pos, eol - pos);
      auto colon = line.find(':');
      auto name = line.substr(0, colon);
      for (auto& c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      r.headers.emplace_back(name, value);
      pos = eol + 2;
    }
    if (r.status == 100)
      return r;
    if (r.header("transfer-encoding") == "chunked") {
      r.chunked = true;
      for (;;) {
        auto chunk = read_chunk(ms);
        if (!chunk)
          return std::nullopt;
        if (chunk->empty())
          break;
        r.body += *chunk;
      }
    } else if (!r.header("content-length").empty()) {
      auto n = static_cast<size_t>(std::stoul(r.header("content-length")));
      if (!read_bytes(n, ms))
        return std::nullopt;
      r.body = take(n);
    }
    return r;
  }

  /// Reads one chunk of a chunked body; "" is the last chunk.
  std::optional<std::string> read_chunk(int ms = 3000) {
    if (!read_until("\r\n", ms))
      return std::nullopt;
    auto eol = buf_.find("\r\n");
    auto size = std::stoul(buf_.substr(0, eol), nullptr, 16);
    if (!read_bytes(eol + 2 + size + 2, ms))
      return std::nullopt;
    take(eol + 2);
    auto data = take(size);
    take(2);
    return data;
  }

  /// Returns the descriptor.
  int fd() const {
    return fd_;
  }

private:
  static std::chrono::steady_clock::time_point now() {
    return std::chrono::steady_clock::now();
  }

  bool fill(std::chrono::steady_clock::time_point deadline) {
    if (fd_ < 0 || eof_)
      return false;
    auto left
      = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now())
          .count();
    if (left <= 0)
      return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0)
      return false;
    char tmp[65536];
    auto n = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buf_;
  bool eof_ = false;
};

/// Formats a request with Host 127.0.0.1:`port` and Content-Length.
inline std::string
make_request(const std::string& method, const std::string& target,
             uint16_t port, const std::string& body = {},
             const std::vector<std::string>& extra_headers = {}) {
  std::string s = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + std::to_string(port) + "\r\n";
  for (const auto& h : extra_headers)
    s += h + "\r\n";
  if (!body.empty() || method == "POST")
    s += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  s += "\r\n" + body;
  return s;
}

/// Returns the number of open descriptors of this process.
inline size_t count_fds() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/self/fd"))
    ++n;
  return n;
}

/// Returns the number of threads of this process.
inline size_t count_threads() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/self/task"))
    ++n;
  return n;
}

} // namespace hummel::test

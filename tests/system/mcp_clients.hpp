#pragma once

// Plain clients for the daemon's gateways, written against the wire (no
// hummel code): a line client for the unix socket and one-shot HTTP/1.1
// requests to a loopback port.
//
// Thread safety: none; use from the test thread.

#include "tests/support/binaries.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cctype>
#include <cstdlib>

namespace bin_test {

/// A connection to the daemon's unix socket: one JSON-RPC message a line.
class socket_client {
public:
  explicit socket_client(const fs::path& path) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~socket_client() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  socket_client(const socket_client&) = delete;
  socket_client& operator=(const socket_client&) = delete;

  bool ok() const {
    return fd_ >= 0;
  }
  /// Sends `line` and a newline.
  bool send_line(std::string line) {
    line += '\n';
    return ::send(fd_, line.data(), line.size(), MSG_NOSIGNAL)
           == static_cast<ssize_t>(line.size());
  }
  /// The next line, or nullopt on end of stream or after `timeout`.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout
                                       = 10s) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = buf_.find('\n'); nl != std::string::npos) {
        auto line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        return line;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0)
        return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
        continue;
      char chunk[8192];
      auto n = ::recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0)
        return std::nullopt;
      buf_.append(chunk, static_cast<size_t>(n));
    }
  }
  /// Sends `request` and returns its answer parsed: the next message with
  /// the request's id (notifications and late answers to earlier requests
  /// are skipped), or, for a request without an id, the next message; null
  /// if none comes within `timeout` or it does not parse.
  json call(const json& request, std::chrono::milliseconds timeout = 10s) {
    if (!send_line(request.dump()))
      return nullptr;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0)
        return nullptr;
      auto line = read_line(left);
      if (!line)
        return nullptr;
      auto j = json::parse(*line, nullptr, false);
      if (j.is_discarded())
        return nullptr;
      if (!request.contains("id") || !j.is_object()
          || j.value("id", json()) == request["id"])
        return j;
    }
  }

private:
  int fd_ = -1;
  std::string buf_;
};

/// One HTTP exchange's answer.
struct http_reply {
  int status = 0;
  std::string headers; ///< the raw header block, lower-cased names
  std::string body;
};

/// One HTTP/1.1 request to 127.0.0.1:`port` with "Connection: close"; the
/// reply read to the end (at most `timeout`).
inline http_reply http_request(uint16_t port, const std::string& method,
                               const std::string& target,
                               const std::vector<std::string>& headers,
                               const std::string& body = {},
                               std::chrono::milliseconds timeout = 10s) {
  http_reply r;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return r;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\n";
  for (const auto& h : headers)
    req += h + "\r\n";
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "Connection: close\r\n\r\n" + body;
  (void)!::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string raw;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0)
      continue;
    char chunk[8192];
    auto n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0)
      break;
    raw.append(chunk, static_cast<size_t>(n));
  }
  ::close(fd);
  auto end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos)
    return r;
  r.status = std::atoi(raw.c_str() + 9);
  r.headers = raw.substr(0, end);
  for (auto& c : r.headers)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  r.body = raw.substr(end + 4);
  if (r.headers.find("transfer-encoding: chunked") != std::string::npos) {
    std::string plain;
    size_t pos = 0;
    while (pos < r.body.size()) {
      auto eol = r.body.find("\r\n", pos);
      if (eol == std::string::npos)
        break;
      auto size = std::stoul(r.body.substr(pos, eol - pos), nullptr, 16);
      if (size == 0)
        break;
      plain += r.body.substr(eol + 2, size);
      pos = eol + 2 + size + 2;
    }
    r.body = plain;
  }
  return r;
}

/// The JSON-RPC messages of a reply: the body itself if it is JSON, else
/// each `data:` line of an event stream.
inline std::vector<json> messages_of(const http_reply& r) {
  std::vector<json> out;
  auto whole = json::parse(r.body, nullptr, false);
  if (!whole.is_discarded()) {
    out.push_back(whole);
    return out;
  }
  std::istringstream in{r.body};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (line.rfind("data:", 0) != 0)
      continue;
    auto j = json::parse(line.substr(5), nullptr, false);
    if (!j.is_discarded())
      out.push_back(j);
  }
  return out;
}

} // namespace bin_test

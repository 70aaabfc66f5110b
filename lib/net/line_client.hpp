#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

/// A blocking newline-framed client for the daemon's unix socket (the CLI's
/// side of `line_server`). No Boost, no threads of its own.
///
/// Thread safety: one thread may `send_line` while another `read_line`s;
/// `shutdown` may be called from any thread to wake both. `connect`,
/// `close`, moves and destruction need exclusive access.
namespace hummel::net {

/// What went wrong in a `line_client` call.
enum class client_errc {
  /// No daemon: the socket file is missing or nobody listens (exit code 3).
  no_daemon,
  /// The wait ran out.
  timeout,
  /// The peer closed the connection (or `shutdown` was called).
  closed,
  /// An incoming line exceeded the client's `max_line`.
  too_long,
  /// Any other system error (permission denied, ...).
  io,
};

/// An error with a message for humans, e.g. "no daemon running (no socket
/// at /run/user/0/hummel/x.sock)".
struct client_error {
  client_errc code;
  std::string message;
};

/// The client. Lines sent and received exclude the "\n"; a "\r" before it
/// is dropped on receipt.
class line_client {
public:
  /// Creates an unconnected client accepting lines up to `max_line` bytes.
  explicit line_client(size_t max_line = 64u << 20);
  ~line_client();
  line_client(line_client&& other) noexcept;
  line_client& operator=(line_client&& other) noexcept;
  line_client(const line_client&) = delete;
  line_client& operator=(const line_client&) = delete;

  /// Connects to `socket`. ENOENT and ECONNREFUSED give `no_daemon`.
  std::optional<client_error> connect(const std::filesystem::path& socket,
                                      std::chrono::milliseconds timeout
                                      = std::chrono::seconds(2));

  /// Sends `line` plus "\n", waiting at most `timeout` for the daemon to
  /// take it.
  std::optional<client_error> send_line(std::string_view line,
                                        std::chrono::milliseconds timeout
                                        = std::chrono::seconds(10));

  /// Reads the next line into `line`, waiting at most `timeout` (negative:
  /// forever). At end of input an unterminated last line is returned first.
  std::optional<client_error> read_line(std::string& line,
                                        std::chrono::milliseconds timeout);

  /// Shuts the connection down both ways; wakes blocked calls.
  void shutdown();

  /// Closes the connection; the client may connect again.
  void close();

  /// Returns whether a connection is open.
  bool connected() const;

  /// Returns the socket descriptor (-1 if none), e.g. for poll().
  int native_handle() const;

private:
  /// Maps the pages `got` more bytes of a big line will take, a step ahead
  /// (common/prefault.hpp) instead of one page fault per page.
  void map_ahead(size_t got);

  int fd_ = -1;
  size_t max_line_;
  std::string buf_;
  size_t scanned_ = 0;
  bool eof_ = false;
  /// buf_'s storage as last seen by map_ahead, and how much of it is mapped.
  const char* mapped_base_ = nullptr;
  size_t mapped_ = 0;
};

} // namespace hummel::net

#pragma once

#include "net/client_limits.hpp"
#include "net/peer_cred.hpp"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

/// A unix-domain stream socket server with newline framing (one message per
/// line), for the CLI and `hummel mcp`. Asynchronous on one io thread.
///
/// Framing: lines end at "\n"; one trailing "\r" is removed; empty lines
/// are skipped. At end of input an unterminated last line is still
/// delivered, then the connection closes (after flushing queued lines).
/// A line longer than `max_line` (or that much data without a newline):
/// `line_handler::on_overlong` runs (it may send, e.g. one error line), the
/// line is skipped up to its "\n" and the connection carries on.
///
/// Limits (`client_limits`): queued output counts against the output budget
/// and the per-connection cap (a client that does not read is cut);
/// connections beyond `max_connections`, or accepted within half the
/// descriptor reserve, get one JSON-RPC error line and are closed.
///
/// Security: the socket's folder must be the user's own and private (it is
/// created 0700 if missing); the socket file is 0600, so another user's
/// connect fails with EACCES. Beyond the file modes, each accepted
/// connection's SO_PEERCRED uid must be this process's effective uid or
/// root; any other is answered one JSON-RPC error line and closed.
///
/// Thread safety: `line_connection` members may be called from any thread,
/// also after the server is gone. Handler callbacks run on the io thread,
/// one at a time per connection, and must not block. `start`, `stop` and
/// the destructor are called by the owner, from one thread (not from a
/// handler callback).
namespace hummel::net {

/// One accepted client connection.
class line_connection {
public:
  virtual ~line_connection() = default;

  /// Queues `line` plus "\n" for sending. Returns false if the connection
  /// is closed or closing. A peer that leaves more than its cap or its share
  /// of the output budget unread is dropped (see `client_limits`).
  virtual bool send_line(std::string line) = 0;

  /// Closes after the queued lines are sent (at most 5 s later); `send_line`
  /// fails from now on.
  virtual void close() = 0;

  /// Registers `f`, run once on the io thread when the connection closes;
  /// at once on the calling thread if it already has.
  virtual void on_close(std::function<void()> f) = 0;

  /// Returns whether the connection is closed or closing.
  virtual bool closed() const = 0;

  /// Bytes given to `send_line` that the peer has not taken yet: queued
  /// here or held in the socket's send queue (a producer may wait while it
  /// is high, as on HTTP). Any thread.
  virtual size_t unsent() const {
    return 0;
  }

  /// The peer's uid and pid (SO_PEERCRED at accept), if known.
  virtual std::optional<peer_credentials> peer() const {
    return std::nullopt;
  }
};

/// The application side of a `line_server`.
class line_handler {
public:
  virtual ~line_handler() = default;

  /// A client connected.
  virtual void on_open(std::shared_ptr<line_connection> conn) = 0;

  /// A complete line (without its terminator) arrived on `conn`.
  virtual void on_line(const std::shared_ptr<line_connection>& conn,
                       std::string line)
    = 0;

  /// `conn` sent a line longer than the limit; the line is skipped and the
  /// connection goes on. Default: nothing.
  virtual void on_overlong(const std::shared_ptr<line_connection>& conn) {
    (void)conn;
  }
};

/// The unix-socket server.
class line_server {
public:
  /// Creates a stopped server for `socket`; `handler` must outlive it.
  line_server(std::filesystem::path socket, line_handler& handler,
              size_t max_line = 4u << 20, client_limits limits = {});

  /// Stops (see `stop`).
  ~line_server();

  line_server(const line_server&) = delete;
  line_server& operator=(const line_server&) = delete;

  /// Checks or creates the folder, replaces a stale socket file (one
  /// nobody listens on), binds (file mode 0600), listens and starts the io
  /// thread. Errors name the path, e.g. "another daemon is running
  /// (/run/user/1000/hummel/x.sock accepts connections)".
  std::optional<std::string> start();

  /// Closes the listener and every connection (their `on_close` callbacks
  /// run), joins the thread and removes the socket file if it is still
  /// the one this server created. Idempotent. Not from a handler callback:
  /// that call is ignored, with an error logged.
  void stop();

  /// Returns the number of open connections.
  size_t open_connections() const;

  /// Returns the output budget (shared with other servers if so given).
  const output_budget& budget() const;

  /// Returns the number of connections refused so far.
  size_t refused() const;

  /// Returns the socket path.
  const std::filesystem::path& path() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace hummel::net

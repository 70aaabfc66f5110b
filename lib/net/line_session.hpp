#pragma once

// Internal to hummel_net: one line_server connection. Includes Boost; never
// include this from a public header.

#include "net/line_server.hpp"

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

/// Thread safety: a `line_session` runs on its strand only (or, after the
/// io thread has stopped, on the thread stopping the server). Its
/// `line_handle` may be used from any thread: it posts to the strand.
namespace hummel::net::detail {

namespace asio = boost::asio;
using unix_socket = asio::local::stream_protocol::socket;

class line_session;

/// State shared by the server and its sessions.
struct line_core {
  /// The application.
  line_handler* handler = nullptr;
  /// The longest accepted line.
  size_t max_line = 0;
  /// Caps and budget.
  client_limits limits;
  /// The output budget (never null once the server is built).
  std::shared_ptr<output_budget> budget;
  /// Connections refused so far.
  std::atomic<size_t> refused{0};
  /// Set when a connection closed (the server trims the heap later).
  std::atomic<bool> closed_some{false};
  /// Guards `conns`; `changed` signals removals.
  std::mutex mu;
  std::condition_variable changed;
  /// Open sessions.
  std::unordered_map<const line_session*, std::weak_ptr<line_session>> conns;
};

/// The handler's side of a connection; forwards to the session's strand.
class line_handle : public line_connection {
public:
  /// Creates the handle of `session`.
  explicit line_handle(std::shared_ptr<line_session> session);

  bool send_line(std::string line) override;
  void close() override;
  void on_close(std::function<void()> f) override;
  bool closed() const override;
  size_t unsent() const override;
  std::optional<peer_credentials> peer() const override {
    return peer_;
  }

  /// Marks the handle closed, drops the session and runs the callbacks.
  void mark_closed();

private:
  mutable std::mutex mu_;
  std::optional<peer_credentials> peer_;  // set once, at construction
  std::shared_ptr<line_session> session_; // null once closed
  bool closing_ = false;
  bool closed_ = false;
  std::vector<std::function<void()>> callbacks_;
};

/// One accepted connection: reads and splits lines, writes queued lines.
class line_session : public std::enable_shared_from_this<line_session> {
public:
  /// Takes an accepted socket whose executor is a strand.
  line_session(unix_socket socket, line_core& core);

  /// The peer's credentials (set by the server before `start`).
  std::optional<peer_credentials> peer;

  /// Registers the session, tells the handler and starts reading.
  void start();

  /// Closes the socket at once and runs the close callbacks; idempotent.
  void close();

  /// Stops reading and closes once the output is flushed (5 s at most).
  void close_gracefully();

  /// Queues bytes to send.
  void send(std::string bytes);

  /// `n` bytes are on their way to `send` (posted by the handle).
  void note_posted(size_t n) {
    unsent_.fetch_add(n, std::memory_order_relaxed);
  }

  /// Bytes posted or queued and not written, plus the socket's send queue
  /// (SIOCOUTQ). Any thread.
  size_t unsent() const;

  /// The session's strand executor.
  asio::any_io_executor executor() {
    return socket_.get_executor();
  }

private:
  void read();
  void on_read(boost::system::error_code ec, size_t n);
  void end_input();
  void overlong();
  void unqueue(size_t n);
  void write_next();

  line_core& core_;
  unix_socket socket_;
  asio::steady_timer close_timer_;
  std::shared_ptr<line_handle> handle_;
  std::string chunk_;
  std::string pending_;
  std::deque<std::string> out_;
  std::deque<std::string> in_flight_;
  size_t out_bytes_ = 0;
  /// Posted to `send` or queued, and not written yet (any thread reads).
  std::atomic<size_t> unsent_{0};
  /// The socket's descriptor for unsent(); -1 once closed.
  std::atomic<int> fd_{-1};
  bool writing_ = false;
  bool skipping_ = false; // dropping an over-long line up to its "\n"
  bool closing_ = false;
  bool closed_ = false;
};

} // namespace hummel::net::detail

#pragma once

// Internal to hummel_net: one HTTP connection and its exchanges. Includes
// Boost; never include this from a public header.

#include "net/http_checks.hpp"
#include "net/http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

/// Thread safety: an `http_connection` runs on its io context, which one
/// io thread runs (or, after the io threads have stopped, on the thread
/// stopping the server): that one thread serializes its steps, no strand
/// needed. Its `http_exchange` may be used from any thread: it posts to the
/// context, except `respond` on the connection's io thread itself (a read
/// answered while its request is handled), which writes at once; the
/// exchange's mutex is released first, since writing may close the
/// connection and mark the exchange closed.
namespace hummel::net::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
/// A connection's executor: its io context's, by its concrete type (an
/// any_io_executor costs a type-erased copy, with a reference count, per
/// asynchronous step of every request). Each context has exactly one io
/// thread (http_server.cpp), so no strand is needed: the strand's lock and
/// reference counting cost every step.
using conn_executor = asio::io_context::executor_type;
using conn_socket = asio::basic_stream_socket<tcp, conn_executor>;

class http_connection;

/// State shared by the server and its connections.
struct http_core {
  /// The configuration.
  http_options opts;
  /// The application.
  http_handler* handler = nullptr;
  /// The bound port.
  std::atomic<uint16_t> port{0};
  /// Open event streams.
  std::atomic<size_t> streams{0};
  /// Guards `conns`; `conns_changed` signals removals.
  std::mutex mu;
  std::condition_variable conns_changed;
  /// Open connections.
  std::unordered_map<const http_connection*, std::weak_ptr<http_connection>>
    conns;
  /// Open connections per client address (guarded by `mu`).
  std::unordered_map<std::string, size_t> per_address;
  /// The output budget (never null once the server is built).
  std::shared_ptr<output_budget> budget;
  /// Connections refused so far.
  std::atomic<size_t> refused{0};
  /// Called (on an io thread) after a connection closed.
  std::function<void()> closed;
};

class exchange_impl;

/// One accepted TCP connection: reads requests, checks them, passes them to
/// the handler, writes responses and streams.
class http_connection : public std::enable_shared_from_this<http_connection> {
public:
  /// Takes an accepted socket on its io context.
  http_connection(conn_socket socket, http_core& core);

  /// Sets what the server found out about the peer (before `start`).
  void set_identity(peer_identity id) {
    identity_ = id;
  }

  /// The client's address without the port, e.g. "127.0.0.1".
  const std::string& address() const {
    return address_;
  }

  /// The socket's descriptor.
  int native_handle() {
    return stream_.socket().native_handle();
  }

  /// Counts this connection under its address in `core.per_address`
  /// (removed again on close). Call with `core.mu` held, before `start`.
  void count_address() {
    counted_address_ = true;
  }

  /// Starts reading the first request (on its io thread).
  void start();

  /// Instead of reading requests, answers 503 with `why` and closes.
  void refuse(std::string why);

  /// Closes the socket and ends the exchange; idempotent. `reset`: with
  /// a TCP reset, dropping what the peer has not read (a client cut for
  /// not reading: a graceful close would queue the FIN behind data it
  /// never takes, so it would never see the close, and the kernel would
  /// keep the orphaned socket's buffers for minutes).
  void close(bool reset = false);

  /// Bytes queued and not yet written (out_bytes_, readable from any
  /// thread).
  const std::shared_ptr<std::atomic<size_t>>& queued_counter() const {
    return queued_;
  }

  /// Bytes the kernel still holds for the peer (written by us, not yet
  /// taken by it: SIOCOUTQ), 0 once closed. Any thread: the descriptor is
  /// kept in an atomic that close() clears before closing the socket (in
  /// the moment between the load and the ioctl the number may be reused;
  /// the answer is then another socket's count, never an error).
  size_t kernel_unsent() const;

  /// The connection's executor (its io context's).
  conn_executor executor() {
    return stream_.get_executor();
  }

  // Exchange operations; each runs on the io thread and is ignored unless `ex`
  // is the current exchange in the right phase.
  void do_respond(const exchange_impl* ex, int status, http_headers headers,
                  std::string body);
  void do_start_stream(const exchange_impl* ex, int status,
                       http_headers headers);
  void do_send(const exchange_impl* ex, std::string bytes);
  void do_end_stream(const exchange_impl* ex);

private:
  enum class state {
    reading,
    waiting,
    streaming,
    finishing,
    lingering,
    closed
  };

  void read_head();
  void wait_for_request();
  void queue(std::string bytes);
  void unqueue(size_t n);
  void on_head(beast::error_code ec);
  void on_body(beast::error_code ec);
  void on_read_error(beast::error_code ec);
  bool check_request();
  bool check_access();
  void dispatch();
  void monitor();
  void on_monitor(beast::error_code ec, size_t n);
  void fail(int status, std::string message, http_headers extra = {});
  void linger();
  void on_linger(beast::error_code ec, size_t n);
  void finish_exchange();
  void end_exchange();
  void write(std::string bytes);
  void write_next();
  void on_write(beast::error_code ec, size_t n);

  http_core& core_;
  beast::basic_stream<tcp, conn_executor> stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::shared_ptr<exchange_impl> exchange_;
  std::string peer_;
  peer_identity identity_;
  std::string address_;
  bool counted_address_ = false;
  bool served_ = false; // a request was read on this connection
  state state_ = state::reading;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool head_only_ = false;
  bool chunked_ = false;
  bool counted_stream_ = false;
  bool monitoring_ = false;
  bool next_after_monitor_ = false;
  bool writing_ = false;
  bool after_write_finish_ = false;
  bool after_write_linger_ = false;
  std::deque<std::string> out_;
  std::deque<std::string> in_flight_;
  size_t out_bytes_ = 0;
  /// The socket's descriptor for kernel_unsent(); -1 once closed.
  std::atomic<int> fd_{-1};
  std::shared_ptr<std::atomic<size_t>> queued_
    = std::make_shared<std::atomic<size_t>>(0);
  size_t drained_ = 0;
  std::string drain_buf_;
};

/// The handler's side of one exchange; forwards to the connection's io thread.
class exchange_impl : public http_exchange {
public:
  /// Creates the exchange of `conn`'s current request.
  explicit exchange_impl(std::shared_ptr<http_connection> conn);

  void respond(int status, http_headers headers, std::string body) override;
  void start_stream(int status, http_headers headers) override;
  bool send_event(std::string data, std::string id,
                  std::optional<int> retry_ms) override;
  bool send_comment(std::string_view text) override;
  void end_stream() override;
  void on_close(std::function<void()> f) override;
  bool closed() const override;
  size_t unsent() const override;

  /// Marks the exchange closed, drops the connection and runs the close
  /// callbacks. Called by the connection (on its io thread); idempotent.
  void mark_closed();

private:
  enum class phase { fresh, responded, streaming, ended };

  bool send_raw(std::string bytes);

  mutable std::mutex mu_;
  std::shared_ptr<http_connection> conn_; // null once closed
  /// Sent and not yet taken by the io thread; the connection's queued bytes.
  std::shared_ptr<std::atomic<size_t>> posted_
    = std::make_shared<std::atomic<size_t>>(0);
  std::shared_ptr<const std::atomic<size_t>> queued_;
  phase phase_ = phase::fresh;
  bool closed_ = false;
  std::vector<std::function<void()>> callbacks_;
};

} // namespace hummel::net::detail

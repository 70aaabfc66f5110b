#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// HTTP request/response types shared by the transport and its handlers.
///
/// Thread safety: an `http_request` is a plain value. Every member function
/// of `http_exchange` may be called from any thread, at any time, also after
/// the connection is gone (then it does nothing and reports `false`/closed).
/// `http_handler::handle` runs on an io thread and must not block.
namespace hummel::net {

/// A header list: (name, value) pairs in arrival or sending order.
using http_headers = std::vector<std::pair<std::string, std::string>>;

/// One parsed HTTP request.
struct http_request {
  /// The method as sent: "POST", "GET", "DELETE", ...
  std::string method;
  /// The request target, e.g. "/mcp?x=y".
  std::string target;
  /// Header names lower-cased, values trimmed of surrounding blanks.
  http_headers headers;
  /// The complete body (chunked bodies are already decoded).
  std::string body;
  /// The peer address, e.g. "127.0.0.1:54321".
  std::string peer;
  /// The uid behind a loopback peer, when `http_options::owner_uid` made
  /// the server look it up and the kernel knew it.
  std::optional<uint32_t> peer_uid;

  /// Returns the first header named `lower_name`, or nullptr if absent.
  const std::string* header(std::string_view lower_name) const;
};

/// One request/response exchange.
///
/// Exactly one of `respond` or `start_stream` takes effect; later calls are
/// ignored. Framing headers (Content-Length, Transfer-Encoding, Connection)
/// are set by the transport; CR/LF in names or values are removed.
class http_exchange {
public:
  virtual ~http_exchange() = default;

  /// Sends a complete response with Content-Length. Once.
  virtual void respond(int status, http_headers headers, std::string body) = 0;

  /// Starts a `text/event-stream` response (chunked). `Content-Type`
  /// defaults to `text/event-stream` and `Cache-Control` to `no-cache`.
  virtual void start_stream(int status, http_headers headers) = 0;

  /// Sends one SSE event: optional `id:`, optional `retry:`, then the data
  /// split into `data:` lines (at "\n", "\r\n" or "\r"). Returns false if the
  /// stream is not started, already ended or the peer is gone.
  virtual bool send_event(std::string data, std::string id = {},
                          std::optional<int> retry_ms = {})
    = 0;

  /// Sends an SSE comment line (": text"), e.g. as a keep-alive. Returns
  /// false like `send_event`.
  virtual bool send_comment(std::string_view text = {}) = 0;

  /// Ends a started stream (the connection stays open for the next request).
  virtual void end_stream() = 0;

  /// Registers `f`, called once (on an io thread) when the peer disconnects
  /// or the exchange ends. If that already happened, `f` runs at once on the
  /// calling thread.
  virtual void on_close(std::function<void()> f) = 0;

  /// Returns whether the exchange has ended or the peer has gone.
  virtual bool closed() const = 0;

  /// Bytes sent through this exchange, queued on its connection or held
  /// in the kernel's send queue of its socket that the peer has not taken
  /// yet (a producer may wait while it is high; a peer that does not read
  /// would otherwise let the kernel absorb megabytes first).
  virtual size_t unsent() const {
    return 0;
  }
};

/// The application side of the HTTP server.
class http_handler {
public:
  virtual ~http_handler() = default;

  /// Called on an io thread for every request that passed the transport's
  /// checks (path, Host, Origin, bearer token, size); must not block. Keep
  /// `ex` to answer later, from any thread. With more than one io thread,
  /// calls for different connections may run concurrently.
  virtual void handle(http_request req, std::shared_ptr<http_exchange> ex) = 0;
};

} // namespace hummel::net

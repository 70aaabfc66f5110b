#pragma once

#include "net/client_limits.hpp"
#include "net/http_exchange.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

/// An asynchronous HTTP/1.1 server (Boost.Beast over Asio, kept out of this
/// header) for one endpoint path, with DNS-rebinding protection (Host and
/// Origin checks), an optional bearer token and body/header size limits.
///
/// Every connection and stream is a set of pending asynchronous operations
/// on a small fixed pool of io threads: an idle SSE stream costs a socket and
/// a few KiB, never a thread. Each io thread runs its own context;
/// connections are dealt to them round robin at accept, so a connection's
/// steps stay on one thread and never wake another.
///
/// Thread safety: `start`, `stop` and the destructor are called by the
/// owner, from one thread. `port`, `open_connections` and `open_streams` may
/// be called from any thread. The handler runs on the io threads.
namespace hummel::net {

/// Configuration of an `http_server`.
struct http_options {
  /// Address to bind.
  std::string address = "127.0.0.1";
  /// Port to bind; 0 picks a free one (see `http_server::port`).
  uint16_t port = 7777;
  /// When `port` is in use, bind the next one, up to this many ports in
  /// all, then an ephemeral one if `ephemeral_fallback`. Each attempt is the
  /// bind itself (no probe first), so two servers starting together never
  /// both pick the same port. 1 = only `port`; an error names it.
  uint16_t port_span = 1;
  bool ephemeral_fallback = false;
  /// Number of io threads.
  size_t threads = 1;
  /// Larger bodies get 413 with a JSON-RPC-shaped error body.
  size_t max_body = 4u << 20;
  /// Larger request heads (request line plus headers) get 431.
  size_t max_header = 16u << 10;
  /// The served path (query strings ignored); paths neither this nor in
  /// `extra_paths` or `public_paths` get 404.
  std::string path = "/mcp";
  /// More served paths, with the same checks (e.g. the dashboard's events).
  std::vector<std::string> extra_paths;
  /// Paths served without the token/owner check (Host and Origin are still
  /// checked): constant files with no data, such as the dashboard's page.
  std::vector<std::string> public_paths;
  /// If non-empty, every request needs "Authorization: Bearer <token>"
  /// (401 otherwise), except as `owner_uid` allows.
  std::string bearer_token;
  /// If set, the server looks up the uid behind each loopback connection
  /// (net/peer_cred.hpp, once per connection): this uid and root are served
  /// without a token; any other local uid needs `bearer_token` and gets 403
  /// ("this daemon belongs to uid N; present its token") without it.
  /// Non-loopback peers need the token as before.
  std::optional<uint32_t> owner_uid;
  /// If true, Host must name localhost, 127.0.0.1 or [::1] (with the
  /// listening port or none) unless `allowed_hosts` lists it; else 403.
  bool loopback_only_hosts = true;
  /// Extra Host values accepted, as "name" (any port) or "name:port".
  std::vector<std::string> allowed_hosts;
  /// Extra Origin values accepted, e.g. "https://app.example.com". Loopback
  /// origins (http or https, any port) are always accepted.
  std::vector<std::string> allowed_origins;
  /// Keep-alive connections idle this long are closed (not streams, and not
  /// requests waiting for the handler's answer).
  std::chrono::seconds idle_timeout{300};
  /// Output budget, connection caps, header timeout, descriptor reserve.
  client_limits limits;
};

/// The HTTP server. Requests are passed to the handler once their head and
/// body are read and checked; the transport itself answers 400 (malformed),
/// 401, 403, 404, 413 and 431, and 503 to a connection over the caps of
/// `client_limits` (with Retry-After and a JSON-RPC-shaped body).
class http_server {
public:
  /// Creates a stopped server; `handler` must outlive it.
  http_server(http_options opts, http_handler& handler);

  /// Stops, closes every connection and stream, joins the threads.
  ~http_server();

  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// Binds and starts the threads. Returns an error naming address and port,
  /// e.g. "cannot listen on 127.0.0.1:7777: address already in use".
  std::optional<std::string> start();

  /// Returns the bound port (useful after binding port 0); 0 before start.
  uint16_t port() const;

  /// Closes the listener and every connection and stream (their `on_close`
  /// callbacks run), then joins the threads. Idempotent. Not from a handler
  /// (an io thread): that call is ignored, with an error logged.
  void stop();

  /// Returns the number of open TCP connections.
  size_t open_connections() const;

  /// Returns the number of open event streams.
  size_t open_streams() const;

  /// Returns the output budget (shared with other servers if so given).
  const output_budget& budget() const;

  /// Returns the number of connections refused so far (caps, descriptors).
  size_t refused() const;

private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

} // namespace hummel::net

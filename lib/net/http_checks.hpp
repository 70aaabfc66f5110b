#pragma once

#include "net/http_server.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The HTTP server's request checks, as plain functions (no I/O).
///
/// Thread safety: pure functions.
namespace hummel::net {

/// Returns whether `host` (a Host header value) is acceptable for a server
/// listening on `port`: any host if `opts.loopback_only_hosts` is false;
/// else localhost, 127.0.0.1 or [::1] with `port` or no port, or an entry of
/// `opts.allowed_hosts` ("name" for any port, "name:port" exactly).
/// Host names compare case-insensitively.
bool host_allowed(std::string_view host, uint16_t port,
                  const http_options& opts);

/// Returns whether `origin` (an Origin header value) is acceptable: an
/// http(s) origin on localhost, 127.0.0.1 or [::1] (any port), or an entry
/// of `opts.allowed_origins` (case-insensitive, trailing "/" ignored).
/// "null" and anything unparsable are refused.
bool origin_allowed(std::string_view origin, const http_options& opts);

/// Returns whether `authorization` (the header value, or nullptr if absent)
/// carries "Bearer <token>" (scheme case-insensitive). Compares in time
/// independent of where the tokens differ.
bool bearer_ok(const std::string* authorization, std::string_view token);

/// What the server knows about a connection's peer.
struct peer_identity {
  /// The peer address is a loopback one.
  bool loopback = false;
  /// The uid behind it (loopback peers only, when the kernel knew it).
  std::optional<uint32_t> uid;
};

/// The outcome of `decide_access`.
struct access_decision {
  /// 0: serve; else the status to answer (401 or 403).
  int status = 0;
  /// The reason for the error body; empty when served.
  std::string message;
};

/// Decides whether a request with `authorization` (the header value, or
/// nullptr) from `peer` is served: a valid bearer token always is; with
/// `opts.owner_uid` set, a loopback peer whose uid is the owner's or root's
/// is too, and any other loopback peer gets 403 naming the owner's uid;
/// without a configured token everything else is served; else 401.
access_decision decide_access(const http_options& opts,
                              const peer_identity& peer,
                              const std::string* authorization);

/// Returns whether `target` (e.g. "/mcp?x=1") addresses `path`.
bool path_matches(std::string_view target, std::string_view path);

/// Formats a byte count for messages: "4 MiB", "16 KiB" or "1000 bytes".
std::string size_text(size_t bytes);

/// Returns a JSON-RPC-shaped error body:
/// {"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"..."}}.
std::string json_rpc_error_body(std::string_view message, int code = -32600);

} // namespace hummel::net

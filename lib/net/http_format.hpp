#pragma once

#include "net/http_exchange.hpp"

#include <optional>
#include <string>
#include <string_view>

/// Wire formatting for HTTP/1.1 responses and server-sent events.
///
/// Thread safety: pure functions.
namespace hummel::net {

/// ASCII case-insensitive equality (header names, hosts, schemes).
bool iequals(std::string_view a, std::string_view b);

/// Formats one SSE event: "id: ..." (if `id` is non-empty; CR, LF and NUL
/// removed), "retry: ..." (if set and not negative), one "data: ..." line
/// per line of `data` (split at "\n", "\r\n" or "\r"), then a blank line.
std::string format_sse_event(std::string_view data, std::string_view id,
                             std::optional<int> retry_ms);

/// Formats an SSE comment (": text"; line breaks become spaces) and a blank
/// line.
std::string format_sse_comment(std::string_view text);

/// Wraps `payload` in one HTTP/1.1 chunk; an empty payload gives "".
std::string format_chunk(std::string_view payload);

/// What the transport adds to a response head.
struct response_framing {
  /// A Content-Length to send, or none (streams, 1xx, 204, 304).
  std::optional<size_t> content_length;
  /// Whether to send "Transfer-Encoding: chunked".
  bool chunked = false;
  /// Whether to send "Connection: close" (else keep-alive).
  bool close = false;
  /// Whether "Connection: keep-alive" must be explicit (HTTP/1.0 peers).
  bool explicit_keep_alive = false;
};

/// Formats an HTTP/1.1 status line and headers up to the blank line.
/// Handler-given Content-Length, Transfer-Encoding and Connection headers
/// are dropped (framing comes from `framing`); CR, LF and NUL are removed
/// from names and values, and headers with empty or invalid names dropped.
std::string format_response_head(int status, const http_headers& headers,
                                 const response_framing& framing);

/// Returns whether the response headers ask to close ("Connection: close").
bool wants_close(const http_headers& headers);

/// Returns `headers` plus `name: value` unless a header of that name (any
/// case) is already there.
http_headers with_default(http_headers headers, std::string_view name,
                          std::string_view value);

} // namespace hummel::net

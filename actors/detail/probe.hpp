#pragma once

// Blocking readiness probes. Call them only from a detached actor or a
// plain thread, never from a cooperative actor.

#include <chrono>
#include <cstdint>
#include <string>

namespace hummel::detail {

/// True if 127.0.0.1:`port` accepts a TCP connection within `timeout`.
bool probe_tcp(uint16_t port, std::chrono::milliseconds timeout);

/// True if a GET of `url` (http://host[:port]/path) answers 2xx within
/// `timeout`.
bool probe_http(const std::string& url, std::chrono::milliseconds timeout);

} // namespace hummel::detail

#pragma once

// Why TLS handshakes between cluster nodes fail. CAF 0.17's OpenSSL module
// drops a failed handshake without a word (its session code has a "TODO:
// log"), so hummel interposes `SSL_new`, which that module calls once per
// connection: the SSL object gets an info callback (alerts) and a verify
// callback (certificate errors) and behaves otherwise unchanged. Refused
// inbound links are logged once per peer host and reason; why an outbound
// link failed is kept for its CLUSTER LINK to report.
//
// Thread safety: the callbacks run on CAF's multiplexer thread; the shared
// records are behind a mutex; `install` runs once before the actor system
// starts.

#include <functional>
#include <string>

namespace hummel::tls_watch {

/// Sets where refused inbound handshakes are logged.
void install(std::function<void(const std::string&)> log_refusal);

/// Why the last outbound handshake to `address` ("host:port") failed,
/// or "" (also after a later success).
std::string last_failure(const std::string& address);

/// Number of refused inbound handshakes so far.
size_t refusals();

} // namespace hummel::tls_watch

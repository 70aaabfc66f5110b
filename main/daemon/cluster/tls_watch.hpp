#pragma once

// TLS between cluster nodes: two repairs to CAF 0.17's OpenSSL module,
// made by interposing the few OpenSSL functions it calls (hummel-tls.so,
// tls_module.hpp, defines wrappers; the real functions are found with
// dlsym(RTLD_NEXT)).
//
// 1. Correctness: CAF never clears OpenSSL's per-thread error queue, so one
//    failed handshake (a peer with a certificate from another CA, or no
//    TLS at all) left an error that made the next healthy connection on the
//    same multiplexer thread look broken, and CAF closed it: every refused
//    attempt dropped the good links. The wrappers clear the queue before
//    each SSL_accept/connect/read/write, as OpenSSL requires.
// 2. Diagnostics: CAF drops a failed handshake without a word (its session
//    code has a "TODO: log"). SSL objects get an info callback (alerts) and
//    a verify callback (certificate errors); refused inbound links are
//    logged once per peer host and reason, and why an outbound link failed
//    is kept for its CLUSTER LINK to report.
//
// Thread safety: the callbacks run on CAF's multiplexer thread; the shared
// records are behind a mutex. Refused inbound links go to the function
// given to `set_warn` (the daemon logs them on its `tls` logger).

#include <cstdint>
#include <string>

namespace hummel::tls_watch {

/// Where the lines about refused inbound links go (nullptr: nowhere).
void set_warn(void (*warn)(const std::string& line));

/// Why the last outbound handshake to `address` ("host:port") failed, or
/// "" (also after a later success); the record is consumed, so a later
/// failure of another kind (refused, unreachable) is not misexplained.
/// An `address` with a host name matches a record by `port` (0: none).
std::string take_failure(const std::string& address, uint16_t port);

} // namespace hummel::tls_watch

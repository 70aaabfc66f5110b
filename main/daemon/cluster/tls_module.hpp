#pragma once

// Cluster TLS as a loadable module: CAF's OpenSSL module, OpenSSL itself
// and hummel's repairs to them (tls_watch.hpp) live in `hummel-tls.so`,
// which the daemon opens only when `[cluster] tls` is set. A daemon
// without TLS (every project on one machine, the local hub) then maps no
// libcaf_openssl, libssl or libcrypto: 1.9 MB less RSS, 0.5 MB of it
// written by their relocations (docs/BENCHMARKS.md, "Memory: OpenSSL only
// where TLS is used").
//
// Where the module is looked for: beside the executable (the build tree),
// then `<executable's folder>/../<libdir>/hummel/` (an installed tree,
// cmake/HummelInstall.cmake). It is opened once and never closed (CAF
// keeps pointers into it).
//
// Thread safety: `load_tls_module` may be called from any thread (a static
// initialised once); the module's functions are those of tls_watch.hpp and
// CAF's, each saying its own.

#include <caf/fwd.hpp>
#include <caf/io/middleman_actor.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <variant>

namespace hummel {

/// Bumped whenever `tls_module` changes: a module of another build is
/// refused instead of called with the wrong layout.
inline constexpr int tls_module_abi = 1;

/// The module's file name.
inline constexpr const char* tls_module_file = "hummel-tls.so";

/// The entry points of `hummel-tls.so` (main/daemon/cluster/tls_plugin.cpp).
struct tls_module {
  int abi;
  /// Loads CAF's OpenSSL module into `cfg` with these PEM files; `warn`
  /// gets the lines about refused inbound links (tls_watch.hpp).
  void (*configure)(caf::actor_system_config& cfg, const std::string& cert,
                    const std::string& key, const std::string& ca,
                    void (*warn)(const std::string& line));
  /// caf::openssl::publish: the bound port or why it failed.
  caf::expected<uint16_t> (*publish)(caf::actor_system& sys,
                                     const caf::strong_actor_ptr& whom,
                                     std::set<std::string> sigs, uint16_t port,
                                     const char* host);
  /// The OpenSSL manager's middleman actor (connects with TLS).
  caf::io::middleman_actor (*connector)(caf::actor_system& sys);
  /// tls_watch::take_failure: why the last outbound handshake to
  /// `address` ("host:port") failed, or ""; a host name in `address` is
  /// matched by `port`.
  std::string (*take_failure)(const std::string& address, uint16_t port);
};

/// The C symbol `hummel-tls.so` exports: returns its `tls_module`.
inline constexpr const char* tls_module_symbol = "hummel_tls_module";

/// Opens `hummel-tls.so` once; the module, or why it cannot be used
/// (which paths were tried, dlopen's error).
std::variant<const tls_module*, std::string> load_tls_module();

} // namespace hummel

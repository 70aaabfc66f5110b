#pragma once

// CAF's network layer for the cluster: loads the middleman (and CAF's
// OpenSSL module, through hummel-tls.so, tls_module.hpp, when `[cluster]
// tls` is set), turns on BASP heartbeats with a
// connection timeout, sets the protocol version as the application
// identifier, and publishes this node's CLUSTER NODE.
//
// Thread safety: `configure_cluster` runs before the actor system exists;
// `publish_node` and `cluster_connector` on any thread afterwards.

#include "config/project_config.hpp"
#include "messages/interfaces.hpp"

#include <caf/fwd.hpp>
#include <caf/io/middleman_actor.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

namespace hummel {

struct tls_module;

/// Carried in the BASP handshake: builds with a different value refuse to
/// link ("incompatible application identifiers"). Bump it whenever a wire
/// type or the node interface changes.
inline constexpr const char* cluster_protocol = "hummel-cluster/1";

/// Heartbeat period and the silence after which a peer counts as gone
/// (a frozen peer is noticed after about their sum).
inline constexpr std::chrono::milliseconds cluster_heartbeat{250};
inline constexpr std::chrono::milliseconds cluster_silence{2000};

/// Prepares `cfg` for cluster links (before the actor system exists);
/// `tls` is the loaded module when `cluster.tls` is enabled.
void configure_cluster(caf::actor_system_config& cfg,
                       const cluster_settings& cluster, const tls_module* tls);

/// Publishes `node` at `cluster.listen` (TLS when configured, which needs
/// `tls`); the bound port (useful with port 0) or why it failed.
std::variant<uint16_t, std::string>
publish_node(caf::actor_system& sys, const node_actor& node,
             const cluster_settings& cluster, const tls_module* tls);

/// The middleman actor that connects to peers: with TLS when `tls` is
/// given (the module is loaded only when `[cluster] tls` is set).
caf::io::middleman_actor cluster_connector(caf::actor_system& sys,
                                           const tls_module* tls);

/// Why the last TLS handshake to `address` failed, or "" (also without
/// TLS): tls_watch::take_failure.
std::string explain_tls_failure(const tls_module* tls,
                                const std::string& address);

} // namespace hummel

#pragma once

// The CLUSTER NODE actor: this node's face towards its peers, published
// through CAF's middleman (plain or TLS). A peer's CLUSTER LINK subscribes
// with its sink and gets the full view, then every delta of the local
// STATUS CACHE (converted to wire values), plus a keep-alive each second.
// Remote control goes to the SUPERVISOR, only when this node allows it.
//
// Thread safety: only the actor touches its state; it reads the local view
// through the view cell's wait-free reader.

#include "messages/interfaces.hpp"
#include "messages/status_view.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace hummel {

class audit_log;

/// What a CLUSTER NODE needs from the daemon.
struct cluster_node_config {
  /// The local view; outlives the actor.
  const view_cell<status_view>* cell = nullptr;
  supervisor_actor supervisor;
  status_cache_actor cache;
  /// Peers may start, stop and restart processes (TLS and
  /// allow_remote_control).
  bool remote_control = false;
  /// Longest a remote command may take.
  std::chrono::milliseconds command_timeout{20000};
  /// Keep-alive period.
  std::chrono::milliseconds keepalive{1000};
  /// Where peers' commands are recorded; null: nowhere (they are logged).
  audit_log* audit = nullptr;
  /// The node published for the local hub (unix socket, this uid only):
  /// commands are allowed, but each must carry this credential after the
  /// ordering node's name (`from` = name, credential_separator, credential),
  /// because any BASP peer of this process (a TCP cluster link) can address
  /// a registered actor by its id. Empty: a normal CLUSTER NODE.
  std::string credential;
};

/// Separates the ordering node's name from the credential in `from`.
inline constexpr char credential_separator = '\x1f';

/// State of the CLUSTER NODE.
struct cluster_node_state {
  cluster_node_config cfg;
  std::vector<node_sink_actor> sinks;
  static inline const char* name = "cluster-node";
};

/// This node's published cluster interface.
cluster_node_actor::behavior_type
cluster_node(cluster_node_actor::stateful_pointer<cluster_node_state> self,
             cluster_node_config cfg);

/// The wire form of a local view.
node_view to_wire(const status_view& view, bool remote_control);

} // namespace hummel

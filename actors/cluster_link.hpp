#pragma once

// A CLUSTER LINK actor: one per configured peer. Connects through the
// middleman actor (plain or TLS; a request with a finite timeout, so
// nothing blocks a scheduler thread), subscribes to the peer's CLUSTER
// NODE, applies its full view and then its versioned deltas (a gap
// triggers a resynchronisation), and reconnects with exponential backoff
// when the link drops. Reports every change to the CLUSTER VIEW.
//
// Thread safety: only the actor touches its state; `log` and `explain`
// must be callable from any thread.

#include "actors/detail/peer_replica.hpp"
#include "messages/interfaces.hpp"
#include "messages/status_view.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/io/middleman_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace hummel {

/// Writes one log line (`warning` = warn level, else info).
using cluster_log_fn = std::function<void(bool warning, const std::string&)>;

/// Why the last connection to "host:port" failed below CAF (the TLS
/// handshake), or "".
using cluster_explain_fn = std::function<std::string(const std::string&)>;

/// What one CLUSTER LINK needs.
struct cluster_link_config {
  /// Position of the peer in the configuration.
  uint32_t slot = 0;
  /// "host:port" as configured.
  std::string address;
  std::string host;
  uint16_t port = 0;
  /// Connect with TLS (the OpenSSL module's middleman actor).
  bool tls = false;
  /// The middleman actor that connects (plain or TLS). The link only sends
  /// it `connect_atom, host, port` and expects (node, actor, interface set)
  /// back, so this handle is also the seam for tests: the daemon passes the
  /// real middleman's (main/daemon/cluster/cluster_net.cpp), a test passes
  /// an actor of its own that answers that one message with a stand-in
  /// CLUSTER NODE in the same actor system (actor_cast to this type), and
  /// can refuse, answer late or never answer.
  caf::io::middleman_actor connector;
  cluster_view_actor view;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{5000};
  std::chrono::milliseconds command_timeout{20000};
  std::chrono::milliseconds backoff_min{1000};
  std::chrono::milliseconds backoff_max{30000};
  /// Null: log on the `cluster` logger (common/log.hpp); tests observe the
  /// lines here instead.
  cluster_log_fn log;
  cluster_explain_fn explain;
  /// This node's view (its name goes with every command, so the peer can
  /// say who ordered it); null: sent as "".
  const view_cell<status_view>* local = nullptr;
  /// A local hub link (unix socket): the peer's credential from its runtime
  /// file, sent with every command (cluster_node_config::credential);
  /// commands need no TLS then. Empty: a cluster link.
  std::string credential;
  /// The name this node gets in the view (the hub names projects after
  /// their folder); empty: the name the peer reports.
  std::string name;
};

/// State of one CLUSTER LINK.
struct cluster_link_state {
  cluster_link_config cfg;
  detail::peer_replica replica;
  /// The peer's CLUSTER NODE while linked.
  node_actor remote;
  /// A connect or subscribe is in flight.
  bool connecting = false;
  /// A full-view request is in flight.
  bool resyncing = false;
  /// Connection attempt; answers to an older attempt are ignored.
  uint64_t attempt = 0;
  std::chrono::milliseconds backoff{0};
  /// The entry last reported (name, state, error, view).
  node_entry entry;
  /// Origin publish times of versions applied since the last report.
  std::vector<int64_t> origin_ms;
  /// The first problem of the current failure streak, once logged.
  std::string logged;
  static inline const char* name = "cluster-link";
};

/// Links this node to one peer.
cluster_link_actor::behavior_type
cluster_link(cluster_link_actor::stateful_pointer<cluster_link_state> self,
             cluster_link_config cfg);

} // namespace hummel

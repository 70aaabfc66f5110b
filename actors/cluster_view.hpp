#pragma once

// The CLUSTER VIEW actor: spawns one CLUSTER LINK per peer, merges the
// local view and every peer's into one immutable `cluster_view` and
// publishes it through its own view cell, so reading the cluster costs what
// reading the local node costs. A peer that is down keeps its last known
// view, marked stale with the time it was last heard from. It also measures
// how long changes take from their origin's publish to this publish.
//
// Thread safety: only the actor touches its state; it is the single writer
// of its view cell and reads the local cell with the wait-free reader.
//
// Backlog bound: as the STATUS CACHE, it does not publish while more than
// `max_backlog` retired objects wait in the epoch domain (a reader stuck in
// a read section): it keeps merging reports, retries every `backlog_retry`
// and publishes the merged view once the backlog drains. Latency samples
// waiting for that publish are capped (`max_pending_samples`).

#include "actors/cluster_link.hpp"
#include "actors/status_cache.hpp"
#include "messages/cluster_view.hpp"
#include "messages/interfaces.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace hummel {

/// What the CLUSTER VIEW needs.
struct cluster_view_config {
  /// The local view; outlives the actor.
  const view_cell<status_view>* local = nullptr;
  /// Where cluster views go; outlives the actor.
  view_cell<cluster_view>* cell = nullptr;
  status_cache_actor cache;
  /// This node's published address ("" when not published).
  std::string listen;
  /// Peers may control processes here.
  bool remote_control = false;
  /// This node's links use TLS.
  bool tls = false;
  /// Template for every link (slot, address, host, port are filled in).
  cluster_link_config link;
  /// "host:port" of every peer.
  std::vector<std::string> peers;
  /// Spawn a CLUSTER LINK per peer; false when something else sends the
  /// peer reports (benchmarks).
  bool spawn_links = true;
  /// The port of a peer whose address is a unix socket path (the local
  /// hub's links: main/daemon/cluster/unix_transport.hpp).
  uint16_t unix_port = 1;
  /// Backlog limit (see the note at the top of this file).
  uint64_t max_backlog = default_max_backlog;
};

/// Origin times kept for the next publish at most; beyond, the samples are
/// taken at once (a lower bound of their latency) so that a deferred
/// publish cannot grow them without bound.
inline constexpr size_t max_pending_samples = 65536;

/// The CLUSTER VIEW's full interface: the cluster view's, plus peers added
/// and removed while it runs (the local hub discovers its daemons).
using cluster_viewer_actor = cluster_view_actor::extend<
  // Links to a peer: address ("host:port", or a unix socket path), the name
  // it gets in the view ("" = its own), the credential its commands carry
  // ("" = a cluster peer). A peer at the same address is replaced by a new
  // link (a restarted daemon links at once, with no backoff).
  caf::reacts_to<caf::put_atom, std::string, std::string, std::string>,
  // Ends the link to the peer at `address` and drops its entry.
  caf::reacts_to<caf::delete_atom, std::string>>;

/// Propagation latency histogram: 0.1 ms buckets up to 2 s.
struct latency_histogram {
  static constexpr size_t buckets = 20000;
  std::vector<uint32_t> counts = std::vector<uint32_t>(buckets, 0);
  uint64_t total = 0;
  double max_ms = 0;
  void add(double ms);
  propagation_stats stats() const;
};

/// State of the CLUSTER VIEW.
struct cluster_view_state {
  cluster_view_config cfg;
  /// Slot 0: this node; slot i + 1: peer i.
  std::vector<node_entry> nodes;
  std::vector<cluster_link_actor> links;
  /// The slot id of peer i (its link reports with it; ids are never
  /// reused, so a removed link's late report finds no peer).
  std::vector<uint32_t> slot_ids;
  uint32_t next_slot = 0;
  /// Index of names and addresses; null when a name changed since the last
  /// publish.
  std::shared_ptr<const name_index> node_names;
  /// Origin publish times folded since the last publish.
  std::vector<int64_t> origin_ms;
  latency_histogram latency;
  uint64_t version = 0;
  bool flush_pending = false;
  /// Publishes deferred because the backlog was over the limit.
  uint64_t deferred = 0;
  /// Told the version of every publish (watch feeds of the cluster).
  std::vector<cluster_watcher_actor> watchers;
  static inline const char* name = "cluster-view";
};

/// The CLUSTER VIEW actor (named `cluster_viewer` because `cluster_view`
/// is the value it publishes): merges and publishes the cluster view.
cluster_viewer_actor::behavior_type
cluster_viewer(cluster_viewer_actor::stateful_pointer<cluster_view_state> self,
               cluster_view_config cfg);

/// A cluster view with only the local node (initialises the cell).
std::unique_ptr<const cluster_view>
make_local_cluster_view(const status_view& local, std::string listen);

} // namespace hummel

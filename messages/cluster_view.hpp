#pragma once

// The published, immutable view of a whole cluster: this node's view and
// the last known view of every peer, with each link's state.
//
// Thread safety: built by the CLUSTER VIEW actor and then only read; it is
// published through a `view_cell<cluster_view>` like the local view, so a
// cluster read costs what a local read costs. The `status_view`s inside are
// immutable and shared with the views before and after.

#include "messages/status_view.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hummel {

/// Where a node stands, seen from this node.
enum class link_state : uint8_t {
  local,      ///< this node
  connecting, ///< never linked yet (or linking after a refusal)
  linked,     ///< subscribed; deltas are flowing
  stale,      ///< was linked, the link is down; last known state kept
};

/// "local", "connecting", "linked", "stale".
std::string_view to_string(link_state) noexcept;

/// One node of the cluster as a CLUSTER LINK (or the local cache) last
/// reported it.
struct node_entry {
  /// The node's own name once known; its address until then.
  std::string name;
  /// "host:port" as configured ("" for the local node).
  std::string address;
  link_state state = link_state::connecting;
  /// When this node last heard from it (unix epoch ms; 0 = never).
  int64_t last_heard_ms = 0;
  /// Why the last link attempt failed or the link went down ("" if none).
  std::string error;
  /// The link is authenticated (TLS).
  bool tls = false;
  /// The node accepts start/stop/restart from its peers.
  bool remote_control = false;
  /// Its last known view; null before the first one arrived.
  std::shared_ptr<const status_view> view;
};

/// Percentiles of how long a change took from its origin node's publish to
/// this node's cluster view (milliseconds).
struct propagation_stats {
  uint64_t count = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

/// Every node at one version of the cluster view.
struct cluster_view {
  uint64_t version = 0;
  int64_t built_ms = 0;
  /// This node first, then the peers in configuration order.
  std::vector<node_entry> nodes;
  /// Name and address of every node → its position in `nodes`; shared
  /// between views until a name changes.
  std::shared_ptr<const name_index> node_names;
  propagation_stats propagation;
  /// The answers to scripts_status and scripts_list over every node with
  /// no other argument (the hub's everyday read), rendered on first read
  /// (actors/mcp_tools/render.hpp).
  render_slot status_render;
  render_slot list_render;

  /// The node named (or addressed) `key`, or nullptr. O(1).
  const node_entry* find(std::string_view key) const noexcept {
    if (node_names) {
      auto i = node_names->find(key);
      return i != node_names->end() && i->second < nodes.size()
               ? &nodes[i->second]
               : nullptr;
    }
    for (const auto& n : nodes)
      if (n.name == key || (!n.address.empty() && n.address == key))
        return &n;
    return nullptr;
  }
};

/// What a CLUSTER LINK tells the CLUSTER VIEW about its peer.
struct peer_report {
  /// Slot of the peer (its position in the configured peers).
  uint32_t slot = 0;
  node_entry entry;
  /// Origin publish times of the versions applied since the last report
  /// (for propagation latency).
  std::vector<int64_t> origin_ms;
};

} // namespace hummel

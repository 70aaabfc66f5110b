#pragma once

// The daemon side of the watch feed (`hummel/watch`, see mcp/engine.hpp):
// the delta notification's params, built from a STATUS CACHE delta (the
// local view) or from two versions of the cluster view (`"node": "*"`).
//
// The cluster view has no deltas of its own: the CLUSTER VIEW tells its
// watchers the version of each publish, and the session compares the new
// view with what its client holds, node by node. Unchanged nodes share
// their `status_view` with the previous version and unchanged processes
// their snapshot, so the comparison is a pointer compare per process of a
// changed node (1,600 processes: microseconds).
//
// Thread safety: used only by the MCP SESSION actor that owns `st`.

#include "messages/cluster_view.hpp"
#include "messages/status_delta.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hummel {

struct mcp_session_state;

/// What a cluster watch's client holds: per node slot, the node's name
/// and the view it was last sent; the nodes' lasting fields; the version.
struct cluster_watch_seen {
  struct slot {
    std::string name;
    std::shared_ptr<const status_view> view;
  };
  std::vector<slot> slots;
  /// Name, address, state, error, TLS and control of every node: a delta
  /// goes out when this changes even if no process did (last-heard times
  /// alone do not make one).
  std::string nodes_key;
  uint64_t version = 0;
  /// The session is subscribed to the CLUSTER VIEW's publishes.
  bool subscribed = false;
};

/// The params of `notifications/hummel/delta` for `d`: {from, to, time_ms,
/// changed:[status item...], removed:[name...], list_changed}. Keeps the
/// session's index → name table (seeded by the watch snapshot) current, to
/// name the removed processes.
nlohmann::json watch_delta_params(mcp_session_state& st, const status_delta& d,
                                  int64_t now_ms);

/// The cluster watch's answer for `v`: {version, node (this node), time_ms,
/// cluster: true, nodes:[...], propagation, processes:[item + "node"]};
/// records in `seen` what it holds.
nlohmann::json cluster_watch_snapshot(cluster_watch_seen& seen,
                                      const cluster_view& v, int64_t now_ms);

/// The params of a cluster delta from `seen` to `v`: {from, to, time_ms,
/// cluster: true, changed:[item + node], removed:[{node, name}], nodes,
/// propagation, list_changed}; nullopt when nothing a client shows
/// changed (the version seen still advances). Updates `seen`.
std::optional<nlohmann::json> cluster_watch_delta(cluster_watch_seen& seen,
                                                  const cluster_view& v,
                                                  int64_t now_ms);

} // namespace hummel

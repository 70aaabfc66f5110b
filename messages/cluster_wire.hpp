#pragma once

// What crosses the network between cluster nodes: a node's full view and
// its deltas, as plain values (a `snapshot_ptr` cannot travel), and the
// 0.17 `inspect` overloads that serialise them. Registered on both sides in
// prepare.cpp; a type missing there arrives as an empty message.

#include "messages/process_snapshot.hpp"

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace hummel {

/// Every process of one node at one version.
struct node_view {
  std::string node;
  uint64_t version = 0;
  /// When the origin node published this version (unix epoch ms).
  int64_t built_ms = 0;
  /// Whether the node accepts start/stop/restart from its peers.
  bool remote_control = false;
  std::vector<process_snapshot> processes;
};

/// The processes of `node` that changed from `from_version` to
/// `to_version`. A delta with from == to carries nothing: it is the node's
/// keep-alive.
struct node_delta {
  std::string node;
  uint64_t from_version = 0;
  uint64_t to_version = 0;
  int64_t built_ms = 0;
  std::vector<process_snapshot> changed;
  /// Indices of processes removed by a reload.
  std::vector<uint32_t> removed;
};

/// A peer's `cpu_percent` that is not finite is read as 0: CAF 0.17's
/// unpack754 makes ±infinity of a large exponent, and its pack754 never
/// returns for infinity, so such a value must not stay in a snapshot that
/// could be written again (found by fuzz/cluster_wire_fuzz.cpp).
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, process_snapshot& x) {
  auto finite = caf::meta::load_callback([&x]() -> caf::error {
    if (!std::isfinite(x.cpu_percent))
      x.cpu_percent = 0;
    return caf::none;
  });
  return f(caf::meta::type_name("hummel::process_snapshot"), x.name, x.index,
           x.kind, x.command, x.status, x.ready, x.run_id, x.pid, x.start_ms,
           x.end_ms, x.exit_code, x.signal, x.restarts, x.cpu_percent,
           x.rss_bytes, x.urls, x.error, x.restart_due_ms, x.last_seq,
           x.restart_reason, x.log_degraded, x.error_count, x.last_error,
           x.grace_ms, finite);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_view& x) {
  return f(caf::meta::type_name("hummel::node_view"), x.node, x.version,
           x.built_ms, x.remote_control, x.processes);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, node_delta& x) {
  return f(caf::meta::type_name("hummel::node_delta"), x.node, x.from_version,
           x.to_version, x.built_ms, x.changed, x.removed);
}

} // namespace hummel

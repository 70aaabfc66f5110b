#pragma once

// The STATUS CACHE actor: folds PROCESS snapshots into immutable, versioned
// views and publishes them through the view cell.
//
// Thread safety: only the actor touches its state. The view cell is the
// meeting point with reader threads: the actor is its single writer.

#include "messages/interfaces.hpp"
#include "messages/status_view.hpp"
#include "messages/view_builder.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <memory>
#include <string>
#include <vector>

namespace hummel {

/// State of the STATUS CACHE. Only its own message handlers touch it.
struct status_cache_state {
  /// Where views go; owned by the daemon, outlives the actor.
  view_cell<status_view>* cell = nullptr;
  /// The node name every view carries.
  std::string node;
  /// Newest snapshot per process index and the name index.
  view_builder builder;
  /// Snapshots folded since the last publish, for subscribers.
  std::vector<snapshot_ptr> changed;
  /// Indices removed since the last publish, for subscribers.
  std::vector<uint32_t> removed;
  /// Every index a reload removed; their late updates are dropped.
  std::vector<bool> gone;
  /// Version of the last published view.
  uint64_t version = 0;
  /// When the last view was built (unix epoch ms).
  int64_t built_ms = 0;
  /// A flush message is on its way to this actor.
  bool flush_pending = false;
  /// Number of publishes (one per batch).
  uint64_t publishes = 0;
  std::vector<status_subscriber_actor> subscribers;

  static inline const char* name = "status-cache";
};

/// Folds snapshots and publishes one view per batch of updates.
/// @param cell publication target; must outlive the actor.
/// @param node the name of this node, carried by every view.
status_cache_actor::behavior_type
status_cache(status_cache_actor::stateful_pointer<status_cache_state> self,
             view_cell<status_view>* cell, std::string node);

/// Folds one snapshot into the state (view_builder::fold) and remembers it
/// for the subscribers' next delta. Used by the actor and by the
/// publish benchmark, so both run the same code.
void fold_snapshot(status_cache_state& st, snapshot_ptr x);

/// Builds the next view from the state and publishes it through the cell.
void publish_view(status_cache_state& st);

/// A new, empty view (version 0) for initialising a view cell.
std::unique_ptr<const status_view> make_empty_view(std::string node);

} // namespace hummel

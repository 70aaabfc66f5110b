#pragma once

// The STATUS CACHE actor: folds PROCESS snapshots into immutable, versioned
// views and publishes them through the view cell.
//
// Thread safety: only the actor touches its state. The view cell is the
// meeting point with reader threads: the actor is its single writer.
//
// Backlog bound: a reader that stays inside a read section keeps every view
// retired after it entered. While more than `max_backlog` retired objects
// wait in the epoch domain, the cache does not publish: it keeps folding
// (only the newest snapshot per process is kept), retries every
// `backlog_retry`, and publishes the coalesced view once the backlog has
// drained. A `sync` then waits for that publish (its requester times out).

#include "messages/interfaces.hpp"
#include "messages/status_view.hpp"
#include "messages/view_builder.hpp"
#include "viewcell/view_cell.hpp"

#include <caf/actor_clock.hpp>
#include <caf/typed_event_based_actor.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hummel {

/// Retired objects in the epoch domain above which the cache defers
/// publishing (about 2 KB each: a few MB at most).
inline constexpr std::uint64_t default_max_backlog = 1024;

/// How often a deferred publish is retried.
inline constexpr std::chrono::milliseconds backlog_retry{50};

/// A project with at least this many processes publishes changes of its
/// process list at most once per `names_coalesce` (see `flush`).
inline constexpr size_t names_coalesce_from = 1024;
inline constexpr std::chrono::milliseconds names_coalesce{5};

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
  /// When the process list last changed in a publish.
  caf::actor_clock::time_point last_list_publish;
  /// Number of publishes (one per batch).
  uint64_t publishes = 0;
  /// Publishes deferred because the backlog was over `max_backlog`.
  uint64_t deferred = 0;
  /// Backlog limit (see the note at the top of this file).
  uint64_t max_backlog = default_max_backlog;
  /// `sync` requests waiting for a deferred publish (at most 64).
  std::vector<caf::typed_response_promise<uint64_t>> sync_waiters;
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

/// Publishes like `publish_view` unless more than `st.max_backlog` retired
/// objects wait in the epoch domain; then counts a deferral and returns
/// false (the folded state stays for the next attempt).
bool publish_if_room(status_cache_state& st);

/// Publishes deferred by every view writer of this process (STATUS CACHE
/// and CLUSTER VIEW) because the epoch backlog was over its limit (a
/// metric).
uint64_t deferred_publishes() noexcept;

/// Counts one deferred publish of a view writer in `deferred_publishes`.
void count_deferred_publish() noexcept;

/// A new, empty view (version 0) for initialising a view cell.
std::unique_ptr<const status_view> make_empty_view(std::string node);

} // namespace hummel

#pragma once

// The STORM actor (benchmark only): floods the STATUS CACHE with synthetic
// process snapshots at a fixed rate, so that the read paths can be measured
// under up to 100,000 state changes per second, which real processes cannot
// produce. It sends exactly what PROCESS actors send, `(update,
// snapshot_ptr)`, for K synthetic processes named `storm-0` … `storm-<K-1>`
// whose indexes follow the configured processes.
//
// Started by `hummel daemon --storm RATE`; never in normal operation.
//
// Thread safety: only the actor touches its state. The report callback runs
// on the actor's (CAF worker) thread.

#include "messages/interfaces.hpp"
#include "messages/process_snapshot.hpp"

#include <caf/stateful_actor.hpp>
#include <caf/typed_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace hummel {

/// The STORM's interface: only its own pacing timer.
using storm_actor = caf::typed_actor<
  // Timer: send the updates that are due by now.
  caf::reacts_to<atom::tick>>;

/// What the STORM reports once per report period.
struct storm_report {
  /// Updates sent since the storm started.
  uint64_t total = 0;
  /// Updates sent in this period.
  uint64_t sent = 0;
  /// Length of this period in seconds (steady clock).
  double seconds = 0;
  /// Seconds since the storm started (steady clock).
  double elapsed = 0;
};

/// How the STORM runs.
struct storm_options {
  /// Updates per second (requested); 0 sends nothing.
  double rate = 0;
  /// Index of `storm-0`: the number of configured processes.
  uint32_t first_index = 0;
  /// Number of synthetic processes (K).
  uint32_t processes = 100;
  /// Pacing timer period; every tick sends the updates due by then.
  std::chrono::microseconds tick{1000};
  /// How often `on_report` is called.
  std::chrono::milliseconds report_period{1000};
  /// At most this many periods' worth of updates are sent in one tick when
  /// the actor fell behind (a late timer), so a stall is not paid back in
  /// one huge burst.
  uint32_t max_catch_up_ticks = 50;
  /// Called once per report period with what was sent; may be empty.
  std::function<void(const storm_report&)> on_report;
};

/// State of the STORM. Only its own message handlers touch it.
struct storm_state {
  storm_options opts;
  status_cache_actor cache;
  /// One mutable base snapshot per synthetic process; each update copies
  /// it into a new immutable snapshot.
  std::vector<process_snapshot> bases;
  /// Round-robin position: the next process to change.
  uint32_t next = 0;
  std::chrono::steady_clock::time_point started;
  std::chrono::steady_clock::time_point last_report;
  std::chrono::steady_clock::time_point last_tick;
  /// Fractional updates owed by the clock, carried from tick to tick.
  double budget = 0;
  uint64_t total = 0;
  uint64_t total_at_last_report = 0;

  static inline const char* name = "storm";
};

/// Sends synthetic snapshots to `cache` at `opts.rate` per second. The actor
/// links to `cache` and ends with it.
storm_actor::behavior_type
storm(storm_actor::stateful_pointer<storm_state> self, status_cache_actor cache,
      storm_options opts);

} // namespace hummel

#pragma once

// Timers and probes of the PROCESS actor (actors/process.cpp): readiness
// probes, and the tick that ends error groups after a quiet gap.
//
// Thread safety: called only from the PROCESS actor's handlers.

#include "actors/process.hpp"

namespace hummel {

using self_ptr = process_actor::stateful_pointer<process_state>;

/// Asks for the next readiness probe after the probe interval.
void schedule_probe(self_ptr self);

/// Whether publishing now would publish what is published already (the
/// watch error stands in for an empty error, as publish() does).
bool same_as_published(const process_state& st);

/// Runs one blocking probe in a detached actor and reports back (`probed`).
void run_probe(self_ptr self, uint32_t run_id);

/// The `errors` timer fired: ends quiet error groups, re-arms. True if the
/// snapshot changed (the caller publishes).
bool errors_tick(self_ptr self);

/// Sends the `errors` timer for the detectors' deadline unless one is on
/// the way (it re-arms when it fires).
void arm_errors_timer(self_ptr self);

} // namespace hummel

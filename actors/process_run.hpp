#pragma once

// A PROCESS actor's run from its start to its running state
// (actors/process.cpp): the spawn, and what the launcher answers, at once
// or later in a message (launcher::spawn_queued), and the snapshots and
// run events on the way.
//
// Thread safety: called only from the PROCESS actor's handlers.

#include "actors/process_steps.hpp"

#include <string>

namespace hummel {

/// Publishes a copy of the snapshot to the STATUS CACHE.
void publish(self_ptr self);

/// Tells the SUPERVISOR about the current run.
void tell(self_ptr self, run_event::kind what, int32_t code = -1,
          int32_t sig = 0, bool requested = false, int64_t duration = 0);

/// The run is ready (once per run).
void became_ready(self_ptr self);

/// `start`: spawns a new run unless one is alive or being started; answers
/// with the snapshot once the run has its pid, or the spawn error.
caf::result<snapshot_ptr> start_run(self_ptr self, uint32_t restarts);

/// `started` with a pid: a queued start has its child (or, for a start
/// answered at once, the reactor's pid and start time).
void run_started(self_ptr self, uint64_t child, int32_t pid, int64_t time);

/// `started` with an error: a queued start failed.
void run_not_started(self_ptr self, uint64_t child, std::string& error);

/// `stop` while the run's start is queued: the stop goes out behind the
/// start (the reactor keeps their order) and the run, once started, shows
/// `stopping`; answered when it has ended, or when its start failed.
caf::result<snapshot_ptr> stop_while_starting(self_ptr self);

} // namespace hummel

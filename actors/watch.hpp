#pragma once

// The WATCH actor: the file watcher's (main/daemon/file_watch) way into the
// actor world. For "files of X changed" it asks the SUPERVISOR for X's
// PROCESS actor, reads its status, and, if X runs or should, records the
// reason in X's snapshot and asks the SUPERVISOR to restart X (its usual
// `restart`: stop, then start). Watch errors go to X's PROCESS actor.
//
// Restarted on a change: running, backoff (the scheduled restart is cut
// short), failed and crashed (the fix is likely in the changed files, as
// with nodemon). Not restarted: idle (never started), waiting (it starts
// when its dependencies hold), stopping (a stop or restart is under way),
// stopped (someone stopped it), succeeded (a script or build that finished
// starts again only when asked).
//
// Thread safety: only the actor touches its state.

#include "messages/interfaces.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <chrono>

namespace hummel {

/// True if a process in `status` is restarted when its files change.
bool restarts_on_change(process_status status) noexcept;

/// Handles the watcher's news for the processes of `supervisor`.
/// @param restart_timeout how long a restart may take (twice the longest
/// grace period plus slack).
watch_actor::behavior_type
file_watch_actor(watch_actor::pointer self, supervisor_actor supervisor,
                 std::chrono::milliseconds restart_timeout);

} // namespace hummel

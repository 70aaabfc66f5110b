#pragma once

// The SUPERVISOR applying a reloaded configuration (config/diff.hpp) as a
// diff. Indices: an unchanged or changed process keeps its index (and its
// slot in the view); an added one gets a fresh index at the end; a removed
// one leaves an empty slot (its index is never reused), so every index in
// a snapshot names one process for the daemon's life.
//
// - unchanged: nothing is sent; its PROCESS actor and run are untouched.
// - removed: stopped (grace period), then its actor ends and the STATUS
//   CACHE empties its slot.
// - changed: its run is stopped, its PROCESS actor is replaced by one with
//   the new definition (same index, same log file) and, if it was wanted
//   (running, waiting, backing off), started again with the restart reason
//   "configuration changed".
// - added: a new PROCESS actor, started if autostart.
// Dependency edges are rebuilt from the new definitions; a changed or
// added process starts only once its dependencies hold, as at boot.

#include "actors/detail/supervisor_steps.hpp"
#include "config/diff.hpp"

#include <caf/fwd.hpp>

#include <memory>

namespace hummel::detail::supervisor_reload {

using self_ptr = supervisor_steps::self_ptr;

/// Applies `next` (a validated configuration) to the SUPERVISOR's state;
/// answers the diff once removed and changed processes have ended and
/// their actors were replaced or dropped.
caf::result<config_diff>
apply_reload(self_ptr self, std::shared_ptr<const project_config> next);

} // namespace hummel::detail::supervisor_reload

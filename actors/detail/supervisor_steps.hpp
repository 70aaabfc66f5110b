#pragma once

// The steps of the SUPERVISOR's state machine (actors/supervisor.cpp holds
// its behaviour and commands): marking, wanting and starting processes as
// their dependencies allow, delivering run answers, reacting to run events,
// and the ordered shutdown. All run inside the SUPERVISOR's handlers.

#include "actors/supervisor.hpp"
#include "messages/interfaces.hpp"

#include <caf/fwd.hpp>

#include <cstdint>
#include <string>

namespace hummel::detail::supervisor_steps {

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

/// Records the dependency edges both ways (`deps`, `dependents`) from the
/// definitions, replacing the old ones; removed processes have none.
void link_dependencies(self_ptr self);

/// Tells process `i` to show `status` (waiting, backoff, stopped, ...)
/// while no run of it is alive.
void mark(self_ptr self, uint32_t i, process_status status, int64_t due = 0,
          std::string reason = {});

/// True if `dep` satisfies `cond` (started, ready, completed).
bool dep_holds(const supervised& dep, dep_condition cond);

/// Answers every pending run request of `p`.
void deliver_runs(supervised& p, const snapshot_ptr& snap);
void deliver_runs(supervised& p, const caf::error& err);

/// Starts process `i` if its dependencies hold, else marks it waiting.
void try_start(self_ptr self, uint32_t i);

/// Marks `i` wanted (resetting its per-cycle flags) and tries to start it.
void want(self_ptr self, uint32_t i);

/// Starts the waiting processes whose dependencies now hold.
void recheck_waiting(self_ptr self);

/// Stops every process none of whose dependents is alive; answers the
/// shutdown once all are down.
void shutdown_step(self_ptr self);

/// Reacts to a run event of a PROCESS actor (started, ready, exited, ...).
void on_event(self_ptr self, const run_event& ev);

} // namespace hummel::detail::supervisor_steps

#pragma once

// The SUPERVISOR actor: owns the process definitions, spawns one PROCESS
// actor per definition, routes run/stop/restart, applies restart policies
// and dependencies, and stops everything in reverse dependency order.
//
// Thread safety: only the actor touches its state.

#include "actors/launcher.hpp"
#include "config/project_config.hpp"
#include "messages/error.hpp"
#include "messages/interfaces.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <memory>

namespace hummel {

struct supervisor_state;

/// Spawns the PROCESS actors of `config` (linked to the SUPERVISOR); starts
/// nothing until `boot` or `run`.
/// @param ctx the daemon's services; must outlive the actor.
supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
           std::shared_ptr<const project_config> config,
           const process_context* ctx, status_cache_actor cache);

} // namespace hummel

#include "actors/supervisor_state.hpp"

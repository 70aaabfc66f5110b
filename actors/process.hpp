#pragma once

// The PROCESS actor: one per definition. Owns its state, its runs and its
// logs; reports every change as an immutable snapshot to the STATUS CACHE
// and every run event to its listener (the SUPERVISOR).
//
// Thread safety: only the actor touches its state; the launcher and printer
// in the context are thread-safe by contract.

#include "actors/launcher.hpp"
#include "config/project_config.hpp"
#include "messages/error.hpp"
#include "messages/interfaces.hpp"

#include <caf/typed_event_based_actor.hpp>

#include <memory>

namespace hummel {

struct process_state;

/// Spawns nothing by itself; waits for `start`.
/// @param def the definition (shared, immutable).
/// @param index the position of the definition; stable.
/// @param ctx the daemon's services; must outlive the actor.
process_actor::behavior_type
process(process_actor::stateful_pointer<process_state> self,
        std::shared_ptr<const process_def> def, uint32_t index,
        const process_context* ctx, status_cache_actor cache,
        run_listener_actor listener);

/// The argv a definition runs: `/bin/sh -c command`, or its argv.
std::vector<std::string> make_argv(const process_def& def);

/// `base` ("K=V") with `extra` added; later entries replace earlier ones.
std::vector<std::string>
make_environment(const std::vector<std::string>& base,
                 const std::vector<std::pair<std::string, std::string>>& extra);

} // namespace hummel

#include "actors/process_state.hpp"

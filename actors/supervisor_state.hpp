#pragma once

// State of the SUPERVISOR (see supervisor.hpp). Only its handlers touch it.

#include "config/project_config.hpp"
#include "messages/interfaces.hpp"

#include <caf/typed_response_promise.hpp>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace hummel {

/// What the SUPERVISOR tracks per process.
struct supervised {
  std::shared_ptr<const process_def> def;
  process_actor handle;
  /// Started ad hoc (scripts_run with a command), not configured.
  bool adhoc = false;
  /// Indices of the processes this one depends on, and the conditions.
  std::vector<std::pair<uint32_t, dep_condition>> deps;
  /// Indices of the processes that depend on this one.
  std::vector<uint32_t> dependents;
  /// Someone wants it running (boot, run, or its dependents).
  bool wanted = false;
  /// Waiting for dependencies before its start.
  bool waiting = false;
  /// Shutdown: the stop request has been sent.
  bool stop_sent = false;
  /// A start request is on its way to the PROCESS actor.
  bool starting = false;
  /// Run state as told by run events.
  bool alive = false;
  bool ready = false;
  /// Started at least once since it was last wanted.
  bool has_started = false;
  /// The last run exited 0 since it was last wanted.
  bool completed = false;
  /// The last run failed (for `completed` dependents).
  bool failed = false;
  /// Restarts by the policy: total and consecutive (reset when stable).
  uint32_t restarts = 0;
  uint32_t consecutive = 0;
  /// Bumped to cancel a scheduled restart.
  uint64_t generation = 0;
  /// A reload removed it: no actor, no name; the index is not reused.
  bool removed = false;
  /// A reload is replacing its PROCESS actor (changed definition): nothing
  /// starts it until the new actor is there.
  bool replacing = false;
  /// Why the next start is a restart ("configuration changed"); sent with
  /// that start, then cleared.
  std::string next_reason;
  /// Answered when the process has started (or failed to).
  std::vector<caf::typed_response_promise<snapshot_ptr>> run_promises;
};

/// Everything the SUPERVISOR owns.
struct supervisor_state {
  std::shared_ptr<const project_config> config;
  const process_context* ctx = nullptr;
  status_cache_actor cache;
  std::vector<supervised> procs;
  std::unordered_map<std::string, uint32_t> by_name;
  /// Set by `shutdown`: nothing starts any more.
  bool shutting_down = false;
  std::vector<caf::typed_response_promise<bool>> shutdown_promises;

  static inline const char* name = "supervisor";
};

} // namespace hummel

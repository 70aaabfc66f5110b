#pragma once

// State of a PROCESS actor (see process.hpp). Only its handlers touch it.

#include "actors/detail/process_errors.hpp"
#include "actors/launcher.hpp"
#include "config/project_config.hpp"
#include "logs/log_ring.hpp"
#include "logs/log_writer.hpp"
#include "messages/interfaces.hpp"

#include <caf/actor_clock.hpp>
#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace re2 {
class RE2;
} // namespace re2

namespace hummel {

/// Everything a PROCESS actor owns.
struct process_state {
  process_state();
  ~process_state();

  std::shared_ptr<const process_def> def;
  const process_context* ctx = nullptr;
  status_cache_actor cache;
  run_listener_actor listener;
  /// The mutable working copy; published as an immutable copy.
  process_snapshot snap;
  /// The last published copy (answers `status`).
  snapshot_ptr published;
  /// Child id of the current run, or 0.
  uint64_t child = 0;
  /// When the current run started (the actor clock, so that tests can use
  /// the fake clock), for its duration.
  caf::actor_clock::time_point started_at;
  /// Answered when the current run ends.
  std::vector<caf::typed_response_promise<snapshot_ptr>> stop_promises;
  /// The current run's start is queued (launcher::spawn_queued): its pid
  /// or its failure comes in a `started` message.
  bool spawning = false;
  /// A stop came while `spawning`; sent to the launcher behind the start.
  bool stop_on_start = false;
  /// Answered when a queued start has its outcome.
  std::vector<caf::typed_response_promise<snapshot_ptr>> start_promises;
  /// The current run is a restart by the restart policy (its log record).
  bool by_policy = false;
  /// Memory ring and log file (null without a log folder).
  std::unique_ptr<log_ring> ring;
  std::unique_ptr<log_writer> file;
  /// Something was written to the log file since the last usage sample
  /// (process_logs::close_if_quiet).
  bool wrote_since_sample = false;
  uint64_t next_seq = 1;
  /// Compiled readiness log pattern (null unless ready.type == log).
  std::unique_ptr<re2::RE2> ready_pattern;
  /// Why file watching is incomplete (published as `error` when that is
  /// empty); empty when it works.
  std::string watch_error;
  /// Why the next run starts (a restart's reason), for its log record.
  std::string next_reason;
  /// Errors found in the output; null until the first line (see
  /// error_detection).
  std::unique_ptr<detail::process_errors> errors;
  /// `errors`, made on first use: a process that never prints holds no
  /// error detection (about 300 bytes a process).
  detail::process_errors& error_detection();
  /// The deadline an `errors` timer is on the way for (0: none).
  int64_t errors_timer_ms = 0;
  /// Scratch buffer for one batch of lines.
  std::vector<log_line> batch;

  static inline const char* name = "process";
};

} // namespace hummel

#pragma once

// Immutable value types that describe managed processes: what a PROCESS
// actor reports, and what a run event tells the SUPERVISOR.
//
// Thread safety: a process_snapshot is never modified after it is shared
// (it travels as `snapshot_ptr`, a pointer to const), so any thread may read
// it while it holds the pointer.

#include "config/project_config.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hummel {

/// Where a process is in its life.
enum class process_status : uint8_t {
  idle,      ///< defined, never started (or reset)
  waiting,   ///< start requested, waiting for its dependencies
  running,   ///< a run is alive
  stopping,  ///< stop signal sent, waiting for the run to end
  backoff,   ///< run ended, a restart is scheduled
  succeeded, ///< last run exited with code 0
  failed,    ///< last run exited non-zero, was killed, or could not start
  stopped,   ///< last run was ended by a stop request
  crashed,   ///< restarted max_restarts times; stays down
};

/// "running", "failed", ...
std::string_view to_string(process_status) noexcept;

/// True while a run is alive (running or stopping).
constexpr bool is_alive(process_status x) noexcept {
  return x == process_status::running || x == process_status::stopping;
}

/// What one PROCESS actor knows about its process at one instant.
struct process_snapshot {
  std::string name;
  /// Position in the project's definitions; stable for the daemon's life.
  /// A reload keeps the index of a kept (changed or unchanged) process,
  /// gives an added one the next free index and never reuses the index of
  /// a removed one (its slot in the view stays empty).
  uint32_t index = 0;
  process_kind kind = process_kind::service;
  /// The command as the user wrote it (argv joined by spaces).
  std::string command;
  process_status status = process_status::idle;
  bool ready = false;
  /// 0 before the first run; increments with every run.
  uint32_t run_id = 0;
  int32_t pid = 0;
  /// Unix epoch milliseconds; 0 when unknown.
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  /// Exit code of the last run, or -1 (still running, killed, never ran).
  int32_t exit_code = -1;
  /// Signal that ended the last run, or 0.
  int32_t signal = 0;
  /// Total restarts made by the restart policy.
  uint32_t restarts = 0;
  double cpu_percent = 0;
  uint64_t rss_bytes = 0;
  /// Local URLs seen in the output of the current run.
  std::vector<std::string> urls;
  /// Why the last start failed, or why the process is crashed; else empty.
  std::string error;
  /// When a scheduled restart is due (status backoff), epoch ms.
  int64_t restart_due_ms = 0;
  /// Sequence number of the newest log line.
  uint64_t last_seq = 0;
  /// Why the last restart happened ("file changed: src/app.ts",
  /// "configuration changed", "exited with 1", "requested"); empty before
  /// the first restart.
  std::string restart_reason;
  /// Why the log file is not written (a full disk: "write …/web.log: No
  /// space left on device"); the lines stay in the memory ring and a gap
  /// marker is written once the file works again. Empty when it works.
  std::string log_degraded;
  /// Error records (severity error) found in the output, across runs.
  uint32_t error_count = 0;
  /// The newest error's headline ("gcc: expected ';' … (a.cpp:3:1)",
  /// at most 200 bytes); empty when none.
  std::string last_error;
  /// The definition's grace period in milliseconds: what a command on the
  /// process waits out (mcp_backend::grace_of), current after a reload
  /// that added or changed it.
  int64_t grace_ms = 0;

  bool operator==(const process_snapshot&) const = default;
};

/// How snapshots are shared: immutable and reference-counted.
using snapshot_ptr = std::shared_ptr<const process_snapshot>;

/// A PROCESS actor tells the SUPERVISOR about the runs of its process.
struct run_event {
  enum class kind : uint8_t { started, ready, exited, failed_to_start };
  kind what = kind::started;
  uint32_t index = 0;
  uint32_t run_id = 0;
  int32_t exit_code = -1;
  int32_t signal = 0;
  /// True when the run ended because someone asked it to stop.
  bool requested = false;
  /// How long the run lasted (exited) in milliseconds.
  int64_t duration_ms = 0;
};

} // namespace hummel

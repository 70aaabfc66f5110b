#pragma once

// How long anyone waits for a command on a process (stop, restart, run):
// the grace periods the command waits out, plus one slack per actor between
// the asker and the process, so that an inner timeout always answers before
// the outer one fires.
//
// Thread safety: constants and a pure function.

#include <chrono>
#include <cstdint>

namespace hummel::detail {

/// Time per actor hop beyond the grace periods: the SIGKILL after the grace
/// period, the exit report, the reply.
inline constexpr std::chrono::seconds command_slack{5};

/// Who waits for a command, by its distance from the process.
enum class command_waiter : uint8_t {
  /// The SUPERVISOR waiting for a PROCESS actor (reactor and PROCESS: two
  /// hops).
  supervisor = 2,
  /// An MCP SESSION or the CLUSTER NODE waiting for the SUPERVISOR: one hop
  /// more, so the SUPERVISOR's own timeout answers first.
  client = 3,
};

/// The timeout of a command that waits out `graces` grace periods of
/// `grace` each (a stop or run: 1; a restart: 2), as seen by `who`.
constexpr std::chrono::milliseconds
command_timeout(std::chrono::milliseconds grace, command_waiter who,
                int graces = 1) {
  return grace * graces + command_slack * static_cast<int>(who);
}

} // namespace hummel::detail

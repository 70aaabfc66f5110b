#pragma once

#include "reactor/types.hpp"

#include <cstddef>
#include <string>
#include <variant>

/// Checking a spawn_request and starting the process (clone + exec).
///
/// Thread safety: reentrant.
namespace hummel::reactor::detail {

/// A checked request: the program's path, or why it cannot be started.
struct resolved {
  /// Path to pass to exec (absolute if `cwd` was given or PATH was used).
  std::string path;
  /// Empty if the request is valid; else a message for the user.
  std::string error;
};

/// Checks the working directory, the marker and the program (PATH lookup
/// with the PATH of `req.env`, else the daemon's). Does not spawn.
resolved resolve(const spawn_request& req);

/// A started child: its pid, a pidfd for it and the read ends of its
/// stdout and stderr (all O_CLOEXEC, not yet O_NONBLOCK).
struct spawned {
  /// Process id; also its session and process group id.
  int pid = -1;
  /// pidfd of the child, from clone(CLONE_PIDFD) (no pidfd_open needed).
  int pidfd = -1;
  /// Read end of the child's stdout.
  int out_fd = -1;
  /// Read end of the child's stderr.
  int err_fd = -1;
};

/// How to start one child (besides the request).
struct spawn_setup {
  /// The program from resolve().
  std::string program;
  /// Value of HUMMEL_RUN.
  std::string marker;
  /// Executed first with "<daemon-pid> --exec <program> --" before argv,
  /// if not empty (hummel-spawn).
  std::string trampoline;
  /// Ask the kernel for SIGKILL when the calling thread ends
  /// (PR_SET_PDEATHSIG in the child before exec; no trampoline needed).
  bool parent_death = false;
  /// RLIMIT_NOFILE (soft) and how many of the highest descriptor numbers
  /// below it are kept for the daemon itself: a child whose descriptors
  /// would reach into them is refused ("descriptor limit reached"). 0:
  /// no check.
  uint64_t fd_limit = 0;
  uint64_t fd_reserve = 0;
};

/// Spawner slots: threads that clone at the same time each use their own
/// (slot_index of spawn_process), so that none waits for another's clone.
inline constexpr size_t max_spawn_slots = 5;

/// Takes the spawn slots (see spawn_process) if not yet taken: call it
/// while few descriptors are open, so they get low numbers. Idempotent.
void prepare_spawn();

/// Starts the child with clone(CLONE_VM | CLONE_VFORK | CLONE_FILES |
/// CLONE_PIDFD), the child keeping only the few descriptors below two
/// fixed slots (close_range(CLOSE_RANGE_UNSHARE)), so a start costs the
/// same with 30,000 descriptors open as with 30: in a
/// new session, stdin from /dev/null, stdout and stderr to new pipes,
/// signals reset to default and unblocked, fds >= 3 closed, the
/// environment of `req` plus HUMMEL_RUN. Returns after the child has
/// called exec (or failed: then the child is reaped and the error
/// returned, "command not found: x", "permission denied: x", or
/// "descriptor limit reached: ..." when the child's descriptors would
/// reach the reserve of `setup`).
///
/// The child runs on a private stack in the caller's memory until exec and
/// makes raw system calls only (no libc state, no sanitizer hooks); the
/// caller's signals are blocked meanwhile. `slot_index` picks the slots
/// (below max_spawn_slots); calls with different slots run in parallel,
/// calls with the same slot one after the other. The parent-death signal
/// (setup.parent_death) is tied to the calling thread.
std::variant<spawned, std::string> spawn_process(const spawn_request& req,
                                                 const spawn_setup& setup,
                                                 size_t slot_index);

} // namespace hummel::reactor::detail

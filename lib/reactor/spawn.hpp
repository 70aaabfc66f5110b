#pragma once

#include "reactor/types.hpp"

#include <string>
#include <variant>

/// Checking a spawn_request and starting the process with posix_spawn.
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

/// A started child: its pid and the read ends of its stdout and stderr
/// (O_CLOEXEC, not yet O_NONBLOCK).
struct spawned {
  /// Process id; also its session and process group id.
  int pid = -1;
  /// Read end of the child's stdout.
  int out_fd = -1;
  /// Read end of the child's stderr.
  int err_fd = -1;
};

/// Starts `program` (from resolve()) with posix_spawn in a new session,
/// stdin from /dev/null, stdout and stderr to new pipes, signals reset and
/// unblocked, fds >= 3 closed, the environment of `req` plus
/// HUMMEL_RUN=`marker`. Through `trampoline` (hummel-spawn) if not empty.
std::variant<spawned, std::string> spawn_process(const spawn_request& req,
                                                 const std::string& program,
                                                 const std::string& marker,
                                                 const std::string& trampoline);

} // namespace hummel::reactor::detail

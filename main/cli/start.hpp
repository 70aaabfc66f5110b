#pragma once

// Starting the project's daemon in the background (`hummel up`, and
// `hummel mcp` when none runs): fork, setsid, stdin from /dev/null, output
// appended to `<state dir>/daemon.log`, exec `/proc/self/exe daemon`, then
// wait until its socket accepts.
//
// Thread safety: call from a single-threaded process (it forks).

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace hummel::cli {

/// What to start.
struct start_options {
  /// The project directory (absolute).
  std::filesystem::path dir;
  /// `make_project_id(dir)`.
  std::string project_id;
  /// `--http ADDR:PORT` for the daemon, if given.
  std::optional<std::string> http;
  /// How long to wait for the socket to accept.
  std::chrono::milliseconds wait{10000};
  /// Start the local hub (`hummel hub`, project_id `hub_id`) instead.
  bool hub = false;
};

/// The project id of the local hub: its socket is <runtime dir>/hub.sock.
inline constexpr const char* hub_id = "hub";

/// The result of `ensure_daemon`.
struct start_outcome {
  /// The socket accepts now.
  bool ok = false;
  /// A daemon was started by this call (false: one was already there).
  bool started = false;
  /// The pid of the started daemon (0 if none was started).
  pid_t pid = 0;
  /// Why it failed (with the tail of daemon.log if the daemon exited).
  std::string error;
  /// The exit code of a daemon that ended during start-up (2: it could not
  /// start), else -1.
  int daemon_exit = -1;
};

/// True if something accepts connections on `socket`.
bool daemon_answers(const std::filesystem::path& socket);

/// `<state dir>/daemon.log` for the project.
std::filesystem::path daemon_log(const std::string& project_id);

/// Returns at once if a daemon answers; waits if the runtime file names a
/// live daemon of ours that is still starting; else starts one and waits.
start_outcome ensure_daemon(const start_options& opts);

} // namespace hummel::cli

#pragma once

// The daemon's runtime file and the checks `hummel down` makes before it
// signals anything: the pid must be alive, started at the recorded time,
// and run the daemon executable that sits beside the CLI (hummel-daemon). Plain
// functions; safe from any thread.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace hummel::cli {

/// The contents of `<runtime dir>/<project-id>.json`.
struct runtime_info {
  /// The daemon's pid.
  pid_t pid = 0;
  /// Its start time in clock ticks since boot (/proc/PID/stat field 22).
  uint64_t start_time = 0;
  /// Its unix socket.
  std::string socket;
  /// Its HTTP endpoint, "ADDR:PORT" or the URL, if any.
  std::optional<std::string> http;
  /// The project directory.
  std::string dir;
  /// The bearer token for HTTP beyond loopback, if any.
  std::optional<std::string> token;
};

/// Parses a runtime file's text; nullopt (and `error`) if it is not valid.
std::optional<runtime_info> parse_runtime_info(std::string_view text,
                                               std::string& error);

/// `net::runtime_dir() / (project_id + ".json")`.
std::filesystem::path runtime_file(std::string_view project_id);

/// Reads and parses the runtime file; nullopt if missing or invalid.
std::optional<runtime_info> read_runtime_info(const std::filesystem::path& p,
                                              std::string& error);

/// The start time of `pid`; nullopt if no such process or a zombie.
std::optional<uint64_t> process_start_time(pid_t pid);

/// True if `pid` runs the executable at `exe` (same inode, or the same path
/// once a " (deleted)" suffix is dropped, for a rebuilt binary).
bool runs_executable(pid_t pid, const std::filesystem::path& exe);

/// The daemon executable: `hummel-daemon` in the folder of this executable
/// (the CLI hands `hummel daemon` to it), or empty if unknown.
std::filesystem::path daemon_executable();

/// What `hummel down` found behind a runtime file.
enum class daemon_state {
  ours,     ///< alive, same start time, our daemon binary: may be signalled
  gone,     ///< no such process, or the pid was reused (stale file)
  stranger, ///< alive and same start time but another executable
};

/// Checks the process a runtime file names against the daemon executable
/// `exe`: ours only if it runs exactly that binary.
daemon_state check_daemon(const runtime_info& info,
                          const std::filesystem::path& exe);

/// `check_daemon(info, daemon_executable())`.
daemon_state check_daemon(const runtime_info& info);

/// "http://127.0.0.1:7777/mcp" for `http` = "127.0.0.1:7777" or that URL
/// (a wildcard address becomes loopback, IPv6 gets brackets); empty if no
/// HTTP.
std::string mcp_url(const runtime_info& info);

/// The lines `hummel up` prints: the MCP URL and one-line setup commands for
/// Claude Code and Cursor over HTTP (with the token if there is one), and
/// the stdio alternative `<exe> mcp --dir <dir>`.
std::string setup_text(const runtime_info& info,
                       const std::filesystem::path& dir,
                       const std::filesystem::path& exe);

/// The path of this executable (/proc/self/exe), or "hummel".
std::filesystem::path self_exe();

} // namespace hummel::cli

#pragma once

// The one reader of /proc/<pid>/stat (proc(5)). The reactor samples usage
// with it, the daemon and the CLI identify processes by pid + start time.
//
// Thread safety: all functions are reentrant.

#include <cstdint>
#include <optional>
#include <string_view>

namespace hummel {

/// The fields of /proc/<pid>/stat that hummel uses.
struct proc_stat {
  /// Process id.
  int pid = 0;
  /// Parent process id.
  int ppid = 0;
  /// Process group id.
  int pgid = 0;
  /// State letter ('R', 'S', 'Z', ...).
  char state = '?';
  /// Start time in clock ticks after boot; identifies the process together
  /// with the pid.
  uint64_t start_ticks = 0;
  /// utime + stime + cutime + cstime, in clock ticks.
  uint64_t cpu_ticks = 0;
  /// Resident set size in pages.
  uint64_t rss_pages = 0;
  /// Number of threads.
  uint32_t threads = 0;
  /// When the stat file was read (steady clock, ns since its epoch); 0 when
  /// the caller did not say. A rate over two readings divides by the time
  /// between them, not by when the scan around them began.
  int64_t read_ns = 0;

  /// True for a process that has ended (zombie or dead).
  bool dead() const noexcept {
    return state == 'Z' || state == 'X' || state == 'x';
  }
};

/// Parses the text of a stat file ("pid (comm) state ppid ..."; the command
/// name may hold spaces and parentheses). nullopt when fields are missing.
std::optional<proc_stat> parse_proc_stat(std::string_view text);

/// Reads /proc/<pid>/stat; nullopt if the process does not exist.
std::optional<proc_stat> read_proc_stat(int pid);

} // namespace hummel

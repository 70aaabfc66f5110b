#pragma once

#include "common/proc_stat.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Reading /proc and signalling processes through pidfds.
///
/// Thread safety: all functions are reentrant.
namespace hummel::reactor::detail {

/// The fields of /proc/<pid>/stat (common/proc_stat.hpp).
using proc_stat = hummel::proc_stat;

/// Reads /proc/<pid>/stat; nullopt if the process does not exist.
std::optional<proc_stat> read_stat(int pid);

/// Reads the stat of every process in /proc.
std::vector<proc_stat> scan_procs();

/// Reads the stat of every descendant of `root` (not `root` itself) by
/// following the children files of every thread
/// (/proc/<pid>/task/<tid>/children) down from `root`: the cost is that of
/// the tree, not of the machine. proc(5) warns that a child exiting while
/// such a file is read may hide a sibling: each file is read twice, and
/// nullopt says the two readings differed somewhere (scan all of /proc
/// then). Zombies are included, their children are not looked for.
std::optional<std::vector<proc_stat>> scan_descendants(int root);

/// Returns the value of HUMMEL_RUN in /proc/<pid>/environ, if present.
std::optional<std::string> read_run_marker(int pid);

/// pidfd_open(2); -1 on error.
int open_pidfd(int pid);

/// Opens a pidfd for `pid` and returns it only if the process still has the
/// start time `start_ticks` (so a recycled pid is never used); else -1.
int open_verified_pidfd(int pid, uint64_t start_ticks);

/// pidfd_send_signal(2); true on success.
bool send_signal(int pidfd, int sig);

/// Signals the process `pid` if it still has `start_ticks`; true if sent.
bool signal_verified(int pid, uint64_t start_ticks, int sig);

/// Clock ticks per second (sysconf(_SC_CLK_TCK)).
long ticks_per_second();

/// Page size in bytes.
long page_bytes();

} // namespace hummel::reactor::detail

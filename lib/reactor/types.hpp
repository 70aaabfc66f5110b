#pragma once

#include "logs/log_record.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

/// Value types and the event sink of the process reactor.
///
/// Thread safety: the types are plain values. A `sink` is called only from
/// the reactor thread, one call at a time; it must not block.
namespace hummel::reactor {

/// Identifies one started child (one run); chosen by the caller.
using child_id = uint64_t;

/// Descriptors the reactor holds per running child: the read ends of its
/// stdout and stderr pipes and its pidfd.
constexpr int descriptors_per_child = 3;

/// What to start.
struct spawn_request {
  /// Chosen by the caller, unique among the children of one reactor.
  child_id id = 0;
  /// Program and arguments; argv[0] without a '/' is looked up in the PATH
  /// of `env` (or the daemon's PATH), with a '/' relative to `cwd`.
  std::vector<std::string> argv;
  /// Working directory; empty means the daemon's.
  std::filesystem::path cwd;
  /// The complete environment of the child, "K=V" entries.
  std::vector<std::string> env;
  /// Exported to the child as HUMMEL_RUN=<marker> (replacing any HUMMEL_RUN
  /// in `env`); finds orphans of the run. Empty: "hummel-<pid>-<id>".
  std::string run_marker;
};

/// How a child ended.
struct exit_info {
  /// Exit code if the child exited normally, else -1.
  int code = -1;
  /// Terminating signal, else 0.
  int signal = 0;
  /// True if stop() or kill_all() was called before the child ended.
  bool requested = false;
};

/// Resources used by the whole tree of a child at one sample.
struct usage {
  /// CPU time of the tree since the previous sample, in percent of one core.
  double cpu_percent = 0;
  /// Sum of resident set sizes of the tree members.
  uint64_t rss_bytes = 0;
  /// Number of live processes in the tree (the leader included).
  uint32_t processes = 0;
};

/// Receives events on the reactor thread; must not block.
class sink {
public:
  virtual ~sink() = default;

  /// A child was started; comes before any other event of that child.
  /// `start_time_ms` is wall-clock time, milliseconds since the Unix epoch.
  virtual void on_started(child_id id, int pid, int64_t start_time_ms) = 0;

  /// A child queued by reactor::start() could not be started (`error`
  /// says why: "descriptor limit reached: ...", "reactor is shutting
  /// down"); nothing else of that child follows.
  virtual void on_start_failed(child_id id, std::string error) = 0;

  /// Lines of one stream from one read burst, in order.
  virtual void on_output(child_id id, log_stream stream,
                         std::vector<std::string> lines)
    = 0;

  /// Exactly once per started child, after its last on_output.
  virtual void on_exit(child_id id, exit_info info) = 0;

  /// Every sample period, for each child whose leader is still running.
  virtual void on_usage(child_id id, usage u) = 0;
};

/// Configuration of a reactor.
struct options {
  /// Children get SIGKILL when the reactor thread ends (PR_SET_PDEATHSIG,
  /// set in the child itself before exec: no extra exec per child).
  bool parent_death = false;
  /// Path of `hummel-spawn`, exec'd before each child's program if not
  /// empty (it sets the parent-death signal itself); the daemon uses
  /// `parent_death` instead.
  std::filesystem::path trampoline;
  /// Append-only file of live children for crash recovery; empty = none.
  std::filesystem::path registry;
  /// Period of usage samples.
  std::chrono::milliseconds sample_period{2000};
  /// The most of one CPU that usage samples may take: a pass whose cost is
  /// more than this share of `sample_period` puts the next one off until
  /// it is not (sample_interval). A pass reads /proc/<pid>/stat of every
  /// process in the trees, or on the machine: with 12,000 processes on
  /// this VM, 130-260 ms, which every 2 s was 13 % of a CPU while idle.
  /// 0: every period, whatever it costs.
  double sample_budget = 0.02;
  /// Grace between the stop signal and SIGKILL for the rest of a tree
  /// whose leader exited without stop().
  std::chrono::milliseconds run_end_grace{5000};
  /// Threads that clone children, besides the reactor thread: each clone
  /// waits until its child has called exec (about 2 ms per child on the
  /// 2-vCPU VM of docs/BENCHMARKS.md, mostly the child waiting for a CPU),
  /// so several spawners start a queue of children sooner. Each lives as
  /// long as the reactor (the parent-death signal is tied to the thread
  /// that cloned). 0: the reactor thread clones them itself. At most
  /// detail::max_spawn_slots - 1.
  size_t spawners = 2;
  /// Make the daemon a child subreaper, so orphans of a run re-parent to it
  /// and can be found and reaped.
  bool subreaper = true;
  /// Output of one child handed to the sink and not yet reported
  /// `consumed` beyond which its pipes are no longer read: the child then
  /// blocks on a full pipe (as on a slow terminal) until the consumer has
  /// taken half of it. Bounds the memory a slow consumer lets a flood
  /// take. 0: never paused (the consumer need not report).
  size_t max_unconsumed = 0;
  /// A child whose descriptors are numbered this high or higher has its
  /// pipes and pidfd moved to an io_uring fixed-file table (fd_bank.hpp):
  /// they then take no place in the descriptor table, so the limit no
  /// longer bounds how many children run. -1: a quarter of the soft
  /// RLIMIT_NOFILE (a project of a thousand or so never uses the bank, and
  /// three quarters stay for log files that are being written, clients
  /// and the daemon's own); 0: every child (tests); INT_MAX: never.
  int bank_from_fd = -1;
};

/// How long after a usage sample that cost `cost` the next one is due:
/// `period`, or longer when that keeps sampling within `budget` of a CPU
/// (options::sample_budget).
inline std::chrono::nanoseconds
sample_interval(std::chrono::milliseconds period, std::chrono::nanoseconds cost,
                double budget) {
  std::chrono::nanoseconds interval = period;
  if (budget > 0 && cost.count() > 0) {
    auto stretched = static_cast<double>(cost.count()) / budget;
    if (stretched > static_cast<double>(interval.count()))
      interval = std::chrono::nanoseconds{static_cast<int64_t>(stretched)};
  }
  return interval;
}

} // namespace hummel::reactor

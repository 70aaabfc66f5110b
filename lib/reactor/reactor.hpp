#pragma once

#include "reactor/leftovers.hpp"
#include "reactor/types.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

/// The process reactor: one thread that starts child processes, reads their
/// output, reaps them and ends their process trees.
///
/// Thread safety: spawn(), stop() and kill_all() may be called from any
/// thread, also from inside sink callbacks. All sink callbacks, on_started
/// included, are made on the reactor thread. Children are cloned by the
/// reactor's spawner threads (options::spawners; each clone waits for its
/// child's exec, so two clone at once) or by the reactor thread itself,
/// never by the caller (spawn() hands the request over and waits for the
/// pid, start() does not wait), so the parent-death signal is tied to a
/// thread that lives as long as the reactor: the spawners end after the
/// reactor thread has reaped every child.
///
/// Mechanics: epoll over the pipes (read in 64 KiB chunks, at most 1 MiB
/// per stream per wake-up, one on_output per burst), one pidfd per child,
/// an eventfd for commands; no SIGCHLD handler, no thread per child. When a
/// leader exits, the rest of its tree (process group, descendants,
/// re-parented orphans carrying its HUMMEL_RUN marker) gets the stop signal
/// and SIGKILL after the grace; on_exit follows the last line (both pipes
/// at EOF), but comes at the latest at leader exit + grace + 1 s.
///
/// The daemon must not set SIGCHLD to SIG_IGN. With `options::subreaper` the
/// reactor reaps every child of the process that it did not start itself
/// (orphans re-parented to the daemon), so nothing else in the process may
/// fork and wait (system(), popen()). Without it, orphans that left the
/// process group re-parent to init and are found only if a usage sample saw
/// them earlier.
namespace hummel::reactor {

/// RLIMIT_NOFILE after raise_descriptor_limit().
struct descriptor_limit {
  /// The soft limit now: descriptors are numbered below it.
  uint64_t soft = 0;
  /// The hard limit now.
  uint64_t hard = 0;
  /// fs.nr_open, the most the kernel allows (0 if unknown).
  uint64_t nr_open = 0;
};

/// Raises RLIMIT_NOFILE as far as allowed: soft and hard to fs.nr_open
/// where permitted (CAP_SYS_RESOURCE), else the soft limit to the hard
/// one. Idempotent; any thread.
descriptor_limit raise_descriptor_limit();

/// Spawns and supervises child processes; see the file comment.
class reactor {
public:
  /// Starts the thread; raises RLIMIT_NOFILE (raise_descriptor_limit);
  /// makes the process a child subreaper if `opts.subreaper`.
  reactor(options opts, sink& events);

  /// Stops the thread: kills (SIGKILL, whole tree) every child still
  /// running, reaps it and delivers its remaining output and on_exit.
  ~reactor();

  reactor(const reactor&) = delete;
  reactor& operator=(const reactor&) = delete;

  /// Validates (cwd is a directory, program found and executable) and
  /// returns an error such as "command not found: foo", "working directory
  /// does not exist: /x" or "permission denied: ./x" without spawning;
  /// otherwise spawns the child and returns its pid. on_started comes
  /// through the sink before any output of the child.
  std::variant<int, std::string> spawn(spawn_request req);

  /// Validates as spawn() does and returns its error at once; otherwise
  /// queues the child and returns "" without waiting: on_started or
  /// on_start_failed follows through the sink. Mass starts queue many
  /// children this way; the reactor thread starts them in order, a few
  /// milliseconds' worth per wake-up between its other work. On the
  /// reactor thread itself the child is started at once and a failure
  /// returned.
  std::string start(spawn_request req);

  /// Sends `signal` to the child's whole tree, then SIGKILL to the tree
  /// after `grace`. No-op for unknown ids and for children already exited.
  void stop(child_id id, int signal, std::chrono::milliseconds grace);

  /// Sends SIGKILL to the tree of every child now.
  void kill_all();

  /// The consumer has taken `bytes` of child `id`'s output (the sum of
  /// each on_output line's size plus one). Needed only with
  /// `options::max_unconsumed`; any thread; unknown ids are ignored.
  void consumed(child_id id, size_t bytes);

  /// The implementation (reactor/reactor_impl.hpp).
  class impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace hummel::reactor

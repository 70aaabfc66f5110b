#pragma once

// SIGINT and SIGTERM end the daemon: the first starts the orderly stop, a
// second one during it kills every process at once. Both are taken with
// sigwait, so they are blocked before any thread starts (every thread
// inherits the mask) and no handler runs on an arbitrary thread. Until then
// (reading the configuration, preparing the state folder) they keep their
// default action: a signal there ends the start at once, with nothing to
// undo (issue 11: a start stuck reading a FIFO ignored SIGTERM).
//
// Thread safety: `stop_signals` is made on the main thread before any other
// thread exists; `second_signal` owns one thread that waits only after
// `arm()`, so the first signal always reaches the main thread's wait.

#include <csignal>
#include <functional>
#include <semaphore>
#include <thread>

namespace hummel {

/// SIGINT and SIGTERM with their default action (ending the process) and
/// unblocked, whatever the parent left: the state of the start-up until
/// `stop_signals` is made.
void default_stop_signals();

/// The signals that stop the daemon, blocked in the calling thread.
class stop_signals {
public:
  /// Blocks SIGINT, SIGTERM, SIGUSR2 (the wake-up of `second_signal`) and
  /// SIGHUP (a reload, read by config_watch); ignores SIGPIPE.
  stop_signals();

  /// Waits for SIGINT or SIGTERM; returns it.
  int wait() const;

  /// SIGINT or SIGTERM if one arrived already (taken), else 0.
  int pending() const;

private:
  sigset_t stop_;
};

/// Calls a function on a signal that arrives after `arm()`.
class second_signal {
public:
  explicit second_signal(std::function<void(int)> on_signal);

  /// Wakes the thread and joins it.
  ~second_signal();

  second_signal(const second_signal&) = delete;
  second_signal& operator=(const second_signal&) = delete;

  /// From now on, SIGINT or SIGTERM calls the function (once).
  void arm();

private:
  std::function<void(int)> on_signal_;
  std::binary_semaphore armed_{0};
  bool was_armed_ = false;
  std::thread thread_;
};

} // namespace hummel

#pragma once

// What triggers a configuration reload in the daemon: SIGHUP, and a change
// of the configuration files seen through inotify. One thread polls a
// signalfd for SIGHUP and an inotify descriptor watching the files'
// folders (not recursive; only the named files count, so an editor that
// writes a temporary file and renames it over the original is seen by the
// rename), and calls the callback once the files have been quiet for the
// debounce time. A file counts when its writer closes it (IN_CLOSE_WRITE)
// or something is renamed over it, not at every write; events of other
// files in the folder never move the debounce's deadline.
//
// Thread safety: construct and destroy on one thread; the callback runs on
// the watcher's own thread, one call at a time. SIGHUP must be blocked in
// every thread (stop_signals does that) before the watcher starts.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hummel {

/// Why a reload was triggered.
enum class reload_cause { signal, file };

/// The SIGHUP and file watcher.
class config_watch {
public:
  /// Calls `on_reload(cause, detail)` on SIGHUP (detail "SIGHUP") and after
  /// a change of one of `files` (detail: the file's name) followed by
  /// `debounce` without another change. A folder that cannot be watched is
  /// logged and skipped; SIGHUP still works.
  config_watch(std::vector<std::filesystem::path> files,
               std::function<void(reload_cause, const std::string&)> on_reload,
               std::chrono::milliseconds debounce
               = std::chrono::milliseconds{50});

  /// Stops and joins the thread.
  ~config_watch();

  config_watch(const config_watch&) = delete;
  config_watch& operator=(const config_watch&) = delete;

  /// How often the thread woke for inotify events (for tests). Any thread.
  size_t inotify_wakeups() const noexcept {
    return wakeups_.load(std::memory_order_relaxed);
  }

private:
  void run();

  std::vector<std::filesystem::path> files_;
  std::function<void(reload_cause, const std::string&)> on_reload_;
  std::chrono::milliseconds debounce_;
  int stop_fd_ = -1;
  int signal_fd_ = -1;
  int inotify_fd_ = -1;
  /// Watch descriptor → the file names of interest in that folder.
  std::map<int, std::set<std::string>> names_;
  std::atomic<size_t> wakeups_{0};
  std::thread thread_;
};

} // namespace hummel

#pragma once

// The project's file watcher: one thread, one inotify instance, for every
// process that has `watch` globs. It maps each change to the processes
// whose globs want it, debounces per process, and reports a due burst (or
// a watch that could not be added) to a sink.
//
// Thread safety: `configure` may be called from any thread; the sink is
// called on the watcher's own thread.

#include "watch/debouncer.hpp"
#include "watch/glob.hpp"
#include "watch/inotify_tree.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace hummel::watch {

/// What one process watches.
struct watch_spec {
  std::string name;
  /// Absolute folder the globs are relative to (the process's cwd).
  std::filesystem::path cwd;
  std::vector<std::string> patterns;
  std::vector<std::string> ignore;
  std::chrono::milliseconds debounce{300};
};

/// Hears the watcher (on its thread).
class watch_sink {
public:
  virtual ~watch_sink() = default;

  /// Files of process `name` changed; `reason` is "file changed: src/a.ts"
  /// (see reason_of).
  virtual void changed(const std::string& name, const std::string& reason) = 0;

  /// Watching for process `name` is incomplete or impossible (`why`).
  virtual void failed(const std::string& name, const std::string& why) = 0;
};

/// One thread watching the trees of every spec.
class watcher {
public:
  /// Starts the thread (watching nothing until `configure`).
  /// @param add the inotify_add_watch stand-in for tests; empty = the
  /// real one.
  explicit watcher(watch_sink& sink, add_watch_fn add = {});

  /// Stops the thread.
  ~watcher();

  watcher(const watcher&) = delete;
  watcher& operator=(const watcher&) = delete;

  /// Replaces what is watched (all watches are re-added; pending bursts
  /// are dropped). Specs without patterns are left out.
  void configure(std::vector<watch_spec> specs);

  /// Number of folders watched (for tests and the log); read on the
  /// watcher's thread after each (re)configuration.
  size_t watch_count() const;

private:
  struct entry;

  void run();
  void apply(std::vector<watch_spec> specs);
  void on_event(const fs_event& ev, clock_type::time_point now);
  void on_new_dir(const std::filesystem::path& dir, clock_type::time_point now);
  void note(const std::filesystem::path& path, clock_type::time_point now);
  void rescan();

  watch_sink& sink_;
  add_watch_fn add_;
  int wake_fd_ = -1;
  std::unique_ptr<inotify_tree> tree_;
  std::vector<entry> entries_;
  debouncer debounce_;
  mutable std::mutex mtx_;
  std::optional<std::vector<watch_spec>> pending_;
  bool stop_ = false;
  size_t watch_count_ = 0;
  std::thread thread_;
};

} // namespace hummel::watch

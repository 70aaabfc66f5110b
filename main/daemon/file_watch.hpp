#pragma once

// The project's file watching: the watcher thread (lib/watch) fed with the
// `watch` globs of the configuration, its news sent to the WATCH actor
// (actors/watch.hpp), which restarts processes through the SUPERVISOR.
// The same bridge pattern as reactor_launcher: a plain thread that only
// sends messages.
//
// Thread safety: `configure` may be called from any thread; the sink
// callbacks run on the watcher thread and only log and send.

#include "config/project_config.hpp"
#include "messages/interfaces.hpp"
#include "watch/watcher.hpp"

#include <memory>
#include <mutex>

namespace hummel {

/// The watch specs of every process of `config` that has `watch` globs.
std::vector<watch::watch_spec> watch_specs_of(const project_config& config);

/// Watches the files of a project's processes for the WATCH actor.
class file_watch : private watch::watch_sink {
public:
  /// Watches nothing until `configure`.
  explicit file_watch(watch_actor target);

  /// Stops the thread.
  ~file_watch() override;

  /// Watches what `config` asks for (again after a reload). The thread
  /// starts with the first configuration that has `watch` globs.
  void configure(const project_config& config);

private:
  void changed(const std::string& name, const std::string& reason) override;
  void failed(const std::string& name, const std::string& why) override;

  watch_actor target_;
  std::mutex mtx_;
  std::unique_ptr<watch::watcher> watcher_;
};

} // namespace hummel

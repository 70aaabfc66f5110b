#pragma once

// The daemon's one reload path: load hummel.toml and package.json again
// (with the daemon's command-line flags, as at start-up) and hand the new
// configuration to the SUPERVISOR, which applies the difference
// (actors/detail/supervisor_reload.hpp). Used by `hummel reload` (the MCP
// tool config_reload, through mcp_context::load_config), SIGHUP and the
// file watcher (main/daemon/config_watch.hpp). An invalid file is refused
// whole: nothing changes, and the error names file:line.
//
// Thread safety: `load` and `on_trigger` may be called from any thread.

#include "main/daemon/config_watch.hpp"
#include "main/daemon/daemon.hpp"
#include "messages/interfaces.hpp"

#include <caf/fwd.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace hummel {

/// A loaded configuration, or every error ("file:line: reason"), one a line.
using config_load
  = std::variant<std::shared_ptr<const project_config>, std::string>;

/// Loads the project's configuration as the daemon did at start.
config_load load_config_again(const daemon_options& opts);

/// The files whose change reloads: the configuration file (hummel.toml or
/// `--config`) and package.json.
std::vector<std::filesystem::path> reload_files(const daemon_options& opts,
                                                const project_config& config);

/// Loads and applies configurations for the daemon.
class config_reloader {
public:
  /// @param sys,supervisor where the new configuration goes; must outlive
  /// this object.
  config_reloader(daemon_options opts, const project_config& initial,
                  caf::actor_system& sys, supervisor_actor supervisor);

  /// `load_config_again`; remembers the `[daemon] reload` mode of a
  /// configuration that loaded.
  config_load load();

  /// A trigger fired: loads and applies (a file change only in the "auto"
  /// mode), then logs what changed or why nothing did. Blocks until the
  /// SUPERVISOR has answered.
  void on_trigger(reload_cause cause, const std::string& what);

  /// Called with every configuration that loaded (the file watches follow
  /// it); set before the first trigger. Any thread.
  std::function<void(const project_config&)> loaded;

private:
  daemon_options opts_;
  caf::actor_system& sys_;
  supervisor_actor supervisor_;
  std::atomic<bool> auto_mode_;
};

} // namespace hummel

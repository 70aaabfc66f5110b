#pragma once

// Paths shared by the CLI and the daemon.

#include <filesystem>
#include <string>

namespace hummel {

/// `$XDG_STATE_HOME/hummel/<project-id>`, else
/// `$HOME/.local/state/hummel/<project-id>`.
std::filesystem::path default_state_dir(const std::string& project_id);

/// The folder of the running executable (hummel, hummel-daemon and
/// hummel-spawn sit together).
std::filesystem::path self_dir();

} // namespace hummel

#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

/// Where the daemon's unix socket and runtime files live, and the checks
/// that keep them private.
///
/// Thread safety: plain functions; `runtime_dir` reads the environment.
namespace hummel::net {

/// Returns the folder for hummel's sockets and runtime files, by one rule
/// the daemon and every client share, independent of the variables an MCP
/// client may drop: `$HUMMEL_RUNTIME_DIR/hummel` if that variable holds an
/// absolute path (an explicit override), else `/run/user/<uid>/hummel` if
/// that user folder exists and is the user's, else `/tmp/hummel-<uid>`.
/// Only computes the path; `ensure_private_dir` creates and checks it.
std::filesystem::path runtime_dir();

/// Returns `runtime_dir() / (project_id + ".sock")`.
std::filesystem::path socket_path(std::string_view project_id);

/// Creates `dir` with mode 0700 if it is missing (its parent must exist),
/// then checks that it is a directory (not a symlink), owned by the
/// effective user, without group or other permissions. Returns a message
/// naming the folder and the problem otherwise; never changes an existing
/// folder's owner or mode.
std::optional<std::string> ensure_private_dir(const std::filesystem::path& dir);

} // namespace hummel::net

#pragma once

// Internal to hummel_net: POSIX helpers for unix-domain stream sockets.

#include <chrono>
#include <filesystem>

/// Thread safety: plain functions.
namespace hummel::net::detail {

/// A connection attempt's outcome: a connected, close-on-exec, blocking
/// socket in `fd`, or -1 and the errno value in `err`.
struct connect_result {
  int fd = -1;
  int err = 0;
};

/// Connects to the unix socket at `path`, waiting at most `timeout` (a
/// full accept backlog gives EAGAIN). Paths too long give ENAMETOOLONG.
connect_result connect_unix(const std::filesystem::path& path,
                            std::chrono::milliseconds timeout);

/// Returns whether `path` fits in `sockaddr_un::sun_path`.
bool fits_sun_path(const std::filesystem::path& path);

} // namespace hummel::net::detail

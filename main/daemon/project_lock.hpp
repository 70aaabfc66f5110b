#pragma once

// One daemon per project and user, however HUMMEL_RUNTIME_DIR or --state-dir
// are set: an flock on /tmp/hummel-<uid>-locks/<project-id>.lock holding the
// daemon's pid. The kernel releases it when the daemon dies, even by
// SIGKILL, so a stale lock cannot exist. A daemon that ends normally also
// removes the file (while it still holds the lock; `take` checks that the
// file it locked is still the one at the path, so a racing start retries).

#include <filesystem>
#include <optional>
#include <string>

namespace hummel {

/// The project's daemon lock; released when destroyed.
class project_lock {
public:
  project_lock() = default;
  ~project_lock();

  project_lock(const project_lock&) = delete;
  project_lock& operator=(const project_lock&) = delete;

  /// Takes the lock of `project_id`; returns why it could not.
  std::optional<std::string> take(const std::string& project_id);

private:
  int fd_ = -1;
  std::filesystem::path path_;
};

} // namespace hummel

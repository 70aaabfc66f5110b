#pragma once

// Recursive inotify watches: one watch per folder of the trees asked for,
// new folders added as they appear (by the caller, from `new_dir` events),
// folders that go away forgotten. Symbolic links are not followed.
//
// Thread safety: none; one thread owns an inotify_tree.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hummel::watch {

/// One thing that happened in a watched folder.
struct fs_event {
  /// Folder of the watch joined with the entry's name; empty for overflow.
  std::filesystem::path path;
  bool is_dir = false;
  /// A folder appeared (created or moved in): its tree may need watches.
  bool new_dir = false;
  /// The kernel dropped events (IN_Q_OVERFLOW): anything may have changed.
  bool overflow = false;
};

/// Adds one inotify watch (inotify_add_watch(2) semantics: a descriptor,
/// or -1 with errno set). The syscall by default; tests pass a stand-in
/// that fails like a kernel at its limit.
using add_watch_fn
  = std::function<int(int fd, const std::string& path, uint32_t mask)>;

/// Answers whether a folder found while walking gets a watch (and is
/// walked).
using descend_fn = std::function<bool(const std::filesystem::path&)>;

/// The inotify watches of a set of folder trees.
class inotify_tree {
public:
  /// Opens an inotify instance (non-blocking, close-on-exec).
  explicit inotify_tree(add_watch_fn add = {});
  ~inotify_tree();

  inotify_tree(const inotify_tree&) = delete;
  inotify_tree& operator=(const inotify_tree&) = delete;

  /// The descriptor to poll for events, or -1 (see init_error).
  int fd() const {
    return fd_;
  }

  /// Why the inotify instance could not be opened; empty when it is open.
  const std::string& init_error() const {
    return init_error_;
  }

  /// Watches `dir` and every folder below it for which `descend` holds.
  /// Files found in those folders are appended to `found` (if not null),
  /// for folders that appear while something writes into them. Answers the
  /// reason when the kernel refuses a watch for lack of resources (the
  /// watch limit: the walk stops there), else nullopt; folders that vanish
  /// or cannot be read are skipped.
  std::optional<std::string>
  add_tree(const std::filesystem::path& dir, const descend_fn& descend,
           std::vector<std::filesystem::path>* found = nullptr);

  /// Reads every pending event without blocking.
  std::vector<fs_event> read_events();

  /// Number of folders watched.
  size_t watch_count() const {
    return dirs_.size();
  }

private:
  bool add_one(const std::filesystem::path& dir, std::string& error);
  void forget_below(const std::filesystem::path& dir);

  int fd_ = -1;
  add_watch_fn add_;
  std::string init_error_;
  std::unordered_map<int, std::filesystem::path> dirs_;
};

/// The message for a refused inotify_add_watch of `dir` with `err`. For
/// ENOSPC it names /proc/sys/fs/inotify/max_user_watches, its value and
/// how to raise it.
std::string watch_error_text(const std::filesystem::path& dir, int err);

/// The message for a refused inotify_init1 with `err` (EMFILE names
/// /proc/sys/fs/inotify/max_user_instances).
std::string init_error_text(int err);

} // namespace hummel::watch

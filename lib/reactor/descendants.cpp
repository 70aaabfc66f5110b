#include "reactor/proc.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace hummel::reactor::detail {

namespace {

/// The pids listed in one children file. False when the two readings of
/// the file differ (a child exited or started while it was read); true
/// with nothing added when the file is gone (the thread or process ended).
bool read_children(const char* path, std::vector<int>& out) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return true;
  // A pid is at most 8 characters and a space: 4 KiB holds 450 children,
  // larger lists are read in pieces.
  std::string text[2];
  char buf[4096];
  for (auto& t : text) {
    off_t at = 0;
    for (;;) {
      auto n = ::pread(fd, buf, sizeof(buf), at);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      t.append(buf, static_cast<size_t>(n));
      at += n;
    }
  }
  ::close(fd);
  if (text[0] != text[1])
    return false;
  const char* p = text[0].c_str();
  char* end = nullptr;
  for (long pid = std::strtol(p, &end, 10); end != p;
       pid = std::strtol(p, &end, 10)) {
    out.push_back(static_cast<int>(pid));
    p = end;
  }
  return true;
}

/// The children of every thread of `pid` (only the main thread's when the
/// process has one thread, which saves listing /proc/<pid>/task).
bool append_children(int pid, uint32_t threads, std::vector<int>& out) {
  char path[300];
  if (threads == 1) {
    std::snprintf(path, sizeof(path), "/proc/%d/task/%d/children", pid, pid);
    return read_children(path, out);
  }
  std::snprintf(path, sizeof(path), "/proc/%d/task", pid);
  DIR* dir = ::opendir(path);
  if (dir == nullptr)
    return true; // ended
  bool stable = true;
  while (auto* entry = ::readdir(dir)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9')
      continue;
    std::snprintf(path, sizeof(path), "/proc/%d/task/%s/children", pid,
                  entry->d_name);
    stable = read_children(path, out) && stable;
  }
  ::closedir(dir);
  return stable;
}

} // namespace

std::optional<std::vector<proc_stat>> scan_descendants(int root) {
  std::vector<proc_stat> result;
  // (pid, its parent when listed): a pid reused by a process elsewhere
  // meanwhile is not this tree's.
  std::vector<std::pair<int, int>> todo;
  std::vector<int> top;
  if (!append_children(root, 0, top))
    return std::nullopt;
  for (int k : top)
    todo.emplace_back(k, root);
  std::vector<int> kids;
  while (!todo.empty()) {
    auto [pid, parent] = todo.back();
    todo.pop_back();
    auto st = read_stat(pid);
    // Re-parented to `root` (the subreaper) since: still in the tree.
    if (!st || (st->ppid != parent && st->ppid != root))
      continue;
    st->read_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
    result.push_back(*st);
    if (st->dead())
      continue;
    kids.clear();
    if (!append_children(pid, st->threads, kids))
      return std::nullopt;
    for (int k : kids)
      todo.emplace_back(k, pid);
  }
  // A process whose parent ended during the walk moved to `root` (the
  // subreaper) after `root` was read, and was seen by neither: the list
  // of `root`'s children is then not what it was.
  kids.clear();
  if (!append_children(root, 0, kids))
    return std::nullopt;
  std::sort(top.begin(), top.end());
  std::sort(kids.begin(), kids.end());
  if (top != kids)
    return std::nullopt;
  return result;
}

} // namespace hummel::reactor::detail

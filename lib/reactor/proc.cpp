#include "reactor/proc.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace hummel::reactor::detail {

namespace {

// Reads up to `max` bytes of a (small, /proc) file into `out`.
bool read_file(const char* path, std::string& out, size_t max) {
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  out.clear();
  char buf[4096];
  while (out.size() < max) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

} // namespace

std::optional<proc_stat> read_stat(int pid) {
  return read_proc_stat(pid);
}

std::vector<proc_stat> scan_procs() {
  std::vector<proc_stat> result;
  DIR* dir = ::opendir("/proc");
  if (dir == nullptr)
    return result;
  while (auto* entry = ::readdir(dir)) {
    const char* name = entry->d_name;
    if (name[0] < '1' || name[0] > '9')
      continue;
    if (auto st = read_stat(std::atoi(name))) {
      st->read_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
      result.push_back(*st);
    }
  }
  ::closedir(dir);
  return result;
}

std::optional<std::string> read_run_marker(int pid) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/environ", pid);
  std::string text;
  if (!read_file(path, text, 1 << 20))
    return std::nullopt;
  constexpr std::string_view key = "HUMMEL_RUN=";
  std::string_view env{text};
  while (!env.empty()) {
    auto end = env.find('\0');
    auto entry = env.substr(0, end);
    if (entry.substr(0, key.size()) == key)
      return std::string{entry.substr(key.size())};
    if (end == std::string_view::npos)
      break;
    env.remove_prefix(end + 1);
  }
  return std::nullopt;
}

int open_pidfd(int pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

int open_verified_pidfd(int pid, uint64_t start_ticks) {
  if (pid <= 0)
    return -1;
  int fd = open_pidfd(pid);
  if (fd < 0)
    return -1;
  // The pidfd pins the process: if the start time still matches now, the
  // fd refers to the process we mean, not to a recycled pid.
  auto st = read_stat(pid);
  if (!st || st->start_ticks != start_ticks) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_signal(int pidfd, int sig) {
  return ::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0) == 0;
}

bool signal_verified(int pid, uint64_t start_ticks, int sig) {
  int fd = open_verified_pidfd(pid, start_ticks);
  if (fd < 0)
    return false;
  bool ok = send_signal(fd, sig);
  ::close(fd);
  return ok;
}

long ticks_per_second() {
  static const long value = [] {
    long v = ::sysconf(_SC_CLK_TCK);
    return v > 0 ? v : 100;
  }();
  return value;
}

long page_bytes() {
  static const long value = [] {
    long v = ::sysconf(_SC_PAGESIZE);
    return v > 0 ? v : 4096;
  }();
  return value;
}

} // namespace hummel::reactor::detail

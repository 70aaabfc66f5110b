#include "reactor/proc.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
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

uint64_t to_u64(std::string_view s) {
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9')
      break;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

int to_int(std::string_view s) {
  if (!s.empty() && s[0] == '-')
    return -static_cast<int>(to_u64(s.substr(1)));
  return static_cast<int>(to_u64(s));
}

} // namespace

std::optional<proc_stat> read_stat(int pid) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/stat", pid);
  std::string text;
  if (!read_file(path, text, 4096) || text.empty())
    return std::nullopt;
  // "pid (comm) state ppid pgrp ..." -- comm may contain spaces and ')'.
  auto close = text.rfind(')');
  if (close == std::string::npos)
    return std::nullopt;
  std::string_view rest{text};
  rest.remove_prefix(close + 1);
  // fields[0] is field 3 (state) of proc(5), fields[k] is field k + 3.
  std::string_view fields[22];
  size_t count = 0;
  while (count < 22 && !rest.empty()) {
    auto start = rest.find_first_not_of(' ');
    if (start == std::string_view::npos)
      break;
    rest.remove_prefix(start);
    auto end = rest.find(' ');
    fields[count++] = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  if (count < 22)
    return std::nullopt;
  proc_stat st;
  st.pid = pid;
  st.state = fields[0].empty() ? '?' : fields[0][0];
  st.ppid = to_int(fields[1]);
  st.pgid = to_int(fields[2]);
  st.cpu_ticks = to_u64(fields[11]) + to_u64(fields[12]) + to_u64(fields[13])
                 + to_u64(fields[14]);
  st.start_ticks = to_u64(fields[19]);
  st.rss_pages = to_u64(fields[21]);
  return st;
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
    if (auto st = read_stat(std::atoi(name)))
      result.push_back(*st);
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

#include "common/proc_stat.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

namespace hummel {

namespace {

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

std::optional<proc_stat> parse_proc_stat(std::string_view text) {
  auto close = text.rfind(')');
  if (close == std::string_view::npos)
    return std::nullopt;
  proc_stat st;
  st.pid = to_int(text.substr(0, text.find(' ')));
  std::string_view rest = text.substr(close + 1);
  // fields[0] is field 3 (state) of proc(5), fields[k] is field k + 3.
  std::string_view fields[22];
  size_t count = 0;
  while (count < 22 && !rest.empty()) {
    auto start = rest.find_first_not_of(" \n");
    if (start == std::string_view::npos)
      break;
    rest.remove_prefix(start);
    auto end = rest.find_first_of(" \n");
    fields[count++] = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  }
  if (count < 22)
    return std::nullopt;
  st.state = fields[0].empty() ? '?' : fields[0][0];
  st.ppid = to_int(fields[1]);
  st.pgid = to_int(fields[2]);
  st.cpu_ticks = to_u64(fields[11]) + to_u64(fields[12]) + to_u64(fields[13])
                 + to_u64(fields[14]);
  st.threads = static_cast<uint32_t>(to_u64(fields[17]));
  st.start_ticks = to_u64(fields[19]);
  st.rss_pages = to_u64(fields[21]);
  return st;
}

std::optional<proc_stat> read_proc_stat(int pid) {
  char path[64];
  std::snprintf(path, sizeof(path), "/proc/%d/stat", pid);
  int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  char buf[1024];
  std::string text;
  for (;;) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0 || text.size() > 4096)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  auto st = parse_proc_stat(text);
  if (st)
    st->pid = pid;
  return st;
}

} // namespace hummel

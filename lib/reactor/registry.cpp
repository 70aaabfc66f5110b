#include "reactor/registry.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace hummel::reactor::detail {

namespace {

std::string add_line(int pid, uint64_t start, const std::string& marker) {
  return "+ " + std::to_string(pid) + " " + std::to_string(start) + " " + marker
         + "\n";
}

bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

} // namespace

std::vector<registry_entry> read_registry(const std::filesystem::path& path) {
  std::map<std::pair<int, uint64_t>, std::string> live;
  std::ifstream in{path};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields{line};
    char op = 0;
    int pid = 0;
    uint64_t start = 0;
    if (!(fields >> op >> pid >> start) || pid <= 0)
      continue;
    if (op == '+') {
      std::string marker;
      fields >> marker;
      live[{pid, start}] = marker;
    } else if (op == '-') {
      live.erase({pid, start});
    }
  }
  std::vector<registry_entry> result;
  for (auto& [key, marker] : live)
    result.push_back({key.first, key.second, marker});
  return result;
}

registry_writer::registry_writer(std::filesystem::path path)
  : path_(std::move(path)) {
  if (path_.empty())
    return;
  // Keep what an earlier writer left, so a compaction does not lose it.
  for (auto& entry : read_registry(path_))
    live_[{entry.pid, entry.start_ticks}] = entry.marker;
  lines_ = live_.size();
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

registry_writer::~registry_writer() {
  if (fd_ >= 0)
    ::close(fd_);
}

void registry_writer::add(int pid, uint64_t start_ticks,
                          const std::string& marker) {
  if (fd_ < 0)
    return;
  live_[{pid, start_ticks}] = marker;
  append(add_line(pid, start_ticks, marker));
}

void registry_writer::remove(int pid, uint64_t start_ticks) {
  if (fd_ < 0)
    return;
  live_.erase({pid, start_ticks});
  append("- " + std::to_string(pid) + " " + std::to_string(start_ticks) + "\n");
  if (lines_ > 2 * live_.size() + 1024)
    compact();
}

void registry_writer::append(const std::string& line) {
  // One write(2) per line on an O_APPEND fd: a crash leaves whole lines.
  if (write_all(fd_, line))
    ++lines_;
}

void registry_writer::compact() {
  // Rewrite the live entries into a new file and rename it over the old
  // one, so the registry is complete at every moment.
  auto tmp = path_;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  std::string text;
  for (auto& [key, marker] : live_)
    text += add_line(key.first, key.second, marker);
  if (!write_all(fd, text) || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return;
  }
  ::close(fd);
  int appended = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (appended < 0)
    return;
  ::close(fd_);
  fd_ = appended;
  lines_ = live_.size();
}

} // namespace hummel::reactor::detail

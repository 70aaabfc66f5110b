#include "logs/log_file.hpp"

#include "logs/log_format.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

namespace hummel {

namespace {

// Creates the missing directories of `dir`, each with mode 0700.
int make_dirs(const std::filesystem::path& dir) {
  if (dir.empty())
    return 0;
  std::filesystem::path current;
  for (const auto& part : dir) {
    current /= part;
    if (::mkdir(current.c_str(), 0700) != 0 && errno != EEXIST)
      return errno;
  }
  struct stat st;
  if (::stat(dir.c_str(), &st) != 0)
    return errno;
  return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

// Reads the whole file at `p` into `out`; returns false if it cannot be
// opened or read.
bool read_file(const std::filesystem::path& p, std::string& out) {
  out.clear();
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  struct stat st;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    out.reserve(static_cast<size_t>(st.st_size));
  constexpr size_t chunk = 1 << 20;
  bool ok = true;
  while (true) {
    auto old = out.size();
    out.resize(old + chunk);
    auto n = ::read(fd, out.data() + old, chunk);
    if (n < 0 && errno == EINTR) {
      out.resize(old);
      continue;
    }
    if (n <= 0) {
      ok = n == 0;
      out.resize(old);
      break;
    }
    out.resize(old + static_cast<size_t>(n));
  }
  ::close(fd);
  return ok;
}

} // namespace

log_file::log_file(std::filesystem::path path, uint64_t max_bytes,
                   uint32_t keep)
  : path_(std::move(path)), max_bytes_(max_bytes), keep_(keep == 0 ? 1 : keep) {
  // nop
}

log_file::~log_file() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::filesystem::path log_file::rotated_path(const std::filesystem::path& path,
                                             uint32_t index) {
  if (index == 0)
    return path;
  auto result = path;
  result += "." + std::to_string(index);
  return result;
}

void log_file::fail(const char* what, const std::filesystem::path& p, int err) {
  last_error_
    = std::string{what} + " " + p.string() + ": " + std::strerror(err);
}

bool log_file::open() {
  if (auto err = make_dirs(path_.parent_path()); err != 0) {
    fail("mkdir", path_.parent_path(), err);
    return false;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    fail("open", path_, errno);
    return false;
  }
  struct stat st;
  size_ = ::fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  return true;
}

bool log_file::rotate() {
  ::close(fd_);
  fd_ = -1;
  bool ok = true;
  if (keep_ == 1) {
    if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
      fail("unlink", path_, errno);
      ok = false;
    }
  } else {
    auto oldest = rotated_path(path_, keep_ - 1);
    if (::unlink(oldest.c_str()) != 0 && errno != ENOENT) {
      fail("unlink", oldest, errno);
      ok = false;
    }
    for (auto i = keep_ - 1; i > 0; --i) {
      auto from = rotated_path(path_, i - 1);
      auto to = rotated_path(path_, i);
      if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT) {
        fail("rename", from, errno);
        ok = false;
      }
    }
  }
  return open() && ok;
}

bool log_file::write_all(const char* data, size_t len) {
  while (len > 0) {
    auto n = ::write(fd_, data, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      fail("write", path_, errno);
      return false;
    }
    data += n;
    len -= static_cast<size_t>(n);
    size_ += static_cast<uint64_t>(n);
  }
  return true;
}

bool log_file::append(std::span<const log_line> lines) {
  last_error_.clear();
  if (lines.empty())
    return true;
  if (fd_ < 0 && !open())
    return false;
  bool ok = true;
  bool may_rotate = true;
  buf_.clear();
  for (const auto& line : lines) {
    auto start = buf_.size();
    log_format::append_record(buf_, line);
    if (!may_rotate || size_ + buf_.size() <= max_bytes_ || size_ + start == 0)
      continue;
    // The record does not fit: flush the ones before it, start a new file.
    if (start > 0 && !write_all(buf_.data(), start))
      ok = false;
    buf_.erase(0, start);
    if (!rotate()) {
      ok = false;
      may_rotate = false;
      if (fd_ < 0)
        return false;
    }
  }
  if (!write_all(buf_.data(), buf_.size()))
    ok = false;
  if (buf_.capacity() > 4 * 1024 * 1024)
    std::string{}.swap(buf_);
  return ok;
}

void log_file::scan_impl(const std::filesystem::path& path, uint32_t keep,
                         scan_fn f, void* ctx) {
  std::string data;
  log_line line;
  for (uint32_t i = 0; i < std::max(keep, uint32_t{1}); ++i) {
    if (!read_file(rotated_path(path, i), data))
      continue;
    std::string_view s{data};
    auto end = s.size();
    if (end > 0 && s[end - 1] == '\n')
      --end;
    while (end > 0) {
      auto nl = s.rfind('\n', end - 1);
      auto start = nl == std::string_view::npos ? 0 : nl + 1;
      if (log_format::parse_record(s.substr(start, end - start), line)
          && !f(ctx, line))
        return;
      end = nl == std::string_view::npos ? 0 : nl;
    }
  }
}

std::vector<log_line> log_file::read_tail(const std::filesystem::path& path,
                                          size_t max_lines, uint32_t keep) {
  std::vector<log_line> result;
  if (max_lines == 0)
    return result;
  scan_newest_first(path, keep, [&](const log_line& line) {
    result.push_back(line);
    return result.size() < max_lines;
  });
  std::reverse(result.begin(), result.end());
  return result;
}

uint64_t log_file::last_seq(const std::filesystem::path& path, uint32_t keep) {
  uint64_t result = 0;
  scan_newest_first(path, keep, [&](const log_line& line) {
    result = line.seq;
    return false;
  });
  return result;
}

} // namespace hummel

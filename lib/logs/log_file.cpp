#include "logs/log_file.hpp"

#include "common/scratch.hpp"
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
  // The first read asks for the whole file and one page more (a file that
  // grew meanwhile); later reads take 1 MiB each. resize() zero-fills, so a
  // fixed 1 MiB first chunk made every read of a small file cost 1 MiB.
  struct stat st;
  size_t chunk = 4096;
  if (::fstat(fd, &st) == 0 && st.st_size > 0)
    chunk += static_cast<size_t>(st.st_size);
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
    chunk = size_t{1} << 20;
  }
  ::close(fd);
  return ok;
}

} // namespace

log_file::log_file(std::filesystem::path path, uint64_t max_bytes,
                   uint32_t keep)
  : path_(path.string()), max_bytes_(max_bytes), keep_(keep == 0 ? 1 : keep) {
  // nop
}

log_file::~log_file() {
  close();
}

void log_file::close() noexcept {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
  std::string{}.swap(buf_);
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
  last_errno_ = err;
  last_error_
    = std::string{what} + " " + p.string() + ": " + std::strerror(err);
}

bool log_file::open() {
  if (auto err = make_dirs(path().parent_path()); err != 0) {
    fail("mkdir", path().parent_path(), err);
    return false;
  }
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    fail("open", path_, errno);
    return false;
  }
  struct stat st;
  size_ = ::fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  // A file cut mid-record (a crash, a full disk before this writer knew
  // better): the next record starts on a fresh line. (O_RDWR for this
  // read of the last byte.)
  char last = '\n';
  torn_ = size_ > 0
          && ::pread(fd_, &last, 1, static_cast<off_t>(size_ - 1)) == 1
          && last != '\n';
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
    auto n
      = write_ != nullptr ? write_(fd_, data, len) : ::write(fd_, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      fail("write", path_, n < 0 ? errno : EIO);
      return false;
    }
    data += n;
    len -= static_cast<size_t>(n);
    size_ += static_cast<uint64_t>(n);
  }
  return true;
}

// Writes the first `len` bytes of buf_, the records of `count` lines. On a
// failure, keeps the whole records that reached the file and cuts the rest
// (or, if the cut fails, remembers that the file ends mid-record).
bool log_file::flush(size_t len, size_t count) {
  if (len == 0)
    return true;
  if (torn_) {
    if (!write_all("\n", 1))
      return false;
    torn_ = false;
  }
  auto before = size_;
  if (write_all(buf_.data(), len)) {
    written_ += count;
    return true;
  }
  auto done = static_cast<size_t>(size_ - before);
  size_t keep = 0;
  if (done > 0) {
    auto nl = buf_.rfind('\n', done - 1);
    keep = nl == std::string::npos ? 0 : nl + 1;
  }
  written_ += static_cast<size_t>(std::count(
    buf_.begin(), buf_.begin() + static_cast<ptrdiff_t>(keep), '\n'));
  if (keep < done) {
    auto good = before + keep;
    if (::ftruncate(fd_, static_cast<off_t>(good)) == 0)
      size_ = good;
    else
      torn_ = true;
  }
  return false;
}

std::optional<uint64_t> log_file::clear() {
  uint64_t bytes = 0;
  std::error_code ec;
  for (uint32_t i = 1; i < keep_; ++i) {
    auto p = rotated_path(path_, i);
    auto kind = std::filesystem::symlink_status(p, ec).type();
    if (kind == std::filesystem::file_type::not_found)
      continue;
    if (kind != std::filesystem::file_type::regular) {
      fail("remove", p, EISDIR); // not ours to remove: say so
      return std::nullopt;
    }
    auto n = std::filesystem::file_size(p, ec);
    if (ec || !std::filesystem::remove(p, ec) || ec) {
      fail("remove", p, ec.value());
      return std::nullopt;
    }
    bytes += n;
  }
  int rc = 0;
  if (fd_ >= 0) {
    bytes += size_;
    rc = ::ftruncate(fd_, 0); // O_APPEND: the next record goes to 0
  } else if (auto n = std::filesystem::file_size(path_, ec); !ec) {
    bytes += n;
    rc = ::truncate(path_.c_str(), 0);
  }
  if (rc != 0) {
    fail("truncate", path_, errno);
    return std::nullopt;
  }
  size_ = 0;
  torn_ = false;
  return bytes;
}

bool log_file::append(std::span<const log_line> lines) {
  last_error_.clear();
  last_errno_ = 0;
  written_ = 0;
  if (lines.empty())
    return true;
  if (fd_ < 0 && !open())
    return false;
  buf_.clear();
  size_t pending = 0; // lines whose records are in buf_
  bool ok = true;
  for (const auto& line : lines) {
    auto start = buf_.size();
    log_format::append_record(buf_, line, cache_);
    ++pending;
    if (size_ + buf_.size() <= max_bytes_ || size_ + start == 0)
      continue;
    // The record does not fit: flush the ones before it, start a new file.
    if (!flush(start, pending - 1)) {
      ok = false;
      break;
    }
    buf_.erase(0, start);
    pending = 1;
    if (!rotate()) {
      ok = false;
      break;
    }
  }
  if (ok)
    ok = flush(buf_.size(), pending);
  release_if_oversized(buf_);
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
    // An unterminated last line is a record being written or one cut by a
    // crash or a full disk: skipped.
    auto end = s.size();
    if (!s.empty() && s.back() != '\n') {
      auto nl = s.rfind('\n');
      end = nl == std::string_view::npos ? 0 : nl + 1;
    }
    if (end > 0)
      --end;
    while (end > 0) {
      auto nl = s.rfind('\n', end - 1);
      auto start = nl == std::string_view::npos ? 0 : nl + 1;
      if (log_format::parse_record(s.substr(start, end - start), line)
          && !log_format::looks_merged(line) && !f(ctx, line))
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

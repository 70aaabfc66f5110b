#include "main/daemon/project_lock.hpp"

#include "net/runtime_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hummel {

project_lock::~project_lock() {
  if (fd_ < 0)
    return;
  ::unlink(path_.c_str()); // still locked: nobody else holds this inode
  ::close(fd_);
}

namespace {

/// True if `fd` is the file at `path` now (not one unlinked meanwhile).
bool still_at(int fd, const std::filesystem::path& path) {
  struct stat a {};
  struct stat b {};
  return ::fstat(fd, &a) == 0 && ::stat(path.c_str(), &b) == 0
         && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

} // namespace

std::optional<std::string> project_lock::take(const std::string& project_id) {
  std::filesystem::path dir
    = "/tmp/hummel-" + std::to_string(getuid()) + "-locks";
  if (auto err = net::ensure_private_dir(dir))
    return *err;
  auto path = dir / (project_id + ".lock");
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return "cannot open " + path.string() + ": " + std::strerror(errno);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      char buf[32] = {};
      auto n = pread(fd, buf, sizeof(buf) - 1, 0);
      ::close(fd);
      return "another hummel daemon runs for this project (pid "
             + std::string{buf, static_cast<size_t>(std::max<ssize_t>(n, 0))}
             + "); use `hummel down` or the running one";
    }
    if (!still_at(fd, path)) { // its owner removed it while we waited
      ::close(fd);
      fd = -1;
      if (attempt == 100)
        return "cannot take the lock " + path.string();
    }
  }
  auto pid = std::to_string(getpid());
  if (ftruncate(fd, 0) == 0)
    (void)!pwrite(fd, pid.data(), pid.size(), 0);
  fd_ = fd;
  path_ = path;
  return std::nullopt;
}

} // namespace hummel

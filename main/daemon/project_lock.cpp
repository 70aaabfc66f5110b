#include "main/daemon/project_lock.hpp"

#include "net/runtime_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace hummel {

project_lock::~project_lock() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::optional<std::string> project_lock::take(const std::string& project_id) {
  std::filesystem::path dir
    = "/tmp/hummel-" + std::to_string(getuid()) + "-locks";
  if (auto err = net::ensure_private_dir(dir))
    return *err;
  auto path = dir / (project_id + ".lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
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
  auto pid = std::to_string(getpid());
  if (ftruncate(fd, 0) == 0)
    (void)!pwrite(fd, pid.data(), pid.size(), 0);
  fd_ = fd;
  return std::nullopt;
}

} // namespace hummel

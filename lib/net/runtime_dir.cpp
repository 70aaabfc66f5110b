#include "net/runtime_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hummel::net {

std::filesystem::path runtime_dir() {
  const char* xdg = std::getenv("XDG_RUNTIME_DIR");
  if (xdg != nullptr && xdg[0] == '/')
    return std::filesystem::path{xdg} / "hummel";
  return std::filesystem::path{"/tmp"}
         / ("hummel-" + std::to_string(::geteuid()));
}

std::filesystem::path socket_path(std::string_view project_id) {
  return runtime_dir() / (std::string{project_id} + ".sock");
}

std::optional<std::string>
ensure_private_dir(const std::filesystem::path& dir) {
  auto name = dir.string();
  struct stat st {};
  if (::lstat(name.c_str(), &st) != 0) {
    if (errno != ENOENT)
      return "cannot inspect " + name + ": " + std::strerror(errno);
    if (::mkdir(name.c_str(), 0700) != 0 && errno != EEXIST)
      return "cannot create " + name + ": " + std::strerror(errno);
    if (::lstat(name.c_str(), &st) != 0)
      return "cannot inspect " + name + ": " + std::strerror(errno);
  }
  if (S_ISLNK(st.st_mode))
    return "refusing to use " + name + ": it is a symbolic link";
  if (!S_ISDIR(st.st_mode))
    return "refusing to use " + name + ": it is not a directory";
  if (st.st_uid != ::geteuid())
    return "refusing to use " + name + ": it is owned by uid "
           + std::to_string(st.st_uid) + ", not by uid "
           + std::to_string(::geteuid());
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", st.st_mode & 07777);
    return "refusing to use " + name + ": its mode is " + mode
           + ", group or others have access (expected 0700)";
  }
  return std::nullopt;
}

} // namespace hummel::net

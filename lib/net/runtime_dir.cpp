#include "net/runtime_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hummel::net {

std::filesystem::path runtime_dir() {
  // Deliberately not XDG_RUNTIME_DIR: MCP clients start `hummel mcp` with a
  // reduced environment (often only PATH and HOME), and the client must find
  // the daemon a shell started. The uid decides; HUMMEL_RUNTIME_DIR is an
  // explicit override (tests, containers) that both sides must be given.
  const char* base = std::getenv("HUMMEL_RUNTIME_DIR");
  if (base != nullptr && base[0] == '/')
    return std::filesystem::path{base} / "hummel";
  auto uid = ::geteuid();
  auto user_run = "/run/user/" + std::to_string(uid);
  struct stat st {};
  if (::stat(user_run.c_str(), &st) == 0 && S_ISDIR(st.st_mode)
      && st.st_uid == uid)
    return std::filesystem::path{user_run} / "hummel";
  return std::filesystem::path{"/tmp"} / ("hummel-" + std::to_string(uid));
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

#include "reactor/spawn.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace hummel::reactor::detail {

namespace {

enum class program_check { ok, not_found, denied, directory };

program_check check_program(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return errno == EACCES ? program_check::denied : program_check::not_found;
  if (S_ISDIR(st.st_mode))
    return program_check::directory;
  if (!S_ISREG(st.st_mode)
      || ::faccessat(AT_FDCWD, path.c_str(), X_OK, AT_EACCESS) != 0)
    return program_check::denied;
  return program_check::ok;
}

std::string path_variable(const std::vector<std::string>& env) {
  constexpr std::string_view key = "PATH=";
  for (auto& entry : env)
    if (std::string_view{entry}.substr(0, key.size()) == key)
      return entry.substr(key.size());
  if (const char* path = std::getenv("PATH"))
    return path;
  return "/usr/local/bin:/usr/bin:/bin";
}

std::string describe(program_check check, const std::string& name) {
  switch (check) {
  case program_check::ok:
    return {};
  case program_check::not_found:
    return "command not found: " + name;
  case program_check::denied:
    return "permission denied: " + name;
  case program_check::directory:
    return "is a directory: " + name;
  }
  return "cannot start: " + name;
}

} // namespace

resolved resolve(const spawn_request& req) {
  if (req.argv.empty() || req.argv[0].empty())
    return {{}, "empty command"};
  constexpr std::string_view blanks{" \t\n\r\v\f\0", 7};
  if (req.run_marker.find_first_of(blanks) != std::string::npos)
    return {{}, "invalid run marker (contains white space or NUL)"};
  const auto& cwd = req.cwd;
  if (!cwd.empty()) {
    struct stat st {};
    if (::stat(cwd.c_str(), &st) != 0) {
      if (errno == EACCES)
        return {{}, "permission denied: working directory " + cwd.string()};
      return {{}, "working directory does not exist: " + cwd.string()};
    }
    if (!S_ISDIR(st.st_mode))
      return {{}, "working directory is not a directory: " + cwd.string()};
  }
  auto in_cwd = [&](const std::string& p) {
    if (p.front() == '/' || cwd.empty())
      return p;
    return (cwd / p).string();
  };
  const std::string& name = req.argv[0];
  if (name.find('/') != std::string::npos) {
    auto path = in_cwd(name);
    auto check = check_program(path);
    if (check == program_check::ok)
      return {path, {}};
    return {{}, describe(check, name)};
  }
  bool denied = false;
  auto dirs = path_variable(req.env);
  std::string_view rest{dirs};
  while (true) {
    auto colon = rest.find(':');
    auto dir = std::string{rest.substr(0, colon)};
    auto path = in_cwd((dir.empty() ? std::string{"."} : dir) + "/" + name);
    auto check = check_program(path);
    if (check == program_check::ok)
      return {path, {}};
    denied = denied || check == program_check::denied;
    if (colon == std::string_view::npos)
      break;
    rest.remove_prefix(colon + 1);
  }
  return {
    {},
    describe(denied ? program_check::denied : program_check::not_found, name)};
}

} // namespace hummel::reactor::detail

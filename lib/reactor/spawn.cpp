#include "reactor/spawn.hpp"

#include <fcntl.h>
#include <spawn.h>
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

std::variant<spawned, std::string>
spawn_process(const spawn_request& req, const std::string& program,
              const std::string& marker, const std::string& trampoline) {
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0)
    return "cannot start " + req.argv[0] + ": " + std::strerror(errno);
  if (::pipe2(err, O_CLOEXEC) != 0) {
    auto msg = "cannot start " + req.argv[0] + ": " + std::strerror(errno);
    ::close(out[0]);
    ::close(out[1]);
    return msg;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (!req.cwd.empty())
    posix_spawn_file_actions_addchdir_np(&actions, req.cwd.c_str());
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t all;
  sigfillset(&all);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK
                                    | POSIX_SPAWN_SETSIGDEF);
  // The environment: the request's, with HUMMEL_RUN replaced.
  std::vector<std::string> env;
  env.reserve(req.env.size() + 1);
  for (auto& entry : req.env)
    if (std::string_view{entry}.substr(0, 11) != "HUMMEL_RUN=")
      env.push_back(entry);
  env.push_back("HUMMEL_RUN=" + marker);
  std::vector<char*> envp;
  for (auto& entry : env)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  // The arguments, behind the trampoline if there is one.
  std::vector<std::string> args;
  if (!trampoline.empty())
    args = {trampoline, std::to_string(::getpid()), "--exec", program, "--"};
  args.insert(args.end(), req.argv.begin(), req.argv.end());
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  const auto& exe = trampoline.empty() ? program : trampoline;
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(),
                         envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out[1]);
  ::close(err[1]);
  if (rc != 0) {
    ::close(out[0]);
    ::close(err[0]);
    if (rc == ENOENT)
      return "command not found: " + (trampoline.empty() ? req.argv[0] : exe);
    if (rc == EACCES)
      return "permission denied: " + (trampoline.empty() ? req.argv[0] : exe);
    return "cannot start " + req.argv[0] + ": " + std::strerror(rc);
  }
  return spawned{pid, out[0], err[0]};
}

} // namespace hummel::reactor::detail

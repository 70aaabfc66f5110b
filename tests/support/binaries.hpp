#pragma once

// Test support for driving the built executables as a user does: a throw-
// away project folder with private HUMMEL_RUNTIME_DIR and XDG_STATE_HOME, a
// runner with a time bound, and plain clients (no hummel code) for the
// daemon's unix socket and its HTTP endpoint on loopback.
//
// Thread safety: none; use from the test thread.

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace bin_test {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// A fresh temporary folder, removed at destruction.
struct temp_dir {
  temp_dir() {
    std::string tmpl = (fs::temp_directory_path() / "hummel-bin-XXXXXX");
    if (::mkdtemp(tmpl.data()) != nullptr)
      path = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  fs::path path;
};

/// What a finished command printed and returned.
struct run_result {
  int exit_code = -1; ///< exit status, or 128 + signal
  std::string out;
  std::string err;
};

/// The whole text of `p` ("" if unreadable).
inline std::string read_text(const fs::path& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A built executable: "hummel", "hummel-daemon" or "hummel-spawn".
inline std::string binary(const std::string& name = "hummel") {
  return std::string{HUMMEL_BINARY_DIR} + "/" + name;
}

/// Polls `pred` every 10 ms until it holds or `timeout` passes.
template <class Pred>
bool wait_for(Pred pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

/// True if `pid` is alive and not a zombie.
inline bool alive(pid_t pid) {
  auto stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size()
         && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
}

/// The executable `pid` runs (/proc/PID/exe), or "".
inline std::string exe_of(pid_t pid) {
  std::error_code ec;
  auto p = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
  return ec ? std::string{} : p.string();
}

/// A project folder (root/proj) with its own runtime and state folders.
struct sandbox {
  sandbox()
    : project(root.path / "proj"),
      runtime(root.path / "run"),
      state(root.path / "state") {
    fs::create_directories(project);
    fs::create_directories(runtime / "hummel");
    fs::create_directories(state);
    ::chmod(runtime.c_str(), 0700);
    ::chmod((runtime / "hummel").c_str(), 0700);
  }
  /// Stops every daemon of this sandbox (hummel-daemon with this private
  /// runtime folder), whether or not it wrote its runtime file.
  ~sandbox() {
    // Every hummel-daemon whose HUMMEL_RUNTIME_DIR is this sandbox's private
    // folder, found in /proc, so a daemon that had not written its runtime
    // file yet (or lost it) is stopped too.
    std::error_code ec;
    std::string mine = "HUMMEL_RUNTIME_DIR=" + runtime.string();
    for (const auto& e : fs::directory_iterator{"/proc", ec}) {
      auto name = e.path().filename().string();
      if (name.empty() || name[0] < '1' || name[0] > '9')
        continue;
      pid_t pid = std::stoi(name);
      if (!alive(pid) || exe_of(pid).find("hummel-daemon") == std::string::npos)
        continue;
      auto env = read_text(e.path() / "environ");
      bool ours = false;
      for (size_t at = 0; at < env.size();) {
        auto end = env.find('\0', at);
        if (env.compare(at, (end == std::string::npos ? env.size() : end) - at,
                        mine)
            == 0)
          ours = true;
        at = end == std::string::npos ? env.size() : end + 1;
      }
      if (!ours)
        continue;
      ::kill(pid, SIGTERM);
      if (!wait_for([&] { return !alive(pid); }, 15s))
        ::kill(pid, SIGKILL);
    }
  }

  sandbox(const sandbox&) = delete;
  sandbox& operator=(const sandbox&) = delete;

  temp_dir root;
  fs::path project; ///< root/proj
  fs::path runtime; ///< HUMMEL_RUNTIME_DIR
  fs::path state;   ///< XDG_STATE_HOME

  /// The one runtime file the daemon wrote, or "" if none (yet).
  fs::path runtime_file() const {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator{runtime / "hummel", ec})
      if (e.path().extension() == ".json")
        return e.path();
    return {};
  }
  /// The runtime file's contents, or null.
  json runtime_info() const {
    auto p = runtime_file();
    if (p.empty())
      return nullptr;
    auto j = json::parse(read_text(p), nullptr, false);
    return j.is_discarded() ? json(nullptr) : j;
  }
  /// The environment for the binaries: ours plus XDG_* and NO_COLOR=1.
  std::vector<std::string> env() const {
    std::vector<std::string> e;
    for (char** p = environ; *p != nullptr; ++p) {
      std::string_view kv{*p};
      if (kv.rfind("HUMMEL_RUNTIME_DIR=", 0) == 0
          || kv.rfind("XDG_STATE_HOME=", 0) == 0
          || kv.rfind("NO_COLOR=", 0) == 0)
        continue;
      e.emplace_back(kv);
    }
    e.push_back("HUMMEL_RUNTIME_DIR=" + runtime.string());
    e.push_back("XDG_STATE_HOME=" + state.string());
    e.push_back("NO_COLOR=1");
    return e;
  }
};

/// Starts `path args...` with `env` in `cwd` (if not empty), stdout/stderr
/// to `out_fd`/`err_fd` (or /dev/null when -1); stdin is a pipe whose write
/// end goes to `stdin_fd` (or /dev/null if `stdin_fd` is null).
inline pid_t spawn(const std::string& path,
                   const std::vector<std::string>& args,
                   const std::vector<std::string>& env, int* stdin_fd,
                   int out_fd = -1, int err_fd = -1, const fs::path& cwd = {}) {
  std::vector<std::string> argv_s{path};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  auto env_s = env;
  std::vector<char*> envp;
  for (auto& e : env_s)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  int in[2] = {-1, -1};
  if (stdin_fd != nullptr && ::pipe2(in, O_CLOEXEC) != 0)
    return -1;
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  auto dir = cwd.string();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(stdin_fd != nullptr ? in[0] : null_fd, 0);
    ::dup2(out_fd >= 0 ? out_fd : null_fd, 1);
    ::dup2(err_fd >= 0 ? err_fd : null_fd, 2);
    if (!dir.empty() && ::chdir(dir.c_str()) != 0)
      ::_exit(126);
    ::execve(path.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(null_fd);
  if (stdin_fd != nullptr) {
    ::close(in[0]);
    *stdin_fd = in[1];
  }
  return pid;
}

/// Waits for `pid` at most `timeout` (then kills it); the exit code, or
/// 128 + signal.
inline int wait_exit(pid_t pid, std::chrono::milliseconds timeout = 20s) {
  int st = 0;
  if (!wait_for([&] { return ::waitpid(pid, &st, WNOHANG) == pid; }, timeout)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &st, 0);
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/// Runs `hummel args...` to completion in the sandbox's environment (killed
/// after `timeout`), feeding `input` on stdin.
inline run_result run_hummel(const sandbox& box,
                             const std::vector<std::string>& args,
                             const std::string& input = {},
                             std::chrono::milliseconds timeout = 20s) {
  ::signal(SIGPIPE, SIG_IGN); // the child may exit before reading stdin
  int out[2];
  int err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0)
    return {};
  int in = -1;
  auto pid = spawn(binary(), args, box.env(), &in, out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  run_result r;
  // Write the input from a thread, so a full pipe cannot block the reads.
  std::thread writer{[in, input] {
    size_t done = 0;
    while (done < input.size()) {
      auto n = ::write(in, input.data() + done, input.size() - done);
      if (n <= 0)
        break;
      done += static_cast<size_t>(n);
    }
    ::close(in);
  }};
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open = 2;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (open > 0 && std::chrono::steady_clock::now() < deadline) {
    if (::poll(fds, 2, 100) <= 0)
      continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0)
        continue;
      char buf[4096];
      auto n = ::read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      } else {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0)
      ::close(f.fd);
  r.exit_code = wait_exit(pid, 1s);
  writer.join();
  return r;
}

} // namespace bin_test

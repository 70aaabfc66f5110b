#include "main/cli/start.hpp"

#include "common/paths.hpp"
#include "main/cli/runtime.hpp"
#include "net/line_client.hpp"
#include "net/runtime_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

namespace hummel::cli {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

/// The last `max_lines` lines of `log` written after offset `from`.
std::string log_tail(const fs::path& log, std::uintmax_t from,
                     size_t max_lines) {
  std::ifstream in{log, std::ios::binary};
  if (!in)
    return {};
  in.seekg(static_cast<std::streamoff>(from));
  std::string text{std::istreambuf_iterator<char>(in), {}};
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string::npos)
      nl = text.size();
    lines.emplace_back(text, pos, nl - pos);
    pos = nl + 1;
  }
  std::string out;
  auto first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  for (size_t i = first; i < lines.size(); ++i)
    out += (i > first ? "\n" : "") + lines[i];
  return out;
}

std::string describe_status(int status) {
  if (WIFEXITED(status))
    return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status))
    return std::string{"was killed by "} + strsignal(WTERMSIG(status));
  return "ended";
}

/// True if the runtime file names a live daemon of ours (still starting).
bool live_daemon_recorded(const std::string& project_id) {
  std::string error;
  auto info = read_runtime_info(runtime_file(project_id), error);
  return info && check_daemon(*info) == daemon_state::ours;
}

/// Waits until the socket accepts, `pid` (if not 0) exits, or time runs
/// out. Returns whether the socket accepts; sets `status` if `pid` exited.
bool wait_for_socket(const fs::path& socket, pid_t pid,
                     std::chrono::milliseconds wait,
                     std::optional<int>& status) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    if (daemon_answers(socket))
      return true;
    if (pid != 0) {
      int st = 0;
      if (::waitpid(pid, &st, WNOHANG) == pid) {
        status = st;
        // Another daemon may have won a race to the same socket.
        return daemon_answers(socket);
      }
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(50ms);
  }
}

} // namespace

bool daemon_answers(const fs::path& socket) {
  net::line_client c{1024};
  return !c.connect(socket, 1s);
}

fs::path daemon_log(const std::string& project_id) {
  return default_state_dir(project_id) / "daemon.log";
}

start_outcome ensure_daemon(const start_options& opts) {
  start_outcome out;
  auto socket = net::socket_path(opts.project_id);
  if (daemon_answers(socket)) {
    out.ok = true;
    return out;
  }
  std::optional<int> status;
  if (live_daemon_recorded(opts.project_id)
      && wait_for_socket(socket, 0, opts.wait, status)) {
    out.ok = true;
    return out;
  }
  auto log = daemon_log(opts.project_id);
  std::error_code ec;
  fs::create_directories(log.parent_path(), ec);
  if (ec) {
    out.error
      = "cannot create " + log.parent_path().string() + ": " + ec.message();
    return out;
  }
  ::chmod(log.parent_path().c_str(), 0700);
  int log_fd
    = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    out.error = "cannot open " + log.string() + ": " + std::strerror(errno);
    return out;
  }
  struct stat st {};
  std::uintmax_t log_start = ::fstat(log_fd, &st) == 0 ? st.st_size : 0;
  auto banner = opts.hub ? std::string{"--- hummel: starting the hub ---\n"}
                         : "--- hummel: starting the daemon for "
                             + opts.dir.string() + " ---\n";
  if (::write(log_fd, banner.data(), banner.size()) > 0)
    log_start += banner.size();
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  std::vector<std::string> args{"hummel", "daemon", "--dir", opts.dir.string()};
  if (opts.hub)
    args = {"hummel", "hub"};
  if (opts.http) {
    args.push_back("--http");
    args.push_back(*opts.http);
  }
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  auto dir = opts.dir.string();
  pid_t pid = ::fork();
  if (pid == 0) {
    // The child: only async-signal-safe calls from here on.
    ::setsid();
    if (null_fd >= 0)
      ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::close_range(3, ~0u, 0);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig : {SIGPIPE, SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT})
      ::signal(sig, SIG_DFL);
    if (::chdir(dir.c_str()) != 0) {
      // keep the current directory; the daemon gets --dir anyway
    }
    ::execv("/proc/self/exe", argv.data());
    constexpr char msg[] = "hummel: cannot exec /proc/self/exe\n";
    auto n = ::write(STDERR_FILENO, msg, sizeof(msg) - 1);
    (void)n;
    ::_exit(127);
  }
  int fork_errno = errno;
  ::close(log_fd);
  if (null_fd >= 0)
    ::close(null_fd);
  if (pid < 0) {
    out.error = std::string{"cannot fork: "} + std::strerror(fork_errno);
    return out;
  }
  out.pid = pid;
  if (wait_for_socket(socket, pid, opts.wait, status)) {
    out.ok = true;
    out.started = !status.has_value();
    if (status)
      out.pid = 0;
    return out;
  }
  if (status) {
    if (WIFEXITED(*status))
      out.daemon_exit = WEXITSTATUS(*status);
    out.error
      = "the daemon " + describe_status(*status) + "; see " + log.string();
    auto tail = log_tail(log, log_start, 20);
    if (!tail.empty())
      out.error += ":\n" + tail;
  } else {
    out.error = "the daemon (pid " + std::to_string(pid)
                + ") did not open its socket " + socket.string() + " within "
                + std::to_string(opts.wait.count() / 1000) + " s; see "
                + log.string();
  }
  return out;
}

} // namespace hummel::cli

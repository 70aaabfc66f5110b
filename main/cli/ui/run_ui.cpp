// `hummel ui`: the terminal check, the signal pipe, the locale, curses, and
// the event loop (main/cli/ui/app.*). The terminal is restored on every way
// out: `q`, Ctrl-C, SIGTERM, SIGHUP, and an exception.

#include "main/cli/commands.hpp"
#include "main/cli/start.hpp"
#include "main/cli/ui/app.hpp"
#include "net/runtime_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdlib>
#include <cstring>

namespace hummel::ui {

bool open_in_browser(const std::string& url) {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((display == nullptr || *display == '\0')
      && (wayland == nullptr || *wayland == '\0'))
    return false;
  if (::access("/usr/bin/xdg-open", X_OK) != 0)
    return false;
  // Twice forked: the grandchild is adopted by init, nothing to reap later.
  auto pid = ::fork();
  if (pid < 0)
    return false;
  if (pid == 0) {
    if (::fork() == 0) {
      ::setsid();
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execl("/usr/bin/xdg-open", "xdg-open", url.c_str(),
              static_cast<char*>(nullptr));
    }
    ::_exit(0);
  }
  ::waitpid(pid, nullptr, 0);
  return true;
}

} // namespace hummel::ui

namespace hummel::cli {

namespace {

ui::signal_flags flags;
int signal_pipe[2] = {-1, -1};

extern "C" void on_signal(int sig) {
  int saved = errno;
  if (sig == SIGWINCH)
    flags.resize = 1;
  else
    flags.quit = 1;
  char c = 1;
  [[maybe_unused]] auto n = ::write(signal_pipe[1], &c, 1);
  errno = saved;
}

/// Installs the handlers (before curses starts, so that it keeps its own
/// off these signals) and puts the old ones back when it goes.
struct signal_guard {
  static constexpr int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};
  struct sigaction old[4] = {};
  bool ok = false;

  signal_guard() {
    if (::pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
      return;
    struct sigaction sa = {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 4; ++i)
      ::sigaction(signals[i], &sa, &old[i]);
    ok = true;
  }

  ~signal_guard() {
    if (!ok)
      return;
    for (int i = 0; i < 4; ++i)
      ::sigaction(signals[i], &old[i], nullptr);
    ::close(signal_pipe[0]);
    ::close(signal_pipe[1]);
  }
};

} // namespace

int run_ui(const context& ctx) {
  if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDOUT_FILENO) != 1) {
    print_error("hummel ui needs a terminal (stdin and stdout)");
    return exit_usage;
  }
  if (ctx.hub) {
    // The hub serves every project; start it as `hummel mcp --hub` would.
    start_options so;
    so.dir = ctx.dir;
    so.project_id = hub_id;
    so.hub = true;
    if (auto out = ensure_daemon(so); !out.ok) {
      print_error("cannot start the hub: " + out.error);
      return exit_no_daemon;
    }
  }
  signal_guard guard;
  if (!guard.ok) {
    print_error(std::string{"cannot create a pipe: "} + std::strerror(errno));
    return exit_failed;
  }
  std::setlocale(LC_ALL, "");
  std::string error;
  auto term = ui::terminal::open(stdout, stdin, nullptr, error);
  if (!term) {
    print_error(error);
    return exit_failed;
  }
  ui::app_options opts;
  opts.socket = net::socket_path(ctx.hub ? hub_id : ctx.project_id);
  opts.project
    = ctx.hub ? std::string{"every project (hub)"} : ctx.dir.string();
  opts.signal_fd = signal_pipe[0];
  opts.all_nodes = !ctx.node.empty() || ctx.hub;
  if (ctx.node != "*")
    opts.node = ctx.node;
  int rc = exit_ok;
  try {
    ui::app a{opts, *term, flags};
    rc = a.run();
  } catch (const std::exception& e) {
    term->close();
    print_error(std::string{"ui: "} + e.what());
    return exit_failed;
  }
  term->close();
  return flags.quit != 0 && rc == exit_ok ? 130 : rc;
}

} // namespace hummel::cli

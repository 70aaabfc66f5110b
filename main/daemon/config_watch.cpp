#include "main/daemon/config_watch.hpp"

#include "common/log.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <utility>

namespace hummel {

namespace fs = std::filesystem;

namespace {

/// What an inotify watch reports that can change a file's contents: a
/// writer closing it, a rename over it, its creation or removal. Not every
/// write (IN_MODIFY): a process writing a log in the project's folder, or
/// the daemon's own output redirected there, woke this thread once a
/// write (1,790 times while the start benchmark started 1,000); a
/// save is seen when the editor closes or renames the file.
constexpr uint32_t file_events
  = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MOVED_FROM;

} // namespace

config_watch::config_watch(
  std::vector<fs::path> files,
  std::function<void(reload_cause, const std::string&)> on_reload,
  std::chrono::milliseconds debounce)
  : files_(std::move(files)),
    on_reload_(std::move(on_reload)),
    debounce_(debounce) {
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  sigset_t hup;
  sigemptyset(&hup);
  sigaddset(&hup, SIGHUP);
  signal_fd_ = ::signalfd(-1, &hup, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd_ < 0)
    HUMMEL_LOG_WARN(daemon, "SIGHUP will not reload: signalfd: {}",
                    std::strerror(errno));
  if (!files_.empty()) {
    inotify_fd_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify_fd_ < 0)
      HUMMEL_LOG_WARN(daemon, "configuration files not watched: inotify: {}",
                      std::strerror(errno));
  }
  // Watched before the constructor returns: no change after it is missed.
  for (const auto& f : inotify_fd_ >= 0 ? files_ : std::vector<fs::path>{}) {
    auto dir = f.parent_path().empty() ? fs::path{"."} : f.parent_path();
    int wd = ::inotify_add_watch(inotify_fd_, dir.c_str(), file_events);
    if (wd < 0)
      HUMMEL_LOG_WARN(daemon, "cannot watch {}: {}", dir.string(),
                      std::strerror(errno));
    else
      names_[wd].insert(f.filename().string());
  }
  thread_ = std::thread{[this] { run(); }};
}

config_watch::~config_watch() {
  uint64_t one = 1;
  if (::write(stop_fd_, &one, sizeof one) < 0) {
    // the thread would not end; nothing better to do than to join anyway
  }
  thread_.join();
  for (int fd : {stop_fd_, signal_fd_, inotify_fd_})
    if (fd >= 0)
      ::close(fd);
}

void config_watch::run() {
  using clock = std::chrono::steady_clock;
  std::string changed;   // the last file seen changing, until it is applied
  clock::time_point due; // when `changed` is applied: debounce after it
  alignas(inotify_event) char buf[8192];
  for (;;) {
    // The deadline moves only with the watched files: other files of the
    // folder (a log, a build's output) wake the thread but do not hold a
    // reload back, however often they change.
    auto now = clock::now();
    if (!changed.empty() && now >= due) {
      auto what = std::exchange(changed, {});
      on_reload_(reload_cause::file, what);
      continue;
    }
    int timeout = -1;
    if (!changed.empty()) // rounded up: never woken before the deadline
      timeout = static_cast<int>(
        std::chrono::ceil<std::chrono::milliseconds>(due - now).count());
    pollfd fds[3] = {
      {stop_fd_, POLLIN, 0}, {signal_fd_, POLLIN, 0}, {inotify_fd_, POLLIN, 0}};
    int n = ::poll(fds, 3, timeout);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 || (fds[0].revents & POLLIN) != 0)
      return;
    if ((fds[1].revents & POLLIN) != 0) {
      signalfd_siginfo info;
      while (::read(signal_fd_, &info, sizeof info) == sizeof info)
        on_reload_(reload_cause::signal, "SIGHUP");
    }
    if ((fds[2].revents & POLLIN) != 0) {
      wakeups_.fetch_add(1, std::memory_order_relaxed);
      ssize_t len = 0;
      while ((len = ::read(inotify_fd_, buf, sizeof buf)) > 0) {
        for (char* p = buf; p < buf + len;) {
          auto* ev = reinterpret_cast<inotify_event*>(p);
          p += sizeof(inotify_event) + ev->len;
          auto i = names_.find(ev->wd);
          if (ev->len > 0 && i != names_.end()
              && i->second.count(ev->name) != 0) {
            changed = ev->name;
            due = clock::now() + debounce_;
          }
        }
      }
    }
  }
}

} // namespace hummel

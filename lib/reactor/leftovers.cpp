#include "reactor/leftovers.hpp"

#include "reactor/proc.hpp"
#include "reactor/registry.hpp"
#include "reactor/tree.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

#ifndef P_PIDFD
#  define P_PIDFD 3
#endif

namespace hummel::reactor {

namespace {

using clock = std::chrono::steady_clock;

struct target {
  int pid;
  int pidfd;
  bool ended = false;
};

// Waits until every target's pidfd is readable (the process ended) or the
// deadline passes.
void wait_ended(std::vector<target>& targets, clock::time_point deadline) {
  while (true) {
    std::vector<pollfd> fds;
    std::vector<target*> open;
    for (auto& t : targets) {
      if (!t.ended) {
        fds.push_back({t.pidfd, POLLIN, 0});
        open.push_back(&t);
      }
    }
    auto left
      = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
    if (fds.empty() || left.count() <= 0)
      return;
    int n = ::poll(fds.data(), fds.size(), static_cast<int>(left.count()));
    if (n < 0 && errno != EINTR)
      return;
    for (size_t i = 0; i < fds.size(); ++i)
      if (fds[i].revents != 0)
        open[i]->ended = true;
  }
}

} // namespace

size_t end_leftovers(const std::filesystem::path& registry,
                     std::string_view marker_prefix,
                     std::chrono::milliseconds grace) {
  const int self = ::getpid();
  auto table = detail::build_table(detail::scan_procs(), 0, {});
  // Never the caller or its ancestors.
  std::unordered_set<int> excluded;
  for (int pid = self; pid > 1 && excluded.insert(pid).second;) {
    auto it = table.procs.find(pid);
    pid = it == table.procs.end() ? 0 : it->second.ppid;
  }
  excluded.insert(1);
  std::vector<int> roots;
  for (auto& entry : detail::read_registry(registry)) {
    auto it = table.procs.find(entry.pid);
    if (it != table.procs.end() && it->second.start_ticks == entry.start_ticks)
      roots.push_back(entry.pid);
  }
  if (!marker_prefix.empty()) {
    for (auto& [pid, st] : table.procs) {
      if (st.dead() || excluded.contains(pid))
        continue;
      auto marker = detail::read_run_marker(pid);
      if (marker && marker->starts_with(marker_prefix))
        roots.push_back(pid);
    }
  }
  std::vector<target> targets;
  for (auto& st : detail::with_descendants(table, roots, excluded)) {
    int fd = detail::open_verified_pidfd(st.pid, st.start_ticks);
    if (fd >= 0)
      targets.push_back({st.pid, fd});
  }
  for (auto& t : targets)
    detail::send_signal(t.pidfd, SIGTERM);
  wait_ended(targets, clock::now() + grace);
  for (auto& t : targets)
    if (!t.ended)
      detail::send_signal(t.pidfd, SIGKILL);
  wait_ended(targets, clock::now() + std::chrono::seconds(1));
  size_t count = 0;
  for (auto& t : targets) {
    if (t.ended) {
      ++count;
      // If it is our own child (re-parented to a subreaper), reap it; for
      // anybody else's child this fails with ECHILD.
      siginfo_t info{};
      ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(t.pidfd),
               &info, WEXITED | WNOHANG);
    }
    ::close(t.pidfd);
  }
  if (!registry.empty()) {
    [[maybe_unused]] auto rc = ::truncate(registry.c_str(), 0);
  }
  return count;
}

} // namespace hummel::reactor

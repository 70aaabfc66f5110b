#include "reactor/reactor_impl.hpp"

#include <dirent.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <optional>
#include <string>

namespace hummel::reactor {

namespace detail {

std::mutex& reap_mutex() {
  static std::mutex instance;
  return instance;
}

std::unordered_set<int>& all_leaders() {
  static std::unordered_set<int> instance;
  return instance;
}

int& clones_in_flight() {
  static int count = 0;
  return count;
}

} // namespace detail

detail::process_table reactor::impl::scan() {
  // A walk reads three files per descendant (its stat, its children file
  // twice), a scan of /proc one per process on the machine. With 16
  // daemons of 100 processes on one machine, each stop and usage sample
  // scanned all 1,700 processes: most of every daemon's CPU.
  constexpr auto full_scan_period = std::chrono::seconds{30};
  auto now = clock::now();
  if (opts_.subreaper && now < next_full_scan_
      && 3 * tree_procs_ < machine_procs_) {
    if (auto procs = detail::scan_descendants(self_)) {
      tree_procs_ = procs->size();
      return detail::build_table(std::move(*procs), self_, leaders_);
    }
  }
  auto table = detail::scan_table(self_, leaders_);
  machine_procs_ = table.procs.size();
  next_full_scan_ = now + full_scan_period;
  auto tree = detail::with_descendants(table, {self_}, {});
  tree_procs_ = tree.empty() ? 0 : tree.size() - 1;
  return table;
}

std::vector<detail::proc_stat>
reactor::impl::members(const detail::process_table& table, const child& c) {
  detail::tree_query q;
  q.leader = c.pid;
  q.leader_alive = !c.reaped;
  q.marker = c.marker;
  q.known = &c.known;
  return detail::tree_members(table, q, self_, leaders_);
}

size_t reactor::impl::signal_tree(child& c, const detail::process_table& table,
                                  int sig, bool only_new) {
  if (!c.reaped && !only_new) {
    // The leader is not reaped, so its pid (= pgid) cannot have been reused.
    if (c.banked)
      ::kill(c.pid, sig); // no pidfd at hand: the pid is still ours
    else
      detail::send_signal(c.pidfd, sig);
    ::kill(-c.pid, sig);
  }
  auto found = members(table, c);
  std::vector<std::pair<int, uint64_t>> known;
  std::unordered_map<int, uint64_t> signalled;
  size_t others = 0;
  for (auto& m : found) {
    known.emplace_back(m.pid, m.start_ticks);
    if (m.pid == c.pid)
      continue;
    ++others;
    auto it = c.signalled.find(m.pid);
    bool before = it != c.signalled.end() && it->second == m.start_ticks;
    if (before)
      signalled.emplace(m.pid, m.start_ticks);
    if (only_new && before)
      continue;
    if (detail::signal_verified(m.pid, m.start_ticks, sig))
      signalled.emplace(m.pid, m.start_ticks);
  }
  c.known = std::move(known);
  c.signalled = std::move(signalled);
  return others;
}

void reactor::impl::sample(const detail::process_table& table, time_point now) {
  const double hz = static_cast<double>(detail::ticks_per_second());
  const auto page = static_cast<uint64_t>(detail::page_bytes());
  for (auto& [key, c] : children_) {
    if (c->ended())
      continue;
    auto found = members(table, *c);
    uint64_t cpu = 0;
    usage u;
    c->known.clear();
    // The time of the reading, not of the wake-up: a scan of /proc under
    // load (or a sanitizer) takes tens of ms, and dividing by the wake-ups'
    // interval reported 147 % for one busy thread.
    auto read_at = now;
    for (auto& m : found) {
      if (m.read_ns != 0)
        read_at
          = std::max(read_at, time_point{std::chrono::nanoseconds{m.read_ns}});
      c->known.emplace_back(m.pid, m.start_ticks);
      cpu += m.cpu_ticks;
      u.rss_bytes += m.rss_pages * page;
    }
    u.processes = static_cast<uint32_t>(found.size());
    std::chrono::duration<double> wall = read_at - c->last_sample;
    if (wall.count() > 0.001 && cpu > c->last_cpu)
      u.cpu_percent
        = static_cast<double>(cpu - c->last_cpu) / hz / wall.count() * 100.0;
    c->last_cpu = cpu;
    c->last_sample = read_at;
    sink_.on_usage(c->id, u);
  }
}

namespace {

/// Whether the daemon has a child that is no run's leader (an orphan of a
/// run re-parented to it as the subreaper), from /proc/self/task/*/children;
/// true when that cannot be read.
bool has_other_children() {
  DIR* dir = ::opendir("/proc/self/task");
  if (dir == nullptr)
    return true;
  bool other = false;
  std::lock_guard guard{detail::reap_mutex()};
  const auto& leaders = detail::all_leaders();
  while (auto* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.')
      continue;
    auto path = std::string{"/proc/self/task/"} + entry->d_name + "/children";
    std::ifstream in{path};
    if (!in) {
      other = true;
      break;
    }
    int pid = 0;
    while (in >> pid)
      if (!leaders.contains(pid))
        other = true;
  }
  ::closedir(dir);
  return other;
}

} // namespace

bool reactor::impl::end_runs_without_scan(time_point now) {
  // Every process of a run descends from its leader. Once the leader has
  // exited, the top of every living rest of its tree was re-parented to
  // this daemon (the subreaper): a child that is no leader. With no such
  // child, the runs ending now left nothing to signal. Their leaders are
  // reaped and the next tick looks again, with one scan for all of them
  // (the children files are not a guaranteed snapshot while processes
  // exit, hence two reads and the tick).
  if (!opts_.subreaper || has_other_children() || has_other_children())
    return false;
  for (auto key : run_ends_) {
    auto it = children_.find(key);
    if (it == children_.end())
      continue;
    auto& c = *it->second;
    c.run_end_pending = false;
    if (!c.reaped)
      reap_leader(c);
    if (!c.kill_at)
      c.kill_at = now + c.grace;
    timed_.insert(c.key);
  }
  run_ends_.clear();
  return true;
}

void reactor::impl::reap_orphans(const detail::process_table* table) {
  if (!opts_.subreaper)
    return;
  std::lock_guard guard{detail::reap_mutex()};
  // A child cloned a moment ago is no leader yet: reap nothing until it is.
  if (detail::clones_in_flight() > 0)
    return;
  auto& leaders = detail::all_leaders();
  bool blocked = false;
  for (int i = 0; i < 4096; ++i) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0
        || info.si_pid == 0)
      return;
    if (leaders.contains(info.si_pid)) {
      blocked = true; // a leader's status belongs to its pidfd
      break;
    }
    ::waitpid(info.si_pid, nullptr, WNOHANG);
  }
  if (!blocked || table == nullptr)
    return;
  // The peek is stuck on a leader: reap the zombies we know of by pid.
  for (auto& [pid, st] : table->procs)
    if (st.ppid == self_ && st.dead() && !leaders.contains(pid))
      ::waitpid(pid, nullptr, WNOHANG);
}

} // namespace hummel::reactor

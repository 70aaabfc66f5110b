#include "reactor/reactor.hpp"

#include "reactor/reactor_impl.hpp"
#include "reactor/spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace hummel::reactor {

namespace {

// Descriptor numbers at the top of RLIMIT_NOFILE kept for the daemon
// itself (HTTP clients, log files, reloads) when children fill the table;
// an eighth of the limit when that is smaller.
constexpr uint64_t fd_reserve_max = 256;

} // namespace

// -- public API ---------------------------------------------------------------

reactor::reactor(options opts, sink& events)
  : impl_(std::make_unique<impl>(std::move(opts), events)) {
  // nop
}

reactor::~reactor() = default;

std::variant<int, std::string> reactor::spawn(spawn_request req) {
  return impl_->spawn(std::move(req));
}

std::string reactor::start(spawn_request req) {
  return impl_->start(std::move(req));
}

void reactor::stop(child_id id, int signal, std::chrono::milliseconds grace) {
  impl_->stop(id, signal, grace);
}

void reactor::kill_all() {
  impl_->kill_all();
}

void reactor::consumed(child_id id, size_t bytes) {
  impl_->consumed(id, bytes);
}

descriptor_limit raise_descriptor_limit() {
  descriptor_limit out;
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
    return out;
  uint64_t nr_open = 0;
  if (FILE* f = std::fopen("/proc/sys/fs/nr_open", "re")) {
    unsigned long long v = 0;
    if (std::fscanf(f, "%llu", &v) == 1)
      nr_open = v;
    std::fclose(f);
  }
  out.nr_open = nr_open;
  // Above the hard limit only with CAP_SYS_RESOURCE (root, usually).
  if (nr_open > 0 && lim.rlim_max != RLIM_INFINITY && lim.rlim_max < nr_open) {
    rlimit up{nr_open, nr_open};
    if (::setrlimit(RLIMIT_NOFILE, &up) == 0)
      lim = up;
  }
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit up{lim.rlim_max, lim.rlim_max};
    if (::setrlimit(RLIMIT_NOFILE, &up) == 0)
      lim = up;
  }
  out.soft = lim.rlim_cur;
  out.hard = lim.rlim_max;
  return out;
}

// -- construction and commands ------------------------------------------------

reactor::impl::impl(options opts, sink& events)
  : opts_(std::move(opts)),
    sink_(events),
    self_(::getpid()),
    registry_(opts_.registry),
    buf_(64 * 1024) {
  // A zero period would spin the loop.
  opts_.sample_period = std::max(opts_.sample_period, ms{10});
  raise_descriptor_limit();
  detail::prepare_spawn(); // low descriptor numbers: before any child
  // Without it, orphans of a run re-parent to init: nothing may then
  // assume they stay below the daemon.
  if (opts_.subreaper && ::prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
    opts_.subreaper = false;
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    stopping_ = true; // spawn() reports the reactor as unavailable
    return;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = 0;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  next_sample_ = clock::now() + opts_.sample_period;
  next_reap_ = next_sample_;
  opts_.spawners = std::min(opts_.spawners, detail::max_spawn_slots - 1);
  start_spawners();
  thread_ = std::thread{[this] { run(); }};
}

reactor::impl::~impl() {
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
  }
  if (thread_.joinable()) {
    uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof(one));
    thread_.join();
  }
  stop_spawners(); // after the reactor thread has reaped every child
  if (epoll_fd_ >= 0)
    ::close(epoll_fd_);
  if (wake_fd_ >= 0)
    ::close(wake_fd_);
}

reactor::impl::spawn_result
reactor::impl::start_child(spawn_request& req, const std::string& path) {
  if (shutting_down_)
    return std::string{"reactor is shutting down"};
  if (keys_.contains(req.id) || in_flight_.contains(req.id))
    return "duplicate child id: " + std::to_string(req.id);
  std::string marker;
  auto setup = setup_for(req, path, marker);
  // The reactor thread's own slot: the one after the spawners'.
  auto started = detail::spawn_tracked(req, setup, opts_.spawners);
  return register_child(req, std::move(marker), std::move(started));
}

detail::spawn_setup reactor::impl::setup_for(const spawn_request& req,
                                             const std::string& path,
                                             std::string& marker) {
  marker = req.run_marker;
  if (marker.empty())
    marker = "hummel-" + std::to_string(self_) + "-" + std::to_string(req.id);
  detail::spawn_setup setup;
  setup.program = path;
  setup.marker = marker;
  setup.trampoline = opts_.trampoline.string();
  setup.parent_death = opts_.parent_death;
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY) {
    setup.fd_limit = lim.rlim_cur;
    fd_limit_ = lim.rlim_cur;
    setup.fd_reserve = std::min<uint64_t>(fd_reserve_max, lim.rlim_cur / 8);
  }
  return setup;
}

reactor::impl::spawn_result
reactor::impl::register_child(spawn_request& req, std::string marker,
                              std::variant<detail::spawned, std::string> r) {
  if (auto* error = std::get_if<std::string>(&r))
    return std::move(*error);
  auto sp = std::get<detail::spawned>(r);
  auto c = std::make_unique<child>();
  c->key = next_key_++;
  c->id = req.id;
  c->pid = sp.pid;
  c->marker = std::move(marker);
  c->grace = opts_.run_end_grace;
  c->pidfd = sp.pidfd;
  c->out_fd = sp.out_fd;
  c->err_fd = sp.err_fd;
  c->last_sample = clock::now();
  bool ok = c->pidfd >= 0;
  int fds[] = {c->out_fd, c->err_fd, c->pidfd};
  for (int k = 0; ok && k < 2; ++k)
    ::fcntl(fds[k], F_SETFL, ::fcntl(fds[k], F_GETFL) | O_NONBLOCK);
  bool banked = ok && bank_child(*c, std::max({fds[0], fds[1], fds[2]}));
  for (uint64_t kind = 1; ok && !banked && kind <= 3; ++kind) {
    int fd = fds[kind - 1];
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = (c->key << 3) | kind;
    ok = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0;
  }
  if (!ok) {
    auto error = "cannot watch " + req.argv[0] + ": " + std::strerror(errno);
    ::kill(sp.pid, SIGKILL); // not reaped yet, so the pid is still ours
    {
      std::lock_guard guard{detail::reap_mutex()};
      ::waitpid(sp.pid, nullptr, 0);
      detail::all_leaders().erase(sp.pid);
    }
    for (int fd : fds)
      if (fd >= 0)
        ::close(fd); // closing also removes it from epoll
    return error;
  }
  if (auto st = detail::read_stat(sp.pid))
    c->start_ticks = st->start_ticks;
  registry_.add(c->pid, c->start_ticks, c->marker);
  if (leaders_.empty())
    next_sample_ = clock::now() + opts_.sample_period;
  leaders_.insert(c->pid);
  keys_.emplace(c->id, c->key);
  auto id = c->id;
  incoming_.push_back(std::move(c));
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
    std::chrono::system_clock::now().time_since_epoch());
  sink_.on_started(id, sp.pid, now_ms.count());
  return sp.pid;
}

void reactor::impl::apply_stops(const std::vector<stop_cmd>& stops) {
  adopt_incoming(); // children started from inside a sink callback
  std::optional<detail::process_table> table;
  for (auto& cmd : stops) {
    auto key = keys_.find(cmd.id);
    if (key == keys_.end())
      continue;
    auto it = children_.find(key->second);
    if (it == children_.end() || it->second->ended())
      continue;
    auto& c = *it->second;
    if (!table)
      table = scan();
    c.info.requested = true;
    c.stop_signal = cmd.sig;
    c.grace = cmd.grace;
    signal_tree(c, *table, cmd.sig, false);
    auto deadline = clock::now() + cmd.grace;
    if (!c.kill_at || deadline < *c.kill_at)
      c.kill_at = deadline;
    timed_.insert(c.key);
  }
}

void reactor::impl::apply_kill_all() {
  adopt_incoming();
  auto table = scan();
  for (auto& [key, c] : children_) {
    if (!c->ended())
      c->info.requested = true;
    auto left = signal_tree(*c, table, SIGKILL, false);
    c->kill_at.reset();
    if (c->reaped && left > 0) // look again soon (and reap them)
      c->kill_at = clock::now() + ms{50};
    timed_.insert(key);
  }
}

void reactor::impl::shut_down() {
  adopt_incoming();
  // SIGKILL every tree, reap the leaders (bounded), deliver what is left.
  auto table = scan();
  for (auto& [key, c] : children_) {
    if (!c->ended())
      c->info.requested = true;
    signal_tree(*c, table, SIGKILL, false);
  }
  auto deadline = clock::now() + std::chrono::seconds(2);
  for (auto& [key, c] : children_) {
    while (!c->reaped) {
      reap_leader(*c);
      auto left = std::chrono::duration_cast<ms>(deadline - clock::now());
      if (c->reaped || left.count() <= 0)
        break;
      if (c->banked) { // no descriptor to poll: look again in a moment
        ::usleep(1000);
        continue;
      }
      pollfd p{c->pidfd, POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(left.count()) + 1);
    }
    if (!c->reaped) { // stuck (uninterruptible): report it as killed
      c->reaped = true;
      c->info.signal = SIGKILL;
    }
    if (c->out_fd >= 0)
      read_stream(*c, log_stream::out, true);
    if (c->err_fd >= 0)
      read_stream(*c, log_stream::err, true);
    maybe_report(*c);
  }
  // Kill what the leaders left behind and reap re-parented orphans.
  deadline = clock::now() + std::chrono::milliseconds(500);
  while (true) {
    table = scan();
    size_t left = 0;
    for (auto& [key, c] : children_)
      left += signal_tree(*c, table, SIGKILL, false);
    reap_orphans(&table);
    if (left == 0 || clock::now() >= deadline)
      break;
    ::usleep(2000);
  }
  for (auto& [key, c] : children_)
    if (c->pidfd >= 0)
      close_handle(*c, c->pidfd);
  children_.clear();
}

} // namespace hummel::reactor

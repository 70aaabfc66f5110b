#include "reactor/reactor_impl.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace hummel::reactor {

namespace {

// Reads at most this many 64 KiB chunks per stream per wake-up, so that one
// chatty child cannot starve the others (epoll is level-triggered).
constexpr int max_chunks_per_burst = 16;

// A stream whose reads come less than `trickle_gap` apart and bring less
// than half its pipe each (a line-buffered child writing line by line) is
// read at most once per `park_time`: its pipe leaves the epoll set
// meanwhile, so the lines come in batches (fewer reads, messages and file
// writes) at the cost of at most that much latency. A quiet stream is read
// at once; one whose pipe was found full (the child blocked) is
// not parked for `hot_time`.
constexpr auto trickle_gap = std::chrono::microseconds{1000};
constexpr auto park_time = std::chrono::milliseconds{1};
constexpr auto hot_time = std::chrono::milliseconds{5};

// While a finished run still has live members, look at them this often.
constexpr std::chrono::milliseconds tick_period{50};

// After the leader is gone, SIGKILL stragglers at most this many times
// (one tick apart) before giving up on them (uninterruptible sleep).
constexpr int max_kill_rounds = 40;

} // namespace

void reactor::impl::run() {
  thread_id_.store(std::this_thread::get_id());
  std::array<epoll_event, 128> events{};
  while (take_commands()) {
    adopt_incoming();
    bank_.flush(); // watches armed since the last turn
    bank_.harvest(ready_);
    int n = ::epoll_wait(epoll_fd_, events.data(),
                         static_cast<int>(events.size()), next_timeout_ms());
    if (n < 0 && errno != EINTR)
      break; // cannot happen with valid fds; end cleanly anyway
    for (int i = 0; i < n; ++i)
      on_event(events[static_cast<size_t>(i)].data.u64);
    read_ready();
    adopt_incoming();
    housekeeping();
  }
  {
    std::lock_guard guard{mutex_};
    stopping_ = true;
  }
  shutting_down_ = true;
  take_commands();  // answers spawns queued in the meantime
  drain_spawners(); // registers the clones under way, to end them too
  shut_down();
}

void reactor::impl::adopt_incoming() {
  for (auto& c : incoming_) {
    auto key = c->key;
    children_.emplace(key, std::move(c));
  }
  incoming_.clear();
}

void reactor::impl::on_event(uint64_t tag) {
  auto kind = tag & 7;
  if (kind == 0)
    return; // the eventfd: take_commands() reads it
  if (tag == bank_tag) {
    bank_.harvest(ready_); // watches of banked files fired
    return;
  }
  auto it = children_.find(tag >> 3);
  if (it == children_.end())
    return;
  auto& c = *it->second;
  // A banked stream paused or parked meanwhile: unpausing or unparking
  // reads it.
  if (kind < 3 && c.banked && (c.paused || c.parked[kind - 1]))
    return;
  if (kind == 1 && c.out_fd >= 0)
    read_stream(c, log_stream::out, false);
  else if (kind == 2 && c.err_fd >= 0)
    read_stream(c, log_stream::err, false);
  else if (kind == 3 && !c.ended())
    leader_exited(c);
}

void reactor::impl::read_stream(child& c, log_stream s, bool force_close) {
  bool is_out = s == log_stream::out;
  int& fd = is_out ? c.out_fd : c.err_fd;
  auto& splitter = is_out ? c.out_lines : c.err_lines;
  auto k = is_out ? 0u : 1u;
  std::vector<std::string> lines;
  lines.reserve(c.last_lines[k]);
  auto emit = [&lines](std::string_view line) { lines.emplace_back(line); };
  bool eof = false;
  bool drained = false;
  size_t got = 0;
  for (int i = 0; i < max_chunks_per_burst; ++i) {
    auto n = read_pipe(c, fd);
    if (n > 0) {
      got += static_cast<size_t>(n);
      splitter.feed({buf_.data(), static_cast<size_t>(n)}, emit);
      drained = static_cast<size_t>(n) < buf_.size();
      if (drained)
        break; // for now; level-triggered epoll reports more
      continue;
    }
    if (n < 0 && errno == EINTR)
      continue;
    eof = n == 0 || errno != EAGAIN; // a read error ends the stream too
    drained = true;
    break;
  }
  c.last_lines[k]
    = static_cast<uint32_t>(std::min(lines.size(), child::max_lines_hint));
  if (!eof && !force_close && got > 0) {
    auto now = clock::now();
    if (c.pipe_size[k] == 0) {
      int size = ::fcntl(fd, F_GETPIPE_SZ);
      c.pipe_size[k] = size > 0 ? static_cast<size_t>(size) : 65536;
    }
    if (got >= c.pipe_size[k])
      c.hot_until[k] = now + hot_time;
    else if (got < c.pipe_size[k] / 2 && now >= c.hot_until[k]
             && now - c.last_read[k] < trickle_gap)
      park(c, k, now);
    c.last_read[k] = now;
  }
  if (eof || force_close) {
    splitter.finish(emit);
    close_handle(c, fd);
  }
  if (!lines.empty()) {
    size_t bytes = 0;
    for (const auto& l : lines)
      bytes += l.size() + 1;
    c.unconsumed += bytes;
    sink_.on_output(c.id, s, std::move(lines));
    if (opts_.max_unconsumed > 0 && !c.paused && !force_close
        && c.unconsumed > opts_.max_unconsumed)
      set_paused(c, true);
  }
  if (c.banked && fd >= 0)
    rewatch(c, k, drained);
  if (fd < 0)
    maybe_report(c);
}

void reactor::impl::park(child& c, size_t k, time_point now) {
  int fd = k == 0 ? c.out_fd : c.err_fd;
  if (c.paused || c.parked[k] || fd < 0)
    return;
  if (!c.banked)
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  c.parked[k] = now + park_time;
  timed_.insert(c.key);
}

void reactor::impl::leader_exited(child& c) {
  // Peek only: the zombie keeps the pid and the process group reserved
  // until the run end has signalled the group (housekeeping reaps it).
  siginfo_t info{};
  int rc = wait_leader(c, info, WEXITED | WNOHANG | WNOWAIT);
  if (rc == 0 && info.si_pid == 0) { // still running
    if (c.banked)
      bank_.arm(c.pidfd, (c.key << 3) | 3);
    return;
  }
  c.exit_seen = true;
  if (!c.banked) // a banked pidfd's watch fires once
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.pidfd, nullptr);
  c.run_end_pending = true;
  run_ends_.push_back(c.key);
}

void reactor::impl::reap_leader(child& c) {
  siginfo_t info{};
  int rc = 0;
  {
    std::lock_guard guard{detail::reap_mutex()};
    rc = wait_leader(c, info, WEXITED | WNOHANG);
    if (rc == 0 && info.si_pid == 0)
      return; // still running
    detail::all_leaders().erase(c.pid);
  }
  leaders_.erase(c.pid);
  if (rc == 0 && info.si_code == CLD_EXITED) {
    c.info.code = info.si_status;
  } else if (rc == 0) {
    c.info.signal = info.si_status;
  } // else: reaped by someone else, the status is lost (code -1)
  c.reaped = true;
  close_handle(c, c.pidfd);
  registry_.remove(c.pid, c.start_ticks);
  c.report_at = clock::now() + c.grace + std::chrono::seconds(1);
  timed_.insert(c.key);
  maybe_report(c);
}

void reactor::impl::maybe_report(child& c) {
  if (!c.reaped || c.reported || c.out_fd >= 0 || c.err_fd >= 0)
    return;
  c.reported = true;
  timed_.insert(c.key); // to be forgotten by housekeeping
  keys_.erase(c.id);
  sink_.on_exit(c.id, c.info);
}

void reactor::impl::housekeeping() {
  auto now = clock::now();
  unpark_due(now);
  bool sample_due = !leaders_.empty() && now >= next_sample_;
  bool tick_due = false;
  bool kill_due = false;
  // Only children with a deadline or a reported exit: walking all of them
  // on every wake-up made starting N children O(N²).
  auto timed = timed_children();
  for (auto* c : timed) {
    if (c->kill_at && now >= *c->kill_at)
      kill_due = true;
    else if (c->kill_at && c->reaped && now >= next_tick_)
      tick_due = true;
  }
  // Mass stops end thousands of runs: a scan of /proc (all processes) for
  // each batch of ends was most of a stop's time. Runs that left nothing
  // need none now; the tick after the last of them scans once.
  if (!run_ends_.empty() && !sample_due && !tick_due && !kill_due
      && end_runs_without_scan(now))
    next_tick_ = now + tick_period;
  if (!run_ends_.empty() || sample_due || tick_due || kill_due) {
    auto table = scan();
    // Runs whose leader ended: the rest of the tree gets the stop signal.
    for (auto key : run_ends_) {
      auto it = children_.find(key);
      if (it == children_.end())
        continue;
      auto& c = *it->second;
      c.run_end_pending = false;
      auto left = signal_tree(c, table, c.stop_signal, true);
      if (!c.reaped)
        reap_leader(c);
      if (left == 0)
        c.kill_at.reset();
      else if (!c.kill_at)
        c.kill_at = now + c.grace;
      timed_.insert(c.key);
    }
    if (!run_ends_.empty())
      next_tick_ = now + tick_period;
    run_ends_.clear();
    timed = timed_children();
    for (auto* c : timed) {
      if (c->kill_at && now >= *c->kill_at) {
        auto left = signal_tree(*c, table, SIGKILL, false);
        c->kill_at.reset();
        // Without a leader nobody tells us when they are gone: look again.
        if (c->reaped && left > 0 && ++c->kill_rounds < max_kill_rounds)
          c->kill_at = now + tick_period;
      } else if (tick_due && c->kill_at && c->reaped) {
        if (signal_tree(*c, table, c->stop_signal, true) == 0)
          c->kill_at.reset();
      }
    }
    if (tick_due)
      next_tick_ = now + tick_period;
    if (sample_due) {
      sample(table, now);
      // The pass (scan and sample) within the budget: with thousands of
      // processes it is put off rather than taking a CPU's tenth idle.
      next_sample_
        = now
          + std::chrono::duration_cast<clock::duration>(sample_interval(
            opts_.sample_period, clock::now() - now, opts_.sample_budget));
    }
    reap_orphans(&table);
    next_reap_ = now + opts_.sample_period;
  } else if (opts_.subreaper && now >= next_reap_) {
    reap_orphans(nullptr); // orphans that died after their run was done
    next_reap_ = now + opts_.sample_period;
  }
  // Exits held back by open pipes are reported at their deadline.
  std::vector<child*> overdue;
  for (auto* c : timed_children())
    if (c->reaped && !c->reported && c->report_at && now >= *c->report_at)
      overdue.push_back(c);
  for (auto* c : overdue) {
    if (c->out_fd >= 0)
      read_stream(*c, log_stream::out, true);
    if (c->err_fd >= 0)
      read_stream(*c, log_stream::err, true);
    maybe_report(*c);
  }
  // Forget runs that are reported and whose tree is done; keep watching
  // only children that still have a deadline or an exit to report.
  std::erase_if(timed_, [this](uint64_t key) {
    auto it = children_.find(key);
    if (it == children_.end())
      return true;
    auto& c = *it->second;
    if (c.reported && !c.run_end_pending && !c.kill_at) {
      children_.erase(it);
      return true;
    }
    return !c.kill_at && !c.reported && !c.report_at && !c.parked[0]
           && !c.parked[1];
  });
}

std::vector<reactor::impl::child*> reactor::impl::timed_children() {
  std::vector<child*> out;
  out.reserve(timed_.size());
  for (auto key : timed_)
    if (auto it = children_.find(key); it != children_.end())
      out.push_back(it->second.get());
  return out;
}

int reactor::impl::next_timeout_ms() {
  if (!run_ends_.empty() || !incoming_.empty() || !ready_.empty())
    return 0;
  // Commands wait: at once, unless for a spawner (its end wakes the loop).
  if (!pending_.empty()
      && in_flight_.size() < std::max<size_t>(1, spawners_.size()))
    return 0;
  std::optional<time_point> next;
  auto consider = [&next](time_point t) {
    if (!next || t < *next)
      next = t;
  };
  if (!leaders_.empty())
    consider(next_sample_);
  if (opts_.subreaper)
    consider(next_reap_);
  for (auto* c : timed_children()) {
    if (c->kill_at) {
      consider(*c->kill_at);
      if (c->reaped)
        consider(next_tick_);
    }
    if (c->reaped && !c->reported && c->report_at)
      consider(*c->report_at);
    for (const auto& p : c->parked)
      if (p)
        consider(*p);
  }
  if (!next)
    return -1;
  auto wait = std::chrono::ceil<ms>(*next - clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(wait, 0, 60 * 60 * 1000));
}

} // namespace hummel::reactor

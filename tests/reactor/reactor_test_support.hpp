#pragma once

#include "reactor/proc.hpp"
#include "reactor/reactor.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

/// Helpers for the reactor tests: a recording sink and /proc checks.
///
/// Thread safety: test_sink is called on the reactor thread and read by the
/// test thread; a mutex and a condition variable connect them.
namespace hummel::reactor::test {

using steady = std::chrono::steady_clock;

/// Everything the sink saw of one child.
struct record {
  /// on_started was called.
  bool started = false;
  /// Pid from on_started.
  int pid = 0;
  /// Why a queued start failed (on_start_failed), else empty.
  std::string start_error;
  /// Lines per stream.
  std::vector<std::string> out;
  /// Lines of stderr.
  std::vector<std::string> err;
  /// Number of on_output calls.
  size_t output_calls = 0;
  /// The exit, once reported.
  std::optional<exit_info> exit;
  /// When the exit arrived.
  steady::time_point exit_time;
  /// Set if an event came out of order (output before start or after exit,
  /// a second exit).
  bool order_error = false;
  /// Usage samples.
  std::vector<usage> usages;
};

/// Records all events; the test waits on conditions with deadlines.
class test_sink : public sink {
public:
  void on_started(child_id id, int pid, int64_t) override {
    std::lock_guard guard{mutex_};
    auto& r = records_[id];
    r.order_error |= r.started || r.exit.has_value();
    r.started = true;
    r.pid = pid;
    cv_.notify_all();
  }

  void on_start_failed(child_id id, std::string error) override {
    std::lock_guard guard{mutex_};
    auto& r = records_[id];
    r.order_error |= r.started || !r.start_error.empty() || error.empty();
    r.start_error = std::move(error);
    ++start_failures_;
    cv_.notify_all();
  }

  void on_output(child_id id, log_stream s,
                 std::vector<std::string> lines) override {
    std::lock_guard guard{mutex_};
    auto& r = records_[id];
    r.order_error |= !r.started || r.exit.has_value() || lines.empty();
    auto& dst = s == log_stream::out ? r.out : r.err;
    dst.insert(dst.end(), std::make_move_iterator(lines.begin()),
               std::make_move_iterator(lines.end()));
    ++r.output_calls;
    cv_.notify_all();
  }

  void on_exit(child_id id, exit_info info) override {
    std::lock_guard guard{mutex_};
    auto& r = records_[id];
    r.order_error |= !r.started || r.exit.has_value();
    r.exit = info;
    r.exit_time = steady::now();
    ++exits_;
    cv_.notify_all();
  }

  void on_usage(child_id id, usage u) override {
    std::lock_guard guard{mutex_};
    records_[id].usages.push_back(u);
    cv_.notify_all();
  }

  /// Waits until `pred(records)` holds or `timeout` passes.
  template <class Pred>
  bool wait(std::chrono::milliseconds timeout, Pred pred) {
    std::unique_lock lock{mutex_};
    return cv_.wait_for(lock, timeout, [&] { return pred(records_); });
  }

  /// Waits for the exit of `id`.
  bool wait_exit(child_id id, std::chrono::milliseconds timeout) {
    return wait(timeout, [id](auto& recs) {
      auto it = recs.find(id);
      return it != recs.end() && it->second.exit.has_value();
    });
  }

  /// Waits until stdout of `id` has `n` lines.
  bool wait_out(child_id id, size_t n, std::chrono::milliseconds timeout) {
    return wait(timeout, [id, n](auto& recs) {
      auto it = recs.find(id);
      return it != recs.end() && it->second.out.size() >= n;
    });
  }

  /// A copy of the record of `id`.
  record get(child_id id) {
    std::lock_guard guard{mutex_};
    auto it = records_.find(id);
    return it == records_.end() ? record{} : it->second;
  }

  /// Whether any event was seen for `id`.
  bool seen(child_id id) {
    std::lock_guard guard{mutex_};
    return records_.contains(id);
  }

  /// Number of exits so far.
  size_t exits() {
    std::lock_guard guard{mutex_};
    return exits_;
  }

  /// Number of on_start_failed calls so far.
  size_t start_failures() {
    std::lock_guard guard{mutex_};
    return start_failures_;
  }

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<child_id, record> records_;
  size_t exits_ = 0;
  size_t start_failures_ = 0;
};

/// A marker unique to this test process and `tag`.
inline std::string marker(const std::string& tag) {
  return "rtest-" + std::to_string(::getpid()) + "-" + tag;
}

/// A request running `argv` with a plain PATH and a unique marker.
inline spawn_request request(child_id id, std::vector<std::string> argv) {
  spawn_request req;
  req.id = id;
  req.argv = std::move(argv);
  req.env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C"};
  req.run_marker = marker(std::to_string(id));
  return req;
}

/// True if `pid` still runs with start time `start` (zombies count as
/// ended unless `zombies_alive`).
inline bool alive(int pid, uint64_t start, bool zombies_alive = false) {
  auto st = detail::read_stat(pid);
  if (!st || st->start_ticks != start)
    return false;
  return zombies_alive || !st->dead();
}

/// Processes (pid -> start) whose HUMMEL_RUN starts with `prefix`; zombies
/// are included if `zombies`.
inline std::map<int, uint64_t> with_marker(const std::string& prefix,
                                           bool zombies = false) {
  std::map<int, uint64_t> result;
  for (auto& st : detail::scan_procs()) {
    if (st.dead() && !zombies)
      continue;
    auto m = detail::read_run_marker(st.pid);
    if (m && m->starts_with(prefix))
      result.emplace(st.pid, st.start_ticks);
  }
  return result;
}

/// Polls `pred` every 5 ms until it holds or `timeout` passes.
template <class Pred>
bool poll_until(std::chrono::milliseconds timeout, Pred pred) {
  auto deadline = steady::now() + timeout;
  while (!pred()) {
    if (steady::now() >= deadline)
      return false;
    ::usleep(5000);
  }
  return true;
}

/// The lowest free descriptor number of this process.
inline int lowest_free_fd() {
  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ::close(fd);
  return fd;
}

/// Lowers this process's soft RLIMIT_NOFILE to `room` descriptors above
/// the lowest free one, until restore() or the end of its scope.
class low_descriptor_limit {
public:
  explicit low_descriptor_limit(int room) {
    ok_ = ::getrlimit(RLIMIT_NOFILE, &saved_) == 0;
    limit = static_cast<rlim_t>(lowest_free_fd() + room);
    rlimit low{limit, saved_.rlim_max};
    ok_ = ok_ && ::setrlimit(RLIMIT_NOFILE, &low) == 0;
  }

  ~low_descriptor_limit() {
    restore();
  }

  low_descriptor_limit(const low_descriptor_limit&) = delete;
  low_descriptor_limit& operator=(const low_descriptor_limit&) = delete;

  /// Whether the limit was lowered.
  bool ok() const {
    return ok_;
  }

  /// Puts the limit back; true if it is back.
  bool restore() {
    if (!ok_)
      return true;
    ok_ = false;
    return ::setrlimit(RLIMIT_NOFILE, &saved_) == 0;
  }

  /// The lowered soft limit.
  rlim_t limit = 0;

private:
  rlimit saved_{};
  bool ok_ = false;
};

/// Number of threads of this process.
inline size_t thread_count() {
  size_t n = 0;
  if (DIR* dir = ::opendir("/proc/self/task")) {
    while (auto* e = ::readdir(dir))
      n += e->d_name[0] != '.';
    ::closedir(dir);
  }
  return n;
}

/// Milliseconds since `t`.
inline long long ms_since(steady::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now()
                                                               - t)
    .count();
}

} // namespace hummel::reactor::test

#include "viewcell/epoch.hpp"

#include "viewcell/epoch_barrier.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace hummel::epoch {

namespace detail {

constinit global_line global{};

} // namespace detail

namespace {

using namespace std::chrono_literals;

/// How long the reclaimer lets retirements pile up before a scan. While
/// scans free nothing (a reader holds the oldest records) the wait doubles
/// up to `max_backoff`, so a stuck reader costs one barrier a second, not
/// a thousand.
constexpr auto batch_delay = 1ms;
constexpr auto max_backoff = 1000ms;

/// One retired object waiting for its grace period.
struct record {
  void* ptr;
  deleter_fn deleter;
  std::uint64_t tag; // value of the global epoch right after the retire
};

/// Most records a `retire` call frees on the retiring thread.
constexpr std::size_t writer_batch = 4;

/// Grace periods are detected by the reclaimer thread; safe records are
/// freed preferably by the retiring (writer) thread inside later `retire`
/// calls, so memory returns to the thread that allocates it, and by the
/// reclaimer one round later if the writer has not collected them.
class domain {
public:
  domain() noexcept {
    barrier_.init();
  }

  /// seq_cst claims: see the mode-switch argument in epoch_barrier.cpp.
  thread_slot* claim_slot() {
    auto* head = slots_.load(std::memory_order_acquire);
    for (auto* s = head; s != nullptr; s = s->next)
      if (!s->in_use.load(std::memory_order_relaxed)
          && !s->in_use.exchange(true, std::memory_order_seq_cst))
        return s;
    auto* s = new thread_slot;
    s->in_use.store(true, std::memory_order_relaxed);
    s->next = head;
    while (!slots_.compare_exchange_weak(s->next, s, std::memory_order_seq_cst,
                                         std::memory_order_acquire)) {
    }
    return s;
  }

  /// The reclaimer-side barrier (also the test seam).
  void full_barrier() {
    barrier_.full(slots_);
  }

  void retire(void* p, deleter_fn d) {
    record done[writer_batch];
    std::size_t n = 0;
    {
      std::lock_guard lk{mu_};
      // The epoch advances inside the lock, so tags are queued in order.
      const auto tag
        = detail::global.epoch.fetch_add(1, std::memory_order_seq_cst) + 1;
      queue_.push_back({p, d, tag});
      last_tag_ = tag;
      ++retired_;
      backlog_.fetch_add(1, std::memory_order_relaxed);
      ++retires_since_scan_;
      if (stopped_)
        return; // process exit: stays queued (reachable, not leaked)
      while (n < writer_batch && queue_.front().tag <= safe_tag_) {
        done[n++] = queue_.front();
        queue_.pop_front();
      }
      in_flight_ += n;
      if (!started_) {
        started_ = true;
        start_thread();
      } else if (idle_) {
        work_cv_.notify_one();
      }
    }
    if (n > 0)
      finish(done, n, true);
  }

  bool synchronize(std::chrono::nanoseconds timeout) {
    const bool forever = timeout >= std::chrono::hours{24 * 365};
    const auto deadline = std::chrono::steady_clock::now()
                          + (forever ? std::chrono::nanoseconds{0} : timeout);
    std::unique_lock lk{mu_};
    const auto target = last_tag_;
    const auto reached = [&] {
      return in_flight_ == 0 && (queue_.empty() || queue_.front().tag > target);
    };
    const auto wake = [&] { return stopped_ || reached(); };
    if (reached())
      return true;
    ++sync_waiters_;
    urgent_ = true;
    work_cv_.notify_one();
    if (forever)
      done_cv_.wait(lk, wake);
    else
      done_cv_.wait_until(lk, deadline, wake);
    --sync_waiters_;
    return reached();
  }

  domain_stats stats() {
    domain_stats st;
    for (auto* s = slots_.load(std::memory_order_acquire); s != nullptr;
         s = s->next) {
      ++st.slots;
      st.slots_in_use += s->in_use.load(std::memory_order_relaxed) ? 1 : 0;
    }
    st.membarrier = barrier_.membarrier();
    st.fenced_switches = barrier_.switches();
    st.backlog = backlog();
    std::lock_guard lk{mu_};
    st.retired = retired_;
    st.reclaimed = reclaimed_;
    st.reclaimed_by_retire = reclaimed_by_retire_;
    st.scans = scans_;
    if (pin_.tid != 0 && !queue_.empty()) {
      const auto age = std::chrono::steady_clock::now() - pin_.since;
      st.oldest_pin_ms
        = std::chrono::duration_cast<std::chrono::milliseconds>(age).count();
      st.oldest_pin_tid = pin_.tid;
    }
    return st;
  }

  std::uint64_t backlog() const noexcept {
    return backlog_.load(std::memory_order_relaxed);
  }

  /// Stops and joins the reclaimer (process exit). Pending records stay
  /// queued; later retirements are only queued.
  void stop() {
    {
      std::lock_guard lk{mu_};
      stopped_ = true;
    }
    work_cv_.notify_one();
    done_cv_.notify_all();
    if (!thread_.joinable())
      return;
    if (thread_.get_id() == std::this_thread::get_id())
      thread_.detach(); // exit() called from a deleter
    else
      thread_.join();
  }

private:
  void start_thread() {
    thread_ = std::thread{[this] { run(); }};
    // Joins the reclaimer before static destruction of earlier objects.
    struct stopper {
      domain* d;
      ~stopper() {
        d->stop();
      }
    };
    static stopper guard{this};
  }

  /// Runs claimed deleters outside the lock, then accounts for them.
  void finish(const record* rs, std::size_t n, bool by_retire) {
    for (std::size_t i = 0; i < n; ++i)
      rs[i].deleter(rs[i].ptr);
    backlog_.fetch_sub(n, std::memory_order_relaxed);
    std::lock_guard lk{mu_};
    in_flight_ -= n;
    reclaimed_ += n;
    if (by_retire)
      reclaimed_by_retire_ += n;
    if (sync_waiters_ > 0)
      done_cv_.notify_all();
  }

  void run() {
    std::vector<record> batch;
    auto delay = std::chrono::milliseconds{batch_delay};
    std::unique_lock lk{mu_};
    while (!stopped_) {
      if (queue_.empty()) {
        idle_ = true;
        pin_ = {};
        work_cv_.wait(lk, [&] { return stopped_ || !queue_.empty(); });
        idle_ = false;
        delay = batch_delay;
        continue;
      }
      // Let retirements pile up for a moment (skipped once per synchronize).
      if (!urgent_)
        work_cv_.wait_for(lk, delay, [&] { return stopped_ || urgent_; });
      urgent_ = false;
      if (stopped_)
        break;
      // Only records unlinked before the barrier can be judged by it.
      const auto snapshot = last_tag_;
      ++scans_;
      lk.unlock();
      const auto found = scan();
      lk.lock();
      const auto safe = std::min(snapshot, found.min_active);
      pin_ = found.pin;
      // A scan that moves the safe epoch nowhere backs off: the oldest
      // records are held by a reader and another barrier will not help.
      delay = safe > safe_tag_ ? std::chrono::milliseconds{batch_delay}
                               : std::min(delay * 2, max_backoff);
      // Free what the writer left from the previous round; everything
      // safe at once when the writer is idle or someone synchronizes.
      const auto limit
        = retires_since_scan_ == 0 || sync_waiters_ > 0 ? safe : safe_tag_;
      safe_tag_ = std::max(safe_tag_, safe);
      retires_since_scan_ = 0;
      while (!queue_.empty() && queue_.front().tag <= limit) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      if (batch.empty())
        continue;
      in_flight_ += batch.size();
      lk.unlock();
      finish(batch.data(), batch.size(), false);
      batch.clear();
      lk.lock();
    }
  }

  /// The oldest open section a scan saw, and since when it has been seen.
  struct pin_info {
    int tid = 0;
    std::uint64_t epoch = 0;
    std::chrono::steady_clock::time_point since{};
  };

  struct scan_result {
    std::uint64_t min_active;
    pin_info pin;
  };

  /// Makes every reader's slot store visible, then returns the oldest
  /// epoch announced by an open read section (max if there is none) and
  /// who announced it. A reader that announced epoch a loaded the epoch
  /// after every swap tagged <= a, so it cannot hold those objects.
  scan_result scan() {
    full_barrier();
    scan_result r{std::numeric_limits<std::uint64_t>::max(), {}};
    const thread_slot* oldest = nullptr;
    for (auto* s = slots_.load(std::memory_order_acquire); s != nullptr;
         s = s->next) {
      const auto a = s->active.load(std::memory_order_acquire);
      if (a != 0 && a < r.min_active) {
        r.min_active = a;
        oldest = s;
      }
    }
    if (oldest == nullptr)
      return r;
    r.pin.tid = oldest->tid.load(std::memory_order_relaxed);
    r.pin.epoch = r.min_active;
    // The same thread on the same epoch: the same section, still open
    // (the epoch moves on every retire, and records are waiting).
    const bool same
      = pin_seen_.tid == r.pin.tid && pin_seen_.epoch == r.pin.epoch;
    r.pin.since = same ? pin_seen_.since : std::chrono::steady_clock::now();
    pin_seen_ = r.pin;
    return r;
  }

  detail::barrier barrier_;
  std::atomic<thread_slot*> slots_{nullptr};
  std::atomic<std::uint64_t> backlog_{0};
  pin_info pin_seen_; // reclaimer thread only
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<record> queue_; // ordered by tag
  pin_info pin_;             // last scan's oldest pin, under mu_
  std::uint64_t last_tag_ = 0;
  std::uint64_t safe_tag_ = 0; // records tagged <= this may be freed
  std::uint64_t retired_ = 0;
  std::uint64_t reclaimed_ = 0;
  std::uint64_t reclaimed_by_retire_ = 0;
  std::uint64_t retires_since_scan_ = 0;
  std::uint64_t scans_ = 0;
  std::size_t in_flight_ = 0; // claimed, deleter still running
  int sync_waiters_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  bool idle_ = false;
  bool urgent_ = false;
  std::thread thread_;
};

/// The domain is intentionally leaked: reader threads and static objects
/// may use it during static destruction.
domain& instance() {
  static domain* d = new domain;
  return *d;
}

/// Returns the thread's slot to the pool when the thread exits.
struct slot_releaser {
  bool armed = false;
  ~slot_releaser() {
    thread_slot*& s = detail::tls_slot;
    if (s == nullptr)
      return;
    s->active.store(0, std::memory_order_release);
    s->depth = 0;
    s->tid.store(0, std::memory_order_relaxed);
    s->in_use.store(false, std::memory_order_release);
    s = nullptr;
  }
};

thread_local slot_releaser releaser;

} // namespace

namespace detail {

thread_slot* register_thread() noexcept {
  auto* s = instance().claim_slot();
  s->depth = 0;
  s->tid.store(static_cast<int>(gettid()), std::memory_order_relaxed);
  // Orders the claim before this thread's first epoch load (mode switch).
  seq_cst_fence();
  tls_slot = s;
  releaser.armed = true; // constructs the thread_local: registers its dtor
  return s;
}

} // namespace detail

bool retire(void* p, deleter_fn deleter) noexcept {
  if (p == nullptr || deleter == nullptr)
    return false;
  instance().retire(p, deleter);
  return true;
}

bool synchronize(std::chrono::nanoseconds timeout) noexcept {
  if (in_read_section())
    return false;
  return instance().synchronize(timeout);
}

domain_stats stats() noexcept {
  return instance().stats();
}

std::uint64_t backlog() noexcept {
  return instance().backlog();
}

void testing::reclaimer_barrier() noexcept {
  instance().full_barrier();
}

} // namespace hummel::epoch

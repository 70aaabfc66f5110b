#include "viewcell/epoch.hpp"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
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

/// How long the reclaimer lets retirements pile up before a scan, and how
/// often it re-checks while records are still held by readers.
constexpr auto batch_delay = 1ms;

long sys_membarrier(int cmd) noexcept {
  return syscall(__NR_membarrier, cmd, 0, 0);
}

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
    const long cmds = sys_membarrier(MEMBARRIER_CMD_QUERY);
    membarrier_
      = cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0
        && sys_membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
    detail::global.heavy_readers.store(!membarrier_, std::memory_order_relaxed);
  }

  thread_slot* claim_slot() {
    auto* head = slots_.load(std::memory_order_acquire);
    for (auto* s = head; s != nullptr; s = s->next)
      if (!s->in_use.load(std::memory_order_relaxed)
          && !s->in_use.exchange(true, std::memory_order_acquire))
        return s;
    auto* s = new thread_slot;
    s->in_use.store(true, std::memory_order_relaxed);
    s->next = head;
    while (!slots_.compare_exchange_weak(s->next, s, std::memory_order_release,
                                         std::memory_order_acquire)) {
    }
    return s;
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
    st.membarrier = membarrier_;
    std::lock_guard lk{mu_};
    st.retired = retired_;
    st.reclaimed = reclaimed_;
    st.reclaimed_by_retire = reclaimed_by_retire_;
    return st;
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
    std::unique_lock lk{mu_};
    while (!stopped_) {
      if (queue_.empty()) {
        idle_ = true;
        work_cv_.wait(lk, [&] { return stopped_ || !queue_.empty(); });
        idle_ = false;
        continue;
      }
      // Let retirements pile up for a moment (skipped once per synchronize).
      if (!urgent_)
        work_cv_.wait_for(lk, batch_delay, [&] { return stopped_ || urgent_; });
      urgent_ = false;
      if (stopped_)
        break;
      // Only records unlinked before the barrier can be judged by it.
      const auto snapshot = last_tag_;
      lk.unlock();
      const auto safe = std::min(snapshot, scan());
      lk.lock();
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

  /// Makes every reader's slot store visible, then returns the oldest
  /// epoch announced by an open read section (max if there is none). A
  /// reader that announced epoch a loaded the epoch after every swap tagged
  /// <= a, so it cannot hold those objects.
  std::uint64_t scan() {
    full_barrier();
    std::uint64_t min_active = std::numeric_limits<std::uint64_t>::max();
    for (auto* s = slots_.load(std::memory_order_acquire); s != nullptr;
         s = s->next) {
      const auto a = s->active.load(std::memory_order_acquire);
      if (a != 0 && a < min_active)
        min_active = a;
    }
    return min_active;
  }

  void full_barrier() {
    if (membarrier_) {
      // A full barrier on every running thread of this process: a reader's
      // slot store is either visible now, or its pointer loads come later
      // and see the new value.
      sys_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED);
    }
#if defined(HUMMEL_EPOCH_TSAN)
    // TSAN warns on atomic_thread_fence; a seq_cst RMW is a full fence.
    fence_word_.fetch_add(0, std::memory_order_seq_cst);
#else
    if (!membarrier_)
      std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
  }

  bool membarrier_ = false;
  std::atomic<thread_slot*> slots_{nullptr};
#if defined(HUMMEL_EPOCH_TSAN)
  std::atomic<int> fence_word_{0};
#endif
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable done_cv_;
  std::deque<record> queue_; // ordered by tag
  std::uint64_t last_tag_ = 0;
  std::uint64_t safe_tag_ = 0; // records tagged <= this may be freed
  std::uint64_t retired_ = 0;
  std::uint64_t reclaimed_ = 0;
  std::uint64_t reclaimed_by_retire_ = 0;
  std::uint64_t retires_since_scan_ = 0;
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
    s->in_use.store(false, std::memory_order_release);
    s = nullptr;
  }
};

thread_local slot_releaser releaser;

} // namespace

namespace detail {

thread_slot* register_thread() noexcept {
  auto* s = instance().claim_slot();
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

} // namespace hummel::epoch

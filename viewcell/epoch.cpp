#include "viewcell/epoch.hpp"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <condition_variable>
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
    std::unique_lock lk{mu_};
    // The epoch advances inside the lock, so tags are queued in order.
    const auto tag
      = detail::global.epoch.fetch_add(1, std::memory_order_seq_cst) + 1;
    pending_.push_back({p, d, tag});
    last_tag_ = tag;
    ++retired_;
    if (stopped_)
      return; // process exit: stays queued (reachable, not leaked)
    if (!started_) {
      started_ = true;
      start_thread();
    } else if (idle_) {
      work_cv_.notify_one();
    }
  }

  bool synchronize(std::chrono::nanoseconds timeout) {
    const auto deadline = timeout == std::chrono::nanoseconds::max()
                            ? std::chrono::steady_clock::time_point::max()
                            : std::chrono::steady_clock::now() + timeout;
    std::unique_lock lk{mu_};
    const auto target = last_tag_;
    if (done_tag_ >= target)
      return true;
    if (stopped_)
      return false;
    urgent_ = true;
    work_cv_.notify_one();
    return done_cv_.wait_until(lk, deadline,
                               [&] { return done_tag_ >= target; });
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

  void run() {
    std::vector<record> waiting;  // owned by this thread, ordered by tag
    std::vector<record> incoming; // swapped with pending_ to keep capacity
    std::unique_lock lk{mu_};
    while (!stopped_) {
      if (pending_.empty() && waiting.empty()) {
        idle_ = true;
        work_cv_.wait(lk, [&] { return stopped_ || !pending_.empty(); });
        idle_ = false;
        continue;
      }
      if (!urgent_)
        work_cv_.wait_for(lk, batch_delay, [&] { return stopped_ || urgent_; });
      if (stopped_)
        break;
      urgent_ = false;
      incoming.swap(pending_);
      const auto batch_last = last_tag_;
      lk.unlock();
      waiting.insert(waiting.end(), incoming.begin(), incoming.end());
      incoming.clear();
      const auto freed = reclaim(waiting);
      lk.lock();
      reclaimed_ += freed;
      done_tag_ = waiting.empty() ? batch_last : waiting.front().tag - 1;
      done_cv_.notify_all();
    }
    // Hand what is left back to the (leaked, reachable) domain.
    pending_.insert(pending_.begin(), waiting.begin(), waiting.end());
  }

  /// Makes every reader's slot store visible, then frees the records no
  /// open read section can hold. Returns the number freed.
  std::size_t reclaim(std::vector<record>& waiting) {
    full_barrier();
    std::uint64_t min_active = std::numeric_limits<std::uint64_t>::max();
    for (auto* s = slots_.load(std::memory_order_acquire); s != nullptr;
         s = s->next) {
      const auto a = s->active.load(std::memory_order_acquire);
      if (a != 0 && a < min_active)
        min_active = a;
    }
    // A reader that announced epoch a loaded the epoch after every swap
    // tagged <= a, so it cannot hold those objects.
    std::size_t n = 0;
    while (n < waiting.size() && waiting[n].tag <= min_active) {
      waiting[n].deleter(waiting[n].ptr);
      ++n;
    }
    waiting.erase(waiting.begin(), waiting.begin() + n);
    return n;
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
  std::vector<record> pending_;
  std::uint64_t last_tag_ = 0;
  std::uint64_t done_tag_ = 0;
  std::uint64_t retired_ = 0;
  std::uint64_t reclaimed_ = 0;
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

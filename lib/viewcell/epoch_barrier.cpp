// The reclaimer's barrier and the switch to the fenced mode.
//
// Thread safety (the mode switch). A reader announces its section with a
// relaxed store to its slot, then loads the cell's pointer. In the
// membarrier mode it puts only a compiler fence between the two; the
// reclaimer's membarrier(PRIVATE_EXPEDITED) makes that store visible (an
// IPI runs a full barrier on every CPU running a thread of the process).
// In the fenced mode the reader puts a seq_cst fence between them and the
// reclaimer a seq_cst fence between its pointer swap and its slot loads:
// the store-buffering pattern with a fence on each side, so at least one
// side sees the other.
//
// When membarrier fails after start-up (EPERM from a seccomp filter added
// later, for instance) the reclaimer must not scan with a plain fence while
// a reader may still be in a section it opened with a compiler fence only:
// that reader's slot store may sit in its store buffer, the scan would see
// 0 and free what the reader holds. So the switch, run inside the scan and
// before any slot is read, does:
//  1. `heavy_readers = true` (seq_cst), then bumps the global epoch to G
//     (seq_cst RMW). A reader loads the epoch with acquire and then the
//     mode flag; every epoch value >= G heads or continues the release
//     sequence of that bump, so a reader that announces an epoch >= G runs
//     the seq_cst fence. Readers that registered a slot after the bump see
//     it too (register_thread runs a seq_cst fence after its claim).
//  2. A handshake with every live slot whose owner may be in an older,
//     compiler-fence-only section: the reclaimer sends the owner a
//     real-time signal (tgkill); its handler runs a seq_cst fence and
//     stores G to the slot's `ack` with release. Signal delivery enters
//     the kernel on the target thread, like membarrier's IPI, and the
//     release/acquire pair on `ack` makes the reader's earlier slot store
//     visible to the reclaimer's later scan. A slot whose owner exited
//     (in_use false, stored with release after its last section) needs no
//     answer. The same technique as liburcu's signal flavour.
//  3. Only then the scan reads the slots, after a seq_cst fence; from now
//     on every scan uses that fence. The switch is one-way.
// Nothing is freed during the handshake (the scan has not produced a new
// safe epoch). A reader that never answers (the signal blocked in that
// thread) stops the daemon loudly after 10 s, naming the thread, rather
// than letting it run with unsafe reclamation. The handler touches only
// `tls_slot` (initial-exec TLS in the executable: no allocation) and
// atomics, and saves errno: it is async-signal-safe.
#include "viewcell/epoch_barrier.hpp"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace hummel::epoch {

namespace {

std::atomic<testing::membarrier_hook> hook{nullptr};

/// The handshake generation the fence signal acknowledges.
std::atomic<std::uint64_t> handshake_gen{0};

int fence_signal() noexcept {
  return SIGRTMIN + 5;
}

void on_fence_signal(int) {
  const int saved = errno;
  const auto gen = handshake_gen.load(std::memory_order_acquire);
  detail::seq_cst_fence();
  if (thread_slot* s = detail::tls_slot)
    s->ack.store(gen, std::memory_order_release);
  errno = saved;
}

bool install_handler() noexcept {
  struct sigaction sa {};
  sa.sa_handler = &on_fence_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  return sigaction(fence_signal(), &sa, nullptr) == 0;
}

/// Slots still owed an answer: returns the tid of one (0 when none).
int unanswered(const std::atomic<thread_slot*>& slots, std::uint64_t gen,
               bool resend) noexcept {
  int pending = 0;
  const int self = static_cast<int>(gettid());
  for (auto* s = slots.load(std::memory_order_seq_cst); s != nullptr;
       s = s->next) {
    if (!s->in_use.load(std::memory_order_seq_cst)
        || s->ack.load(std::memory_order_acquire) >= gen)
      continue;
    const int tid = s->tid.load(std::memory_order_relaxed);
    if (tid == self) {
      // The reclaimer itself: not inside a section during a scan.
      detail::seq_cst_fence();
      s->ack.store(gen, std::memory_order_release);
      continue;
    }
    pending = tid != 0 ? tid : -1;
    if (resend && tid != 0)
      syscall(SYS_tgkill, getpid(), tid, fence_signal());
  }
  return pending;
}

} // namespace

namespace detail {

void misuse(section opened, const thread_slot* here) noexcept {
  if (here != opened.slot)
    std::fprintf(stderr,
                 "hummel: view cell read guard released on another thread "
                 "(taken on thread %d, released on thread %d); the guard "
                 "must stay on the thread that took it\n",
                 opened.slot->tid.load(std::memory_order_relaxed),
                 static_cast<int>(gettid()));
  else
    std::fprintf(stderr,
                 "hummel: view cell read guards released out of order (this "
                 "guard opened depth %u, the thread is at depth %u); release "
                 "guards in reverse order of taking them\n",
                 opened.depth, here->depth);
  std::abort();
}

long call_membarrier(int cmd) noexcept {
  if (auto h = hook.load(std::memory_order_acquire))
    return h(cmd);
  return syscall(__NR_membarrier, cmd, 0, 0);
}

void barrier::init() noexcept {
  const long cmds = call_membarrier(MEMBARRIER_CMD_QUERY);
  const bool ok
    = cmds > 0 && (cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0
      && call_membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
  membarrier_.store(ok, std::memory_order_relaxed);
  global.heavy_readers.store(!ok, std::memory_order_seq_cst);
}

void barrier::full(const std::atomic<thread_slot*>& slots) noexcept {
  if (membarrier()) {
    if (call_membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0)
      switch_to_fenced(slots, errno);
  }
#if defined(HUMMEL_EPOCH_TSAN)
  // TSAN does not see membarrier and warns on atomic_thread_fence; its
  // readers use seq_cst stores, and a seq_cst RMW here is a full fence.
  fence_word_.fetch_add(0, std::memory_order_seq_cst);
#else
  if (!membarrier())
    std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

void barrier::switch_to_fenced(const std::atomic<thread_slot*>& slots,
                               int err) noexcept {
  // One switch, even if a test seam scans beside the reclaimer.
  static std::mutex mu;
  std::lock_guard lk{mu};
  if (!membarrier())
    return;
  std::fprintf(stderr,
               "hummel: membarrier failed after start-up (%s); view cell "
               "readers switch to seq_cst fences\n",
               std::strerror(err));
  global.heavy_readers.store(true, std::memory_order_seq_cst);
  const auto gen = global.epoch.fetch_add(1, std::memory_order_seq_cst) + 1;
  if (!install_handler()) {
    std::fprintf(stderr,
                 "hummel: cannot install the fence signal handler "
                 "(%s); stopping\n",
                 std::strerror(errno));
    std::abort();
  }
  handshake_gen.store(gen, std::memory_order_release);
  using clk = std::chrono::steady_clock;
  const auto deadline = clk::now() + std::chrono::seconds{10};
  auto next_send = clk::now();
  for (;;) {
    const bool resend = clk::now() >= next_send;
    if (resend)
      next_send = clk::now() + std::chrono::milliseconds{100};
    const int pending = unanswered(slots, gen, resend);
    if (pending == 0)
      break;
    if (clk::now() >= deadline) {
      std::fprintf(stderr,
                   "hummel: reader thread %d did not answer the fence "
                   "handshake (is signal %d blocked?); reclamation would be "
                   "unsafe, stopping\n",
                   pending, fence_signal());
      std::abort();
    }
    std::this_thread::sleep_for(std::chrono::microseconds{200});
  }
  membarrier_.store(false, std::memory_order_relaxed);
  switches_.fetch_add(1, std::memory_order_relaxed);
}

} // namespace detail

namespace testing {

void set_membarrier_hook(membarrier_hook h) noexcept {
  hook.store(h, std::memory_order_release);
}

void reader_fence() noexcept {
  if (detail::global.heavy_readers.load(std::memory_order_relaxed))
    detail::seq_cst_fence();
  else
    std::atomic_signal_fence(std::memory_order_seq_cst);
}

} // namespace testing

} // namespace hummel::epoch

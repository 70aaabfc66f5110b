/// @file
/// A process-wide epoch domain: wait-free read sections for any thread and
/// deferred, bounded-delay reclamation of retired objects.
///
/// Thread safety: `read_section`, `enter` and `leave` may be called from any
/// thread at any time; they touch only the global epoch (read), the caller's
/// own cache-line-padded slot (write) and thread-local state. `retire`,
/// `synchronize` and `stats` may be called from any thread (they take a
/// mutex); `synchronize` refuses to run inside a read section. A retired
/// object is destroyed either by the background reclaimer thread or by a
/// later `retire` call on the retiring thread (which frees up to a few
/// already-safe objects, so memory returns to the thread that allocated it);
/// deleters must be safe to run on either and must not call `synchronize`.
/// Nested sections must end in reverse order of their start (automatic for
/// guards on the stack). A thread that stays inside a section delays the
/// reclamation of everything retired after it entered; keep sections short.
/// After fork() the child has no reclaimer. Guards carry their slot and
/// depth: releasing one on another thread, or before a guard opened after
/// it, aborts with a message (it would otherwise unpin memory still read).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

/// Defined to 1 under ThreadSanitizer (GCC or Clang): readers then use
/// seq_cst stores, because TSAN does not understand membarrier.
#if defined(__SANITIZE_THREAD__)
#  define HUMMEL_EPOCH_TSAN 1
#elif defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define HUMMEL_EPOCH_TSAN 1
#  endif
#endif

namespace hummel::epoch {

/// One reader thread's announcement, padded to its own cache line.
struct alignas(64) thread_slot {
  /// Epoch seen at the start of the outermost read section; 0 = not reading.
  std::atomic<std::uint64_t> active{0};
  /// True while a live thread owns this slot.
  std::atomic<bool> in_use{false};
  /// Open sections of the owning thread; only the owner touches it.
  std::uint32_t depth = 0;
  /// Kernel thread id of the owner (names a stuck reader; signal target).
  std::atomic<int> tid{0};
  /// Last fence handshake this thread answered (see epoch.cpp).
  std::atomic<std::uint64_t> ack{0};
  /// Next slot in the registry; immutable once the slot is published.
  thread_slot* next = nullptr;
};

/// What `enter` hands to the matching `leave`: the slot and the nesting
/// depth the section opened, so a release on another thread or out of
/// order is caught.
struct section {
  thread_slot* slot;
  std::uint32_t depth;
};

namespace detail {

/// The global epoch and the reader fence mode, on their own cache line.
struct alignas(64) global_line {
  /// Advanced by every retire; starts at 1 (0 means "not reading").
  std::atomic<std::uint64_t> epoch{1};
  /// True when readers must fence themselves (no membarrier available).
  std::atomic<bool> heavy_readers{false};
};

/// The one global line of the domain.
extern global_line global;

/// This thread's slot, or null before its first read section (constant
/// initialization: no TLS wrapper call on the fast path).
inline thread_local constinit thread_slot* tls_slot = nullptr;

/// A full seq_cst fence. Under ThreadSanitizer (which does not support
/// atomic_thread_fence) a seq_cst RMW on a shared word instead.
inline void seq_cst_fence() noexcept {
#if defined(HUMMEL_EPOCH_TSAN)
  static std::atomic<int> word{0};
  word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

/// Slow path: claims or allocates a slot for the calling thread.
thread_slot* register_thread() noexcept;

/// Prints what went wrong with a guard and aborts (never returns).
[[noreturn]] void misuse(section opened, const thread_slot* here) noexcept;

/// Publishes the calling reader's slot store `e` before its later loads,
/// in the mode the domain is in (see the thread-safety note in epoch.cpp).
inline void announce(thread_slot* s, std::uint64_t e) noexcept {
#if defined(HUMMEL_EPOCH_TSAN)
  s->active.store(e, std::memory_order_seq_cst);
#else
  if (global.heavy_readers.load(std::memory_order_relaxed)) [[unlikely]] {
    s->active.store(e, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
  } else {
    s->active.store(e, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
#endif
}

} // namespace detail

/// Starts a read section (nestable) and returns what the matching `leave`
/// needs. Wait-free and allocation-free after the thread's first call.
[[nodiscard]] inline section enter() noexcept {
  thread_slot* s = detail::tls_slot;
  if (s == nullptr) [[unlikely]]
    s = detail::register_thread();
  const std::uint32_t depth = ++s->depth;
  if (depth == 1) {
    // The acquire orders the mode load after it: a reader that sees an
    // epoch bumped by a switch to the fenced mode also sees the switch.
    detail::announce(s, detail::global.epoch.load(std::memory_order_acquire));
  }
  return {s, depth};
}

/// Ends the read section `opened` (what its `enter` returned). Aborts with
/// a message when called on another thread or out of order.
inline void leave(section opened) noexcept {
  thread_slot* s = detail::tls_slot;
  if (s != opened.slot || s->depth != opened.depth) [[unlikely]]
    detail::misuse(opened, s);
  --s->depth;
  if (opened.depth != 1)
    return;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  s->active.store(0, std::memory_order_release);
}

/// True while the calling thread is inside a read section.
inline bool in_read_section() noexcept {
  const thread_slot* s = detail::tls_slot;
  return s != nullptr && s->depth != 0;
}

/// RAII read section (nestable).
class read_section {
public:
  /// Enters a read section.
  read_section() noexcept : opened_(enter()) {
  }
  /// Leaves the read section.
  ~read_section() {
    leave(opened_);
  }
  read_section(const read_section&) = delete;
  read_section& operator=(const read_section&) = delete;

private:
  section opened_;
};

/// Destroys a retired object.
using deleter_fn = void (*)(void*);

/// Hands `p` to the reclaimer: `deleter(p)` runs once no read section that
/// may have seen `p` is still open. Call only after `p` was unpublished.
/// Returns false (and does nothing) if `p` or `deleter` is null.
bool retire(void* p, deleter_fn deleter) noexcept;

/// Blocks until everything retired before the call has been destroyed, or
/// `timeout` passes. Returns false on timeout or when called inside a read
/// section (which would deadlock).
bool synchronize(std::chrono::nanoseconds timeout
                 = std::chrono::nanoseconds::max()) noexcept;

/// Counters for tests and monitoring.
struct domain_stats {
  /// Slots ever allocated (bounded by the peak number of reader threads).
  std::size_t slots = 0;
  /// Slots currently owned by a live thread.
  std::size_t slots_in_use = 0;
  /// Objects retired so far.
  std::uint64_t retired = 0;
  /// Objects destroyed so far.
  std::uint64_t reclaimed = 0;
  /// Of those, objects destroyed inside `retire` on the retiring thread.
  std::uint64_t reclaimed_by_retire = 0;
  /// Retired objects not destroyed yet (the backlog).
  std::uint64_t backlog = 0;
  /// Grace-period scans run by the reclaimer (each costs one barrier).
  std::uint64_t scans = 0;
  /// True when membarrier is in use (readers use only compiler fences).
  bool membarrier = false;
  /// Times the domain switched from membarrier to the fenced mode.
  std::uint64_t fenced_switches = 0;
  /// Age in ms of the oldest open read section that holds back a retired
  /// object, as seen by the reclaimer's scans (0 when none).
  std::int64_t oldest_pin_ms = 0;
  /// Kernel thread id of that reader (0 when none).
  int oldest_pin_tid = 0;
};

/// Returns a snapshot of the domain counters.
domain_stats stats() noexcept;

/// Retired objects not destroyed yet. Lock-free; for publishers that
/// bound the backlog (see viewcell/publish_gate.hpp).
std::uint64_t backlog() noexcept;

/// Test seams. Not for production code.
namespace testing {

/// Replaces the membarrier system call (null restores the real one). The
/// hook receives the command and returns what the syscall would (-1 with
/// errno set on failure).
using membarrier_hook = long (*)(int cmd);
void set_membarrier_hook(membarrier_hook hook) noexcept;

/// The reader-side fence of the current mode, as `enter` runs it.
void reader_fence() noexcept;

/// The reclaimer-side barrier of the current mode, as a scan runs it
/// (checks membarrier's result and may switch to the fenced mode).
void reclaimer_barrier() noexcept;

} // namespace testing

} // namespace hummel::epoch

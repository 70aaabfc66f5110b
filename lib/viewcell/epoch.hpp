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
/// After fork() the child has no reclaimer.
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
  /// Next slot in the registry; immutable once the slot is published.
  thread_slot* next = nullptr;
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

/// Slow path: claims or allocates a slot for the calling thread.
thread_slot* register_thread() noexcept;

} // namespace detail

/// Starts a read section. Returns true when this call opened the thread's
/// outermost section (pass it to `leave`), false when nested. Wait-free and
/// allocation-free after the thread's first call.
[[nodiscard]] inline bool enter() noexcept {
  thread_slot* s = detail::tls_slot;
  if (s == nullptr) [[unlikely]]
    s = detail::register_thread();
  // Only this thread writes its slot, so a relaxed load is exact.
  if (s->active.load(std::memory_order_relaxed) != 0)
    return false;
  const std::uint64_t e = detail::global.epoch.load(std::memory_order_acquire);
#if defined(HUMMEL_EPOCH_TSAN)
  s->active.store(e, std::memory_order_seq_cst);
#else
  if (detail::global.heavy_readers.load(std::memory_order_relaxed))
    [[unlikely]] {
    s->active.store(e, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
  } else {
    s->active.store(e, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);
  }
#endif
  return true;
}

/// Ends a read section; `outermost` is what the matching `enter` returned.
inline void leave(bool outermost) noexcept {
  if (!outermost)
    return;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  detail::tls_slot->active.store(0, std::memory_order_release);
}

/// True while the calling thread is inside a read section.
inline bool in_read_section() noexcept {
  const thread_slot* s = detail::tls_slot;
  return s != nullptr && s->active.load(std::memory_order_relaxed) != 0;
}

/// RAII read section (nestable).
class read_section {
public:
  /// Enters a read section.
  read_section() noexcept : outermost_(enter()) {
  }
  /// Leaves the read section.
  ~read_section() {
    leave(outermost_);
  }
  read_section(const read_section&) = delete;
  read_section& operator=(const read_section&) = delete;

private:
  bool outermost_;
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
  /// True when membarrier is in use (readers use only compiler fences).
  bool membarrier = false;
};

/// Returns a snapshot of the domain counters.
domain_stats stats() noexcept;

} // namespace hummel::epoch

/// @file
/// The reclaimer's side of the epoch protocol: the process-wide barrier a
/// scan runs before it reads the reader slots, in one of two modes, and
/// the one-way switch from the first to the second. Internal to viewcell.
///
/// Thread safety: `init` runs once, in the domain's constructor, before
/// any reader can see the domain. `full` runs on the reclaimer thread (and
/// on test threads through the seam); `switch_to_fenced` is serialised by
/// a mutex and switches once. `membarrier` and
/// `switches` may be read from any thread. The mode flag readers consult
/// is `detail::global.heavy_readers`; its one-way flip is argued in
/// epoch_barrier.cpp.
#pragma once

#include "viewcell/epoch.hpp"

#include <atomic>
#include <cstdint>

namespace hummel::epoch::detail {

/// Calls membarrier(2) through the test hook, if one is set.
long call_membarrier(int cmd) noexcept;

/// Chooses and runs the reclaimer's barrier.
class barrier {
public:
  /// Probes membarrier and sets the readers' mode (start-up).
  void init() noexcept;

  /// Makes the slot store of every reader that opened its section before
  /// the call visible to the caller's later loads. In membarrier mode a
  /// failing system call switches the domain to the fenced mode first.
  void full(const std::atomic<thread_slot*>& slots) noexcept;

  /// True while membarrier is in use.
  bool membarrier() const noexcept {
    return membarrier_.load(std::memory_order_relaxed);
  }

  /// Times the domain switched to the fenced mode (0 or 1).
  std::uint64_t switches() const noexcept {
    return switches_.load(std::memory_order_relaxed);
  }

private:
  /// Flips readers to seq_cst fences and waits until every reader that
  /// may still be in a compiler-fence-only section has passed a fence.
  void switch_to_fenced(const std::atomic<thread_slot*>& slots,
                        int err) noexcept;

  std::atomic<bool> membarrier_{false};
  std::atomic<std::uint64_t> switches_{0};
#if defined(HUMMEL_EPOCH_TSAN)
  std::atomic<int> fence_word_{0};
#endif
};

} // namespace hummel::epoch::detail

/// @file
/// `view_cell<T>`: one writer publishes immutable values, any number of
/// threads read them wait-free.
///
/// Thread safety: `read()` and `with()` may be called from any thread
/// concurrently with each other and with `publish()`. `publish()` must be
/// called by one writer at a time (the status cache actor). The destructor
/// requires that no reader holds a `reader` guard of this cell. Replaced
/// values are destroyed later, on the epoch reclaimer thread or inside a
/// later `publish` (see viewcell/epoch.hpp).
#pragma once

#include "viewcell/epoch.hpp"

#include <atomic>
#include <memory>
#include <utility>

namespace hummel {

/// A publication point holding the current immutable `T`.
template <class T>
class alignas(64) view_cell {
public:
  /// RAII read guard: pins the value current at construction.
  class reader {
  public:
    /// Leaves the read section.
    ~reader() {
      epoch::leave(outermost_);
    }
    reader(const reader&) = delete;
    reader& operator=(const reader&) = delete;

    /// The pinned value.
    const T& operator*() const noexcept {
      return *ptr_;
    }

    /// The pinned value.
    const T* operator->() const noexcept {
      return ptr_;
    }

    /// The pinned value.
    const T* get() const noexcept {
      return ptr_;
    }

  private:
    friend class view_cell;
    explicit reader(const std::atomic<const T*>& cell) noexcept
      : outermost_(epoch::enter()), ptr_(cell.load(std::memory_order_acquire)) {
    }
    bool outermost_; // declared first: enter() runs before the load
    const T* ptr_;
  };

  /// Creates a cell holding `initial` (must not be null).
  explicit view_cell(std::unique_ptr<const T> initial) noexcept
    : current_(initial.release()) {
  }

  /// Destroys the current value. Precondition: no open `reader`.
  ~view_cell() {
    delete current_.load(std::memory_order_acquire);
  }

  view_cell(const view_cell&) = delete;
  view_cell& operator=(const view_cell&) = delete;

  /// Pins and returns the current value. Wait-free, allocation-free after
  /// the calling thread's first read.
  reader read() const noexcept {
    return reader{current_};
  }

  /// Calls `f(const T&)` on the current value inside a read section and
  /// returns its result. Do not let references escape `f`.
  template <class F>
  auto with(F&& f) const {
    reader r = read();
    return std::forward<F>(f)(*r);
  }

  /// Replaces the current value (single writer) and retires the old one.
  /// Returns false and changes nothing if `next` is null.
  bool publish(std::unique_ptr<const T> next) noexcept {
    if (next == nullptr)
      return false;
    const T* old = current_.exchange(next.release(), std::memory_order_acq_rel);
    epoch::retire(const_cast<T*>(old), &destroy);
    return true;
  }

private:
  static void destroy(void* p) noexcept {
    delete static_cast<const T*>(p);
  }

  /// The current value; alone on its cache line (the class is aligned).
  std::atomic<const T*> current_;
};

} // namespace hummel

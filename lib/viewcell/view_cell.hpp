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
#include <type_traits>
#include <utility>

/// Marks an accessor whose result must not outlive the object (Clang warns
/// on a dangling use); empty elsewhere.
#if defined(__clang__)
#  define HUMMEL_LIFETIMEBOUND [[clang::lifetimebound]]
#else
#  define HUMMEL_LIFETIMEBOUND
#endif

namespace hummel {

/// A publication point holding the current immutable `T`.
template <class T>
class alignas(64) view_cell {
public:
  /// RAII read guard: pins the value current at construction. Keep it in
  /// a named variable: the accessors refuse a temporary guard (its pin
  /// would end at the end of the full expression while the pointer or
  /// reference lives on), and the guard must be released on the thread
  /// that took it, in reverse order of taking (else: abort with a message).
  class reader {
  public:
    /// Leaves the read section.
    ~reader() {
      epoch::leave(opened_);
    }
    reader(const reader&) = delete;
    reader& operator=(const reader&) = delete;

    /// The pinned value; valid while this guard lives.
    const T& operator*() const& noexcept HUMMEL_LIFETIMEBOUND {
      return *ptr_;
    }
    /// Refused: the guard is a temporary and unpins at the `;`.
    const T& operator*() const&& = delete;

    /// The pinned value; valid while this guard lives.
    const T* operator->() const& noexcept HUMMEL_LIFETIMEBOUND {
      return ptr_;
    }
    /// Refused: the guard is a temporary and unpins at the `;`.
    const T* operator->() const&& = delete;

    /// The pinned value; valid while this guard lives.
    const T* get() const& noexcept HUMMEL_LIFETIMEBOUND {
      return ptr_;
    }
    /// Refused: the guard is a temporary and unpins at the `;`.
    const T* get() const&& = delete;

  private:
    friend class view_cell;
    explicit reader(const std::atomic<const T*>& cell) noexcept
      : opened_(epoch::enter()), ptr_(cell.load(std::memory_order_acquire)) {
    }
    epoch::section opened_; // declared first: enter() runs before the load
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
  /// the calling thread's first read. Bind the result to a name:
  /// `auto v = cell.read(); use(v->field);`.
  [[nodiscard]] reader read() const noexcept {
    return reader{current_};
  }

  /// Calls `f(const T&)` on the current value inside a read section and
  /// returns its result by value (`cell.with([](auto& v) { return
  /// v.version; })`). A raw pointer result is refused: it would point into
  /// a value that is no longer pinned.
  template <class F>
  auto with(F&& f) const {
    reader r = read();
    using result = std::decay_t<std::invoke_result_t<F, const T&>>;
    static_assert(!std::is_pointer_v<result>,
                  "view_cell::with: do not return a pointer into the view");
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

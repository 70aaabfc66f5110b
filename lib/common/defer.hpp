#pragma once

// A scope guard: `auto stop_x = defer([&] { x.stop(); });` right after
// `x.start()`, so every start is followed by its stop and leaving the scope
// (normally or by an early return) undoes the starts in reverse order.

#include <utility>

namespace hummel {

/// Runs a function when it goes out of scope, unless dismissed.
template <class F>
class [[nodiscard]] deferred {
public:
  explicit deferred(F f) : f_(std::move(f)) {
    // nop
  }

  deferred(const deferred&) = delete;
  deferred& operator=(const deferred&) = delete;

  ~deferred() {
    if (armed_)
      f_();
  }

  /// Runs the function now (once).
  void run() {
    if (std::exchange(armed_, false))
      f_();
  }

private:
  F f_;
  bool armed_ = true;
};

/// Returns a guard that calls `f` at the end of the scope.
template <class F>
deferred<F> defer(F f) {
  return deferred<F>{std::move(f)};
}

} // namespace hummel

#pragma once

// The restart rules, as a pure function (tested without actors).

#include "config/project_config.hpp"

#include <chrono>
#include <cstdint>

namespace hummel::detail {

/// First backoff delay; doubles with every consecutive restart.
inline constexpr std::chrono::milliseconds backoff_base{1000};
/// Cap of the backoff delay.
inline constexpr std::chrono::milliseconds backoff_cap{60000};
/// A run this long resets the backoff and the consecutive count.
inline constexpr std::chrono::milliseconds stable_after{30000};

/// What to do after a run ended.
struct restart_decision {
  bool restart = false;
  /// max_restarts reached: the process stays down as `crashed`.
  bool crashed = false;
  std::chrono::milliseconds delay{0};
  /// Consecutive restarts after this decision.
  uint32_t consecutive = 0;
};

/// Decides whether a run that ended (`exit_code`, `signal`, `requested`
/// stop) after `ran_for` is restarted, given `consecutive` restarts so far.
restart_decision decide_restart(restart_policy policy, int exit_code,
                                int signal, bool requested,
                                std::chrono::milliseconds ran_for,
                                uint32_t consecutive, uint32_t max_restarts);

/// The backoff before restart number `n` (0-based): 1 s, 2 s, 4 s, … 60 s.
std::chrono::milliseconds backoff_delay(uint32_t n);

} // namespace hummel::detail

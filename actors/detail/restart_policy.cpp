#include "actors/detail/restart_policy.hpp"

namespace hummel::detail {

std::chrono::milliseconds backoff_delay(uint32_t n) {
  auto d = backoff_base;
  for (uint32_t i = 0; i < n && d < backoff_cap; ++i)
    d *= 2;
  return d < backoff_cap ? d : backoff_cap;
}

restart_decision decide_restart(restart_policy policy, int exit_code,
                                int signal, bool requested,
                                std::chrono::milliseconds ran_for,
                                uint32_t consecutive, uint32_t max_restarts) {
  restart_decision result;
  if (ran_for >= stable_after)
    consecutive = 0;
  result.consecutive = consecutive;
  if (requested || policy == restart_policy::no)
    return result;
  bool failed = exit_code != 0 || signal != 0;
  if (policy == restart_policy::on_failure && !failed)
    return result;
  if (consecutive >= max_restarts) {
    result.crashed = true;
    return result;
  }
  result.restart = true;
  result.delay = backoff_delay(consecutive);
  result.consecutive = consecutive + 1;
  return result;
}

} // namespace hummel::detail

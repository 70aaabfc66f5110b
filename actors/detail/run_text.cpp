#include "actors/detail/run_text.hpp"

#include <cstdio>
#include <cstring>

namespace hummel::detail {

std::string join_words(const std::vector<std::string>& xs) {
  std::string result;
  for (const auto& x : xs) {
    if (!result.empty())
      result += ' ';
    result += x;
  }
  return result;
}

std::string end_text(int32_t code, int32_t sig, bool requested,
                     std::chrono::milliseconds ran_for) {
  char secs[32];
  std::snprintf(secs, sizeof(secs), "%.1f s", ran_for.count() / 1000.0);
  if (requested)
    return std::string{"stopped after "} + secs
           + (sig != 0 ? " (signal " + std::to_string(sig) + ")" : "");
  if (sig != 0)
    return "ended by signal " + std::to_string(sig) + " (" + strsignal(sig)
           + ") after " + secs;
  return "exited with code " + std::to_string(code) + " after " + secs;
}

} // namespace hummel::detail

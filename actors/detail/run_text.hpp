#pragma once

// Texts the PROCESS actor writes about its runs: the command line it shows
// and its own log records ("exited with code 3 after 1.2 s").

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace hummel::detail {

/// The words joined by single spaces.
std::string join_words(const std::vector<std::string>& xs);

/// How a run ended, for the process's log: "exited with code 3 after
/// 1.2 s", "ended by signal 9 (Killed) after 0.3 s", "stopped after 0.4 s
/// (signal 15)".
std::string end_text(int32_t code, int32_t sig, bool requested,
                     std::chrono::milliseconds ran_for);

} // namespace hummel::detail

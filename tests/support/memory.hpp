#pragma once

// Resident memory of the test process, and whether a bound on it means
// anything in this build. Under AddressSanitizer freed blocks sit in a
// quarantine (256 MB by default) and every block carries redzones; under
// ThreadSanitizer the shadow memory grows with what is touched. An RSS bound
// then measures the sanitizer, not the code: such tests keep their logical
// bounds (queue lengths, budgets, backlogs) and check RSS only in plain
// builds.

#include "tests/support/build_kind.hpp"

#include <unistd.h>

#include <cstddef>
#include <cstdio>

namespace hummel::test {

inline constexpr bool rss_is_meaningful = !under_sanitizer;

/// Resident set size of this process in bytes (0 when /proc is unreadable).
inline std::size_t rss_bytes() {
  long pages = 0;
  long resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
      resident = 0;
    std::fclose(f);
  }
  return static_cast<std::size_t>(resident)
         * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

} // namespace hummel::test

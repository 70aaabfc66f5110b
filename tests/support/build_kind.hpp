#pragma once

// What kind of build the tests run in. Under AddressSanitizer or
// ThreadSanitizer code runs 2–20 times slower and memory holds redzones,
// quarantine and shadow: tests keep their logical checks (counts, bounds,
// ratios) there and check absolute times and RSS only in plain builds.

namespace hummel::test {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool under_sanitizer = true;
#else
inline constexpr bool under_sanitizer = false;
#endif

/// How soon a daemon that refuses to start (a bad configuration, an
/// unwritable state folder) has exited: at once, not after reading for
/// ever. A sanitizer build beside other tests took 1.7 s to start and exit.
inline constexpr double quick_exit_s = under_sanitizer ? 5.0 : 1.0;

} // namespace hummel::test

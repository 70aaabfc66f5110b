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

} // namespace hummel::test

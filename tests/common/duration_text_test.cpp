#include "common/duration_text.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>

namespace {

TEST(coarse_duration, writes_two_units_from_a_minute_to_days) {
  EXPECT_EQ(hummel::coarse_duration(60), "1m00s");
  EXPECT_EQ(hummel::coarse_duration(3599), "59m59s");
  EXPECT_EQ(hummel::coarse_duration(3600 + 5 * 60 + 9), "1h05m");
  EXPECT_EQ(hummel::coarse_duration(86400 * 2 + 3 * 3600), "2d03h");
}

TEST(coarse_duration, writes_what_printf_wrote) {
  // std::to_chars took the place of snprintf: the same text everywhere.
  auto old = [](long long s) {
    char buf[64];
    if (s < 3600)
      std::snprintf(buf, sizeof(buf), "%lldm%02llds", s / 60, s % 60);
    else if (s < 86400)
      std::snprintf(buf, sizeof(buf), "%lldh%02lldm", s / 3600, (s / 60) % 60);
    else
      std::snprintf(buf, sizeof(buf), "%lldd%02lldh", s / 86400,
                    (s / 3600) % 24);
    return std::string{buf};
  };
  for (long long s = -100; s < 200000; s += 7)
    ASSERT_EQ(hummel::coarse_duration(s), old(s)) << s;
  auto big = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(hummel::coarse_duration(big), old(big));
}

} // namespace

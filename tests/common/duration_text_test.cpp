#include "common/duration_text.hpp"

#include <gtest/gtest.h>

namespace {

TEST(coarse_duration, writes_two_units_from_a_minute_to_days) {
  EXPECT_EQ(hummel::coarse_duration(60), "1m00s");
  EXPECT_EQ(hummel::coarse_duration(3599), "59m59s");
  EXPECT_EQ(hummel::coarse_duration(3600 + 5 * 60 + 9), "1h05m");
  EXPECT_EQ(hummel::coarse_duration(86400 * 2 + 3 * 3600), "2d03h");
}

} // namespace

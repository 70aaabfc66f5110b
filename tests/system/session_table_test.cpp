// The HTTP gateway's session table: a cap with the longest idle evicted,
// expiry after idleness, busy sessions kept (finding 4 of issue 11).

#include "main/daemon/session_table.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using clk = std::chrono::steady_clock;

TEST(session_table, beyond_the_cap_the_longest_idle_is_evicted) {
  hummel::session_table<int> t{2, 30min};
  auto t0 = clk::time_point{} + 1h;
  std::vector<int> evicted;
  ASSERT_TRUE(t.add("a", 1, t0, evicted));
  ASSERT_TRUE(t.add("b", 2, t0 + 1s, evicted));
  EXPECT_EQ(t.use("a", t0 + 2s, false), 1); // a used after b
  ASSERT_TRUE(t.add("c", 3, t0 + 3s, evicted));
  EXPECT_EQ(evicted, std::vector<int>{2});
  EXPECT_FALSE(t.use("b", t0 + 4s, false));
  EXPECT_EQ(t.size(), 2u);
}

TEST(session_table, busy_sessions_are_neither_evicted_nor_expired) {
  hummel::session_table<int> t{2, 10s};
  auto t0 = clk::time_point{} + 1h;
  std::vector<int> evicted;
  ASSERT_TRUE(t.add("a", 1, t0, evicted));
  ASSERT_TRUE(t.add("b", 2, t0, evicted));
  ASSERT_TRUE(t.use("a", t0, true)); // a stream open on a
  ASSERT_TRUE(t.use("b", t0, true));
  EXPECT_FALSE(t.add("c", 3, t0 + 1s, evicted)); // all busy: refused
  EXPECT_TRUE(evicted.empty());
  EXPECT_TRUE(t.expire(t0 + 1h).empty());
  t.end("b", t0 + 1h);
  EXPECT_TRUE(t.expire(t0 + 1h + 5s).empty()); // idle 5 s only
  EXPECT_EQ(t.expire(t0 + 1h + 10s), std::vector<int>{2});
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.take_all(), std::vector<int>{1});
}

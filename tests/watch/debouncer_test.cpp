#include "watch/debouncer.hpp"

#include <gtest/gtest.h>

using namespace hummel::watch;
using namespace std::chrono_literals;

namespace {

clock_type::time_point at(std::chrono::milliseconds ms) {
  return clock_type::time_point{ms};
}

} // namespace

TEST(debouncer, a_single_change_fires_after_the_delay) {
  debouncer d;
  d.note("web", "src/app.ts", at(1000ms), 300ms);
  EXPECT_EQ(d.next_due(), at(1300ms));
  EXPECT_TRUE(d.take_due(at(1299ms)).empty());
  auto due = d.take_due(at(1300ms));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key, "web");
  EXPECT_EQ(reason_of(due[0]), "file changed: src/app.ts");
  EXPECT_FALSE(d.next_due());
}

TEST(debouncer, a_thousand_writes_over_one_second_fire_once_after_the_last) {
  debouncer d;
  size_t fired = 0;
  for (int i = 0; i < 1000; ++i) {
    auto now = at(std::chrono::milliseconds{i});
    fired += d.take_due(now).size();
    d.note("web", "src/file" + std::to_string(i % 10) + ".ts", now, 300ms);
  }
  for (int t = 1000; t < 5000; t += 7)
    fired += d.take_due(at(std::chrono::milliseconds{t})).size();
  EXPECT_EQ(fired, 1u);
}

TEST(debouncer, the_window_is_measured_from_the_last_change) {
  debouncer d;
  d.note("web", "a.ts", at(0ms), 300ms);
  d.note("web", "a.ts", at(250ms), 300ms);
  EXPECT_TRUE(d.take_due(at(300ms)).empty());
  EXPECT_EQ(d.next_due(), at(550ms));
  EXPECT_EQ(d.take_due(at(550ms)).size(), 1u);
}

TEST(debouncer, a_burst_that_never_pauses_fires_at_ten_delays) {
  debouncer d;
  size_t fired = 0;
  int first_fire = -1;
  for (int i = 0; i <= 3000; i += 10) {
    auto due = d.take_due(at(std::chrono::milliseconds{i}));
    if (!due.empty() && first_fire < 0)
      first_fire = i;
    fired += due.size();
    d.note("web", "a.ts", at(std::chrono::milliseconds{i}), 300ms);
  }
  EXPECT_EQ(first_fire, 3000);
  EXPECT_EQ(fired, 1u);
}

TEST(debouncer, the_first_path_is_named_and_the_others_counted_once) {
  debouncer d;
  d.note("web", "src/app.ts", at(0ms), 100ms);
  d.note("web", "src/b.ts", at(1ms), 100ms);
  d.note("web", "src/app.ts", at(2ms), 100ms);
  d.note("web", "src/c.ts", at(3ms), 100ms);
  d.note("web", "src/b.ts", at(4ms), 100ms);
  auto due = d.take_due(at(1s));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(reason_of(due[0]), "file changed: src/app.ts (+2 more)");
}

TEST(debouncer, keys_are_debounced_apart) {
  debouncer d;
  d.note("web", "a.ts", at(0ms), 100ms);
  d.note("api", "b.go", at(50ms), 100ms);
  auto first = d.take_due(at(100ms));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].key, "web");
  auto second = d.take_due(at(150ms));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].key, "api");
}

TEST(debouncer, an_overflow_counts_as_a_change_and_says_so) {
  debouncer d;
  d.note_overflow("web", at(0ms), 300ms);
  auto due = d.take_due(at(300ms));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_TRUE(due[0].overflow);
  EXPECT_EQ(reason_of(due[0]),
            "files changed (events lost: inotify queue overflow)");
  d.note("web", "a.ts", at(1s), 300ms);
  d.note_overflow("web", at(1s), 300ms);
  EXPECT_EQ(reason_of(d.take_due(at(2s)).at(0)),
            "file changed: a.ts and more (events lost: inotify queue "
            "overflow)");
}

TEST(debouncer, a_zero_delay_fires_at_once) {
  debouncer d;
  d.note("web", "a.ts", at(5ms), 0ms);
  EXPECT_EQ(d.take_due(at(5ms)).size(), 1u);
}

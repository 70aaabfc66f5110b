// The record store: repeats count up, the oldest go, filters.

#include "errors/store.hpp"

#include <gtest/gtest.h>

namespace hummel::errors {
namespace {

group make(std::string message, uint32_t line = 1,
           severity level = severity::error) {
  group g;
  g.kind = "gcc";
  g.message = std::move(message);
  g.file = "a.c";
  g.line = line;
  g.level = level;
  g.lines = {"a.c:1:1: error: " + g.message};
  return g;
}

TEST(store, the_same_error_again_counts_up_instead_of_adding) {
  store s;
  auto id = s.add(make("boom"), 1, "stderr", 100).id;
  s.add(make("other"), 1, "stderr", 150);
  const auto& again = s.add(make("boom"), 2, "stderr", 200);
  EXPECT_EQ(again.id, id);
  EXPECT_EQ(again.count, 2u);
  EXPECT_EQ(again.run, 2u);
  EXPECT_EQ(again.first_ms, 100);
  EXPECT_EQ(again.last_ms, 200);
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.newest()->id, id);
}

TEST(store, a_different_location_is_a_different_record) {
  store s;
  s.add(make("boom", 1), 1, "stderr", 1);
  s.add(make("boom", 2), 1, "stderr", 2);
  EXPECT_EQ(s.size(), 2u);
}

TEST(store, only_the_newest_are_kept) {
  store s{3};
  for (int i = 0; i < 5; ++i)
    s.add(make("e" + std::to_string(i)), 1, "stderr", i);
  auto all = s.newest_first(10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].found.message, "e4");
  EXPECT_EQ(all[2].found.message, "e2");
  EXPECT_EQ(s.errors(), 3u);
}

TEST(store, filters_by_time_and_severity) {
  store s;
  s.add(make("old"), 1, "stderr", 10);
  s.add(make("warn", 1, severity::warning), 1, "stderr", 20);
  s.add(make("new"), 1, "stderr", 30);
  EXPECT_EQ(s.newest_first(10, 20).size(), 2u);
  auto errors_only = s.newest_first(10, {}, severity::error);
  ASSERT_EQ(errors_only.size(), 2u);
  EXPECT_EQ(s.errors(), 2u);
  s.clear();
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.add(make("again"), 1, "stderr", 40).id, 4u);
}

} // namespace
} // namespace hummel::errors

#include "common/defer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hummel {
namespace {

TEST(defer, stops_run_in_reverse_order_of_the_starts) {
  std::string log;
  {
    auto a = defer([&] { log += "a"; });
    auto b = defer([&] { log += "b"; });
    auto c = defer([&] { log += "c"; });
  }
  EXPECT_EQ(log, "cba");
}

TEST(defer, an_early_return_undoes_only_what_started) {
  std::string log;
  auto start = [&](bool second_fails) {
    auto a = defer([&] { log += "a"; });
    if (second_fails)
      return;
    auto b = defer([&] { log += "b"; });
  };
  start(true);
  EXPECT_EQ(log, "a");
  log.clear();
  start(false);
  EXPECT_EQ(log, "ba");
}

TEST(defer, run_now_runs_once) {
  int n = 0;
  {
    auto a = defer([&] { ++n; });
    a.run();
    a.run();
    EXPECT_EQ(n, 1);
  }
  EXPECT_EQ(n, 1);
}

} // namespace
} // namespace hummel

#include "common/log.hpp"

#include <gtest/gtest.h>

namespace hummel {
namespace {

TEST(log, one_named_logger_per_component) {
  using log::component;
  EXPECT_EQ(log::get(component::daemon)->name(), "daemon");
  EXPECT_EQ(log::get(component::net)->name(), "net");
  EXPECT_EQ(log::get(component::cluster)->name(), "cluster");
  EXPECT_EQ(log::get(component::tls)->name(), "tls");
  EXPECT_NE(log::get(component::mcp), log::get(component::reactor));
}

TEST(log, configure_sets_every_level_in_one_place) {
  log::configure({"warn", false});
  for (auto c :
       {log::component::daemon, log::component::reactor, log::component::net,
        log::component::mcp, log::component::cluster, log::component::tls})
    EXPECT_EQ(log::get(c)->level(), spdlog::level::warn);
  log::configure({"info", false});
  EXPECT_EQ(log::get(log::component::net)->level(), spdlog::level::info);
}

TEST(log, levels_below_the_compile_time_level_cost_nothing) {
  int evaluated = 0;
  auto count = [&evaluated] { return ++evaluated; };
  HUMMEL_LOG_TRACE(daemon, "{}", count());
#if SPDLOG_ACTIVE_LEVEL > SPDLOG_LEVEL_TRACE
  EXPECT_EQ(evaluated, 0) << "a trace call compiled in";
#endif
  log::configure({"off", false});
  HUMMEL_LOG_ERROR(daemon, "{}", count());
  // Above the compile-time level the call exists (and evaluates its
  // arguments); the run-time level then drops the line.
  EXPECT_EQ(evaluated, SPDLOG_ACTIVE_LEVEL > SPDLOG_LEVEL_TRACE ? 1 : 2);
  log::configure({"info", false});
}

} // namespace
} // namespace hummel

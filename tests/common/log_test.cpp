#include "common/log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

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

TEST(log, a_call_formats_its_arguments_in_one_place) {
  // The macros hand fmt's type-erased arguments to log::write: numbers,
  // floats and strings come out as spdlog's own formatting gave them.
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  sink->set_pattern("%l %n %v");
  auto* lg = log::get(log::component::net);
  auto saved = lg->sinks();
  lg->sinks().assign(1, sink);
  std::string who = "accept";
  HUMMEL_LOG_WARN(net, "{} failed {} times in {:.1f} s: {}", who, 3, 1.5,
                  std::string_view{"EMFILE"});
  HUMMEL_LOG_DEBUG(net, "below the run-time level: {}", 1);
  lg->sinks() = saved;
  EXPECT_EQ(out.str(), "warning net accept failed 3 times in 1.5 s: EMFILE\n");
}

} // namespace
} // namespace hummel

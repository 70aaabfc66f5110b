#include "common/log.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
/// An argument whose formatter throws.
struct throws_when_formatted {};
} // namespace

template <>
struct fmt::formatter<throws_when_formatted>
  : fmt::formatter<std::string_view> {
  auto format(const throws_when_formatted&, fmt::format_context&) const
    -> fmt::format_context::iterator {
    throw std::runtime_error("no text for this");
  }
};

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

/// The lines one component's logger writes while it lives ("%l %n %v");
/// its sinks come back at the end.
class captured_log {
public:
  explicit captured_log(log::component c)
    : logger_(log::get(c)), saved_(logger_->sinks()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    sink->set_pattern("%l %n %v");
    logger_->sinks().assign(1, sink);
  }
  ~captured_log() {
    logger_->sinks() = saved_;
  }
  std::string text() const {
    return out_.str();
  }

private:
  std::ostringstream out_;
  spdlog::logger* logger_;
  std::vector<spdlog::sink_ptr> saved_;
};

TEST(log, a_call_formats_its_arguments_in_one_place) {
  // The macros hand fmt's type-erased arguments to log::write: numbers,
  // floats and strings come out as spdlog's own formatting gave them.
  captured_log out{log::component::net};
  std::string who = "accept";
  HUMMEL_LOG_WARN(net, "{} failed {} times in {:.1f} s: {}", who, 3, 1.5,
                  std::string_view{"EMFILE"});
  HUMMEL_LOG_DEBUG(net, "below the run-time level: {}", 1);
  EXPECT_EQ(out.text(), "warning net accept failed 3 times in 1.5 s: EMFILE\n");
}

TEST(log, a_line_that_cannot_be_formatted_is_reported_not_thrown) {
  // spdlog's templates caught what formatting threw; log::write must too
  // (a log call in an actor's handler would otherwise end the actor).
  captured_log out{log::component::daemon};
  EXPECT_NO_THROW(
    HUMMEL_LOG_ERROR(daemon, "value {}", throws_when_formatted{}));
  HUMMEL_LOG_ERROR(daemon, "next {}", 2);
  EXPECT_EQ(out.text(), "error daemon [cannot format \"value {}\": no text "
                        "for this]\nerror daemon next 2\n");
}

} // namespace
} // namespace hummel

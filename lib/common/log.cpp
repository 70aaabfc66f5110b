#include "common/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <exception>
#include <memory>
#include <string_view>

namespace hummel::log {

namespace {

constexpr std::array<const char*, static_cast<size_t>(component::count)> names{
  "daemon", "reactor", "net", "mcp", "cluster", "tls"};

// The daemon's console format: its lines sit between the processes' output.
constexpr const char* pattern = "%H:%M:%S %^%l%$ %v";

using logger_array = std::array<std::shared_ptr<spdlog::logger>, names.size()>;

std::shared_ptr<spdlog::sinks::sink> make_sink(bool color) {
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (color)
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  else
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  sink->set_pattern(pattern);
  return sink;
}

logger_array& loggers() {
  static logger_array all = [] {
    logger_array result;
    auto sink = make_sink(true);
    for (size_t i = 0; i < names.size(); ++i) {
      result[i] = std::make_shared<spdlog::logger>(names[i], sink);
      result[i]->set_level(spdlog::level::info);
    }
    return result;
  }();
  return all;
}

static_assert(static_cast<int>(level::trace) == spdlog::level::trace
              && static_cast<int>(level::critical) == spdlog::level::critical);

} // namespace

spdlog::logger* get(component c) noexcept {
  return loggers()[static_cast<size_t>(c)].get();
}

bool enabled(component c, level lvl) noexcept {
  return get(c)->should_log(static_cast<spdlog::level::level_enum>(lvl));
}

void write(component c, level lvl, fmt::string_view f, fmt::format_args args) {
  // As spdlog's own templates did: a line that cannot be formatted is
  // reported in its place, never thrown into the caller (an actor).
  fmt::memory_buffer line;
  try {
    fmt::vformat_to(fmt::appender(line), f, args);
  } catch (const std::exception& e) {
    line.clear();
    fmt::format_to(fmt::appender(line), "[cannot format \"{}\": {}]",
                   std::string_view{f.data(), f.size()}, e.what());
  }
  get(c)->log(static_cast<spdlog::level::level_enum>(lvl),
              spdlog::string_view_t(line.data(), line.size()));
}

void configure(const settings& s) {
  auto sink = make_sink(s.color);
  auto level = spdlog::level::from_str(s.level);
  for (auto& lg : loggers()) {
    lg->sinks().assign(1, sink);
    lg->set_level(level);
  }
}

} // namespace hummel::log

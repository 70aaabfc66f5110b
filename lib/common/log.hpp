#pragma once

// One logging facility: a named spdlog logger per component, reached through
// the HUMMEL_LOG_* macros, which honour the compile-time level
// (SPDLOG_ACTIVE_LEVEL: debug in Debug builds, info otherwise; calls below it
// compile to nothing, arguments unevaluated). `log::configure` is the one
// place that sets sinks, pattern and level; until it runs, every logger
// writes to stderr at level info.
//
//   HUMMEL_LOG_WARN(net, "accept failed: {}", ec.message());
//
// Thread safety: the loggers are created once (thread-safe static
// initialisation) and use spdlog's multi-threaded sinks; any thread may log.
// `configure` swaps sinks and should run before other threads start.

#include <spdlog/spdlog.h>

#include <string>

namespace hummel::log {

/// The components, one logger each, named as they appear in `--log-level`
/// overrides and in the pattern's %n.
enum class component { daemon, reactor, net, mcp, cluster, tls, count };

/// The logger of `c`.
spdlog::logger* get(component c) noexcept;

/// Sinks and levels for every logger.
struct settings {
  /// trace, debug, info, warn, error, critical or off.
  std::string level = "info";
  /// Colour on a terminal.
  bool color = true;
};

/// Applies `s` to every logger.
void configure(const settings& s);

} // namespace hummel::log

#define HUMMEL_LOG_IMPL(lvl, comp, ...)                                        \
  SPDLOG_LOGGER_##lvl(::hummel::log::get(::hummel::log::component::comp),      \
                      __VA_ARGS__)
#define HUMMEL_LOG_TRACE(comp, ...) HUMMEL_LOG_IMPL(TRACE, comp, __VA_ARGS__)
#define HUMMEL_LOG_DEBUG(comp, ...) HUMMEL_LOG_IMPL(DEBUG, comp, __VA_ARGS__)
#define HUMMEL_LOG_INFO(comp, ...) HUMMEL_LOG_IMPL(INFO, comp, __VA_ARGS__)
#define HUMMEL_LOG_WARN(comp, ...) HUMMEL_LOG_IMPL(WARN, comp, __VA_ARGS__)
#define HUMMEL_LOG_ERROR(comp, ...) HUMMEL_LOG_IMPL(ERROR, comp, __VA_ARGS__)
#define HUMMEL_LOG_CRITICAL(comp, ...)                                         \
  HUMMEL_LOG_IMPL(CRITICAL, comp, __VA_ARGS__)

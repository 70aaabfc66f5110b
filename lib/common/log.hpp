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

#include <fmt/core.h>

#include <string>

// spdlog's level numbers, for SPDLOG_ACTIVE_LEVEL (set by CMake) without
// its headers here (the same tokens as spdlog/common.h, so both may be
// included).
#ifndef SPDLOG_LEVEL_TRACE
#  define SPDLOG_LEVEL_TRACE 0
#  define SPDLOG_LEVEL_DEBUG 1
#  define SPDLOG_LEVEL_INFO 2
#  define SPDLOG_LEVEL_WARN 3
#  define SPDLOG_LEVEL_ERROR 4
#  define SPDLOG_LEVEL_CRITICAL 5
#  define SPDLOG_LEVEL_OFF 6
#endif
#ifndef SPDLOG_ACTIVE_LEVEL
#  define SPDLOG_ACTIVE_LEVEL SPDLOG_LEVEL_INFO
#endif

namespace spdlog {
class logger;
} // namespace spdlog

namespace hummel::log {

/// The components, one logger each, named as they appear in `--log-level`
/// overrides and in the pattern's %n.
enum class component { daemon, reactor, net, mcp, cluster, tls, count };

/// spdlog's levels, in its order.
enum class level { trace, debug, info, warn, error, critical };

/// The logger of `c`.
spdlog::logger* get(component c) noexcept;

/// Whether the logger of `c` writes lines of level `lvl` now.
bool enabled(component c, level lvl) noexcept;

/// Formats `f` with `args` and hands the line to the logger of `c`; a
/// line that cannot be formatted (a formatter that throws) is replaced by
/// a note that says so, nothing is thrown.
///
/// The formatting runs in libfmt and this one function: a call site
/// instantiates no formatting code of its own. (spdlog's own templates,
/// with C++20's constexpr fmt, put a copy of fmt's float formatting,
/// about 14 KB, into every file that logged: 25 copies in the daemon.)
void write(component c, level lvl, fmt::string_view f, fmt::format_args args);

/// Writes one line when `c` writes `lvl`; `f` is checked at compile time.
template <class... Ts>
void emit(component c, level lvl, fmt::format_string<Ts...> f, Ts&&... xs) {
  if (enabled(c, lvl))
    write(c, lvl, f, fmt::make_format_args(xs...));
}

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
  ::hummel::log::emit(::hummel::log::component::comp,                          \
                      ::hummel::log::level::lvl, __VA_ARGS__)
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_TRACE
#  define HUMMEL_LOG_TRACE(comp, ...) HUMMEL_LOG_IMPL(trace, comp, __VA_ARGS__)
#else
#  define HUMMEL_LOG_TRACE(comp, ...) (void)0
#endif
#if SPDLOG_ACTIVE_LEVEL <= SPDLOG_LEVEL_DEBUG
#  define HUMMEL_LOG_DEBUG(comp, ...) HUMMEL_LOG_IMPL(debug, comp, __VA_ARGS__)
#else
#  define HUMMEL_LOG_DEBUG(comp, ...) (void)0
#endif
#define HUMMEL_LOG_INFO(comp, ...) HUMMEL_LOG_IMPL(info, comp, __VA_ARGS__)
#define HUMMEL_LOG_WARN(comp, ...) HUMMEL_LOG_IMPL(warn, comp, __VA_ARGS__)
#define HUMMEL_LOG_ERROR(comp, ...) HUMMEL_LOG_IMPL(error, comp, __VA_ARGS__)
#define HUMMEL_LOG_CRITICAL(comp, ...)                                         \
  HUMMEL_LOG_IMPL(critical, comp, __VA_ARGS__)

#pragma once

// The values of a response line as the status table reads them (for
// status_line.cpp's handler): what kind a value is, which field it is, and
// how its text becomes a row's.
//
// Thread safety: pure functions.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace hummel::cli::status_values {

enum class value_kind { null, yes, no, number, string };

/// The fields the table reads, and any other.
enum class fid : uint8_t {
  name,
  status,
  pid,
  exit_code,
  signal,
  node,
  restart_reason,
  log_degraded,
  ready,
  uptime_ms,
  restarts,
  error_count,
  cpu_percent,
  rss_bytes,
  urls,
  other
};

inline fid id_of(std::string_view k) {
  static constexpr std::string_view names[]
    = {"name",     "status",         "pid",          "exit_code", "signal",
       "node",     "restart_reason", "log_degraded", "ready",     "uptime_ms",
       "restarts", "error_count",    "cpu_percent",  "rss_bytes", "urls"};
  for (size_t i = 0; i < std::size(names); ++i)
    if (names[i] == k)
      return static_cast<fid>(i);
  return fid::other;
}

/// The whole text is one number of type T (a fraction or an exponent
/// fails for an integer type, as does a value out of its range).
template <class T>
bool parse(std::string_view v, T& out) {
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc{} && end == v.data() + v.size();
}

template <class T>
bool parse(std::string_view v, std::optional<T>& out) {
  T x{};
  if (!parse(v, x))
    return false;
  out = x;
  return true;
}

inline bool is_integer(std::string_view v) {
  return v.find_first_of(".eE") == std::string_view::npos;
}

/// A string as is, a whole number as its text, null as nullopt; false
/// for anything else (the general path dumps it).
inline bool text(value_kind kind, std::string_view v,
                 std::optional<std::string>& out) {
  switch (kind) {
  case value_kind::null:
    out.reset();
    return true;
  case value_kind::string:
    out.emplace(v);
    return true;
  case value_kind::number:
    if (!is_integer(v))
      return false;
    out.emplace(v);
    return true;
  default:
    return false;
  }
}

/// exit_code and signal: only a number counts, and only a whole one.
inline bool number(value_kind kind, std::string_view v,
                   std::optional<std::string>& out) {
  out.reset();
  if (kind != value_kind::number)
    return true;
  if (!is_integer(v))
    return false;
  out.emplace(v);
  return true;
}

} // namespace hummel::cli::status_values

#pragma once

// The keys hummel.toml accepts, table by table: the one list the readers
// check unknown keys against and `known_config_keys()` (config/load.hpp)
// reports, so the user guide's reference table is tested against the very
// lists the parser uses. Not part of the public API.

#include <array>
#include <string_view>

namespace hummel::config_detail::keys {

/// The top level: one table each.
inline constexpr std::array<std::string_view, 5> top{"daemon", "mcp", "cluster",
                                                     "errors", "processes"};

/// `[daemon]`.
inline constexpr std::array<std::string_view, 10> daemon{
  "http",
  "grace_period",
  "log_file_max_bytes",
  "log_file_count",
  "reload",
  "output_budget",
  "max_connections",
  "max_connections_per_address",
  "header_timeout",
  "idle_timeout"};

/// `[errors]`.
inline constexpr std::array<std::string_view, 1> errors{"matchers"};

/// `[mcp]`.
inline constexpr std::array<std::string_view, 4> mcp{
  "allow_commands", "token", "session_idle_timeout", "max_sessions"};

/// `[cluster]`; `tls` is a table of `tls_table`.
inline constexpr std::array<std::string_view, 5> cluster{
  "node", "listen", "peers", "tls", "allow_remote_control"};

/// `[cluster] tls = { ... }`.
inline constexpr std::array<std::string_view, 3> tls_table{"cert", "key", "ca"};

/// `[processes.<name>]`; `ready` is a table of `ready_table`.
inline constexpr std::array<std::string_view, 17> process{
  "command",      "argv",          "cwd",           "env",           "env_file",
  "autostart",    "restart",       "max_restarts",  "depends_on",    "ready",
  "stop_signal",  "grace_period",  "log_max_lines", "log_max_bytes", "watch",
  "watch_ignore", "watch_debounce"};

/// `[processes.<name>] ready = { ... }` (exactly one of them).
inline constexpr std::array<std::string_view, 3> ready_table{"log", "tcp",
                                                             "http"};

} // namespace hummel::config_detail::keys

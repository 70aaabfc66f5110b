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

/// Another tool's name for a key of hummel's.
struct alias {
  std::string_view theirs;
  std::string_view ours;
};

/// What Docker Compose, supervisord, PM2, process-compose and others call
/// `[processes.<name>]` keys: an unknown key among them names hummel's
/// (`cmd` is one edit from `cwd`, but meant `command`).
inline constexpr std::array<alias, 28> process_aliases{{
  {"cmd", "command"},
  {"script", "command"},
  {"exec", "command"},
  {"args", "argv"},
  {"working_dir", "cwd"},
  {"workdir", "cwd"},
  {"working_directory", "cwd"},
  {"directory", "cwd"},
  {"environment", "env"},
  {"env_files", "env_file"},
  {"envfile", "env_file"},
  {"dotenv", "env_file"},
  {"autorestart", "restart"},
  {"restart_policy", "restart"},
  {"startretries", "max_restarts"},
  {"max_restart", "max_restarts"},
  {"depends", "depends_on"},
  {"dependencies", "depends_on"},
  {"readiness_probe", "ready"},
  {"healthcheck", "ready"},
  {"health_check", "ready"},
  {"stopsignal", "stop_signal"},
  {"kill_signal", "stop_signal"},
  {"stopwaitsecs", "grace_period"},
  {"kill_timeout", "grace_period"},
  {"stop_timeout", "grace_period"},
  {"ignore_watch", "watch_ignore"},
  {"watch_delay", "watch_debounce"},
}};

/// `[processes.<name>] ready = { ... }` (exactly one of them).
inline constexpr std::array<std::string_view, 3> ready_table{"log", "tcp",
                                                             "http"};

} // namespace hummel::config_detail::keys

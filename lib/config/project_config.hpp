#pragma once

// The project's configuration as plain data: what hummel.toml and
// package.json describe, validated and resolved. Built once by
// `load_project` (config/load.hpp) and then only read; safe to share
// between threads as const.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace hummel {

/// When the SUPERVISOR restarts a process after its run ends.
enum class restart_policy : uint8_t { no, on_failure, always };

/// What a dependency must reach before its dependent starts.
enum class dep_condition : uint8_t { started, ready, completed };

/// Where a definition came from.
enum class process_kind : uint8_t { service, script };

/// How a process announces that it is ready.
struct readiness {
  enum class kind : uint8_t { none, log, tcp, http };
  kind type = kind::none;
  /// RE2 pattern matched against each output line (ANSI codes stripped).
  std::string log_pattern;
  /// Port on 127.0.0.1 that must accept a TCP connection.
  uint16_t tcp_port = 0;
  /// URL that must answer a GET with a 2xx status (http:// only).
  std::string http_url;
  bool operator==(const readiness&) const = default;
};

/// One `depends_on` entry.
struct dependency {
  std::string name;
  dep_condition condition = dep_condition::started;
  bool operator==(const dependency&) const = default;
};

/// One process definition, fully resolved.
struct process_def {
  std::string name;
  process_kind kind = process_kind::service;
  /// Shell command run through `/bin/sh -c`; empty when `argv` is set.
  std::string command;
  /// Program and arguments executed directly; empty when `command` is set.
  std::vector<std::string> argv;
  /// package.json scripts: the script's text (what `command` runs), so a
  /// reload sees it change; empty for hummel.toml processes.
  std::string script;
  /// Absolute working directory.
  std::filesystem::path cwd;
  /// Variables added to the daemon's environment: env_file entries first,
  /// then the `env` table (later entries win).
  std::vector<std::pair<std::string, std::string>> env;
  bool autostart = false;
  restart_policy restart = restart_policy::no;
  /// Restarts after which the process is `crashed` and stays down.
  uint32_t max_restarts = 10;
  std::vector<dependency> depends_on;
  readiness ready;
  int stop_signal = 15; // SIGTERM
  std::chrono::milliseconds grace_period{5000};
  /// Bounds of the in-memory log ring.
  size_t log_max_lines = 10000;
  size_t log_max_bytes = 8u << 20;
  /// Globs relative to `cwd` whose changes restart the process (see
  /// watch/glob.hpp); empty = no file watching.
  std::vector<std::string> watch;
  /// Globs left out of `watch`, besides `.git` and `node_modules`.
  std::vector<std::string> watch_ignore;
  /// Quiet time after the last change before the restart.
  std::chrono::milliseconds watch_debounce{300};
  /// Where the definition was written (for error messages).
  std::string source_file;
  int source_line = 0;
  /// Every field, the source location included (config/diff.hpp compares
  /// definitions without it).
  bool operator==(const process_def&) const = default;
};

/// The `[daemon]` table.
struct daemon_settings {
  /// MCP HTTP listen address, or "off".
  std::string http = "127.0.0.1:7777";
  /// True when the file names `http`: a taken port is then an error;
  /// the default moves to the next free port instead.
  bool http_explicit = false;
  std::chrono::milliseconds grace_period{5000};
  /// Rotation of the per-process log files.
  uint64_t log_file_max_bytes = 10u << 20;
  uint32_t log_file_count = 5;
  /// "auto": a change of hummel.toml or package.json reloads the
  /// configuration; "manual": only `hummel reload` and SIGHUP do.
  std::string reload = "auto";
  /// Bytes queued for clients that do not read them yet, across every
  /// connection and stream (HTTP and the unix socket); past it, a client
  /// holding more than its share is cut.
  uint64_t output_budget = 32u << 20;
  /// Open client connections per listener (HTTP, unix socket), and from
  /// one address on HTTP; more are refused (HTTP 503).
  uint32_t max_connections = 1024;
  uint32_t max_connections_per_address = 512;
  /// An HTTP request head must arrive within `header_timeout`; a
  /// keep-alive connection idle for `idle_timeout` is closed.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::milliseconds idle_timeout{300000};
};

/// The `[mcp]` table.
struct mcp_settings {
  /// Over HTTP, scripts_run may start ad-hoc commands (stdio and the unix
  /// socket always may).
  bool allow_commands = false;
  /// Bearer token required on HTTP; empty = generated when listening
  /// beyond loopback.
  std::string token;
  /// An HTTP session (Mcp-Session-Id) unused this long ends.
  std::chrono::milliseconds session_idle_timeout{30 * 60 * 1000};
  /// HTTP sessions at most; a new one ends the longest idle.
  uint32_t max_sessions = 1000;
};

/// `[cluster] tls`: certificates for authenticated links (mutual TLS).
struct tls_settings {
  /// This node's certificate chain (PEM).
  std::filesystem::path cert;
  /// This node's private key (PEM).
  std::filesystem::path key;
  /// The CA that signs every node's certificate (PEM).
  std::filesystem::path ca;
  /// True when links use TLS.
  bool enabled() const {
    return !cert.empty();
  }
};

/// The `[cluster]` table: this daemon as a node of a cluster.
struct cluster_settings {
  /// Node name; empty = the host name.
  std::string node;
  /// "host:port" where this node publishes its cluster interface; empty =
  /// not published. Without TLS only loopback hosts are allowed.
  std::string listen;
  /// "host:port" of every node to link to.
  std::vector<std::string> peers;
  tls_settings tls;
  /// Peers may start, stop and restart processes here (TLS links only).
  bool allow_remote_control = false;

  /// True when this daemon publishes or links to anything.
  bool enabled() const {
    return !listen.empty() || !peers.empty();
  }
};

/// The `[errors]` table: error detection in the processes' output.
struct errors_settings {
  /// User matcher files (problem-matcher JSON), absolute; parsed and
  /// compiled at daemon start (a bad one ends the start, exit 2).
  std::vector<std::filesystem::path> matchers;
};

/// Everything the daemon needs to know about one project.
struct project_config {
  /// Absolute project directory.
  std::filesystem::path dir;
  /// Stable identifier: `<basename>-<8 hex digits of a hash of dir>`.
  std::string project_id;
  /// Package manager for scripts: npm, pnpm, yarn or bun.
  std::string package_manager = "npm";
  daemon_settings daemon;
  mcp_settings mcp;
  cluster_settings cluster;
  errors_settings errors;
  /// Every definition, hummel.toml processes first (in a dependency-respecting
  /// order), then package.json scripts not shadowed by a process of the same
  /// name.
  std::vector<process_def> processes;
};

/// A configuration problem, located.
struct config_error {
  std::string file;
  int line = 0; // 0 when unknown
  std::string reason;
  /// "file:line: reason" (or "file: reason").
  std::string to_string() const;
};

} // namespace hummel

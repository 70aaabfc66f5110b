#pragma once

// `hummel daemon`: runs a project's processes in the foreground until
// SIGINT or SIGTERM, then stops them in reverse dependency order.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hummel {

/// Command-line options of `hummel daemon`.
struct daemon_options {
  std::filesystem::path dir = ".";
  std::optional<std::filesystem::path> config;
  std::optional<std::filesystem::path> state_dir;
  std::string log_level = "info";
  /// Print process output on stdout ("HH:MM:SS name | line").
  bool print_output = true;
  /// MCP over HTTP: "host:port" or "off"; empty = `[daemon] http`.
  std::string http;
  /// Read path of scripts_status: "view" (default) or "messages" (ask the
  /// STATUS CACHE; for benchmarks).
  std::string read_path = "view";
  /// CAF's scheduler policy, "sharing" or "stealing" (runtime_options).
  std::string scheduler = "sharing";
  /// Benchmark only: synthetic state changes per second sent to the STATUS
  /// CACHE by the STORM actor (actors/storm.hpp); 0 = off.
  double storm_rate = 0;
  /// Benchmark only: false runs every process with no error matcher (the
  /// side-by-side cost of error detection in `make bench`).
  bool error_detection = true;
  /// False keeps every child's pipes and pidfd in the descriptor table
  /// (reactor::options::bank_from_fd): no io_uring, and past the
  /// descriptor limit starts are refused.
  bool fd_bank = true;
  /// Test only: milliseconds to wait before reading the configuration (a
  /// slow start, for the test that SIGTERM ends it at once); 0 = none.
  int startup_delay_ms = 0;
  /// `hummel monitor`: a node with no processes of its own, only peers.
  bool monitor = false;
  /// Cluster flags; each one set overrides its `[cluster]` key.
  std::string node;
  std::string cluster_listen;
  std::vector<std::string> peers;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_ca;
  bool allow_remote_control = false;
  /// `hummel hub`: how long a daemon must be gone (killed, its runtime file
  /// left behind) before the hub cleans its file and forgets it.
  int hub_forget_ms = 10000;
};

/// Once start-up is done: hands back the pages only start-up read (the
/// dynamic loader's tables, common/loader_tables.hpp), logged at debug.
void release_start_up_pages();

/// Runs the daemon; returns the process exit code (0 after a signal,
/// 2 for an invalid configuration, 1 for other start-up failures).
int run_daemon(const daemon_options& opts);

} // namespace hummel

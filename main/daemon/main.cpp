// hummel-daemon: `hummel daemon`, `hummel monitor` and `hummel hub` (the
// `hummel` CLI executes this binary for those subcommands, so the CLI itself
// never loads CAF, OpenSSL or the reactor).

#include "common/loader_tables.hpp"
#include "main/daemon/daemon.hpp"
#include "main/daemon/hub/hub.hpp"

#include <CLI/CLI.hpp>

#include <malloc.h>

#include <cstdio>

namespace {

/// `--log-level`, shared by `daemon`, `monitor` and `hub`.
void add_log_level(CLI::App* sub, hummel::daemon_options& o) {
  sub
    ->add_option("--log-level", o.log_level,
                 "trace, debug, info, warn, error, critical, off")
    ->check(CLI::IsMember(
      {"trace", "debug", "info", "warn", "error", "critical", "off"}));
}

/// The `[cluster]` flags, shared by `daemon` and `monitor`.
void add_cluster_options(CLI::App* sub, hummel::daemon_options& o) {
  sub->add_option("--node", o.node, "Cluster node name (default: host name)");
  sub->add_option("--cluster-listen", o.cluster_listen,
                  "Publish this node for peers on HOST:PORT (plain links: "
                  "loopback only), or off");
  sub->add_option("--peer", o.peers,
                  "Link to the node at HOST:PORT "
                  "(repeatable; replaces [cluster] peers)");
  sub->add_option("--tls-cert", o.tls_cert, "This node's certificate (PEM)")
    ->check(CLI::ExistingFile);
  sub->add_option("--tls-key", o.tls_key, "This node's private key (PEM)")
    ->check(CLI::ExistingFile);
  sub->add_option("--tls-ca", o.tls_ca, "CA that signs every node (PEM)")
    ->check(CLI::ExistingFile);
  sub->add_flag("--allow-remote-control", o.allow_remote_control,
                "Peers may start, stop and restart processes here (TLS)");
}

/// `hummel hub`: its flags (the state folder goes to `state_dir`).
CLI::App* add_hub(CLI::App& app, hummel::daemon_options& dopts,
                  std::string& state_dir) {
  auto* hub = app.add_subcommand(
    "hub", "One MCP endpoint for every project of this user on this machine");
  hub->add_option("--http", dopts.http,
                  "MCP over HTTP on ADDR:PORT, or off (default: the first "
                  "free port from 127.0.0.1:7777)");
  hub->add_option("--state-dir", state_dir, "State directory");
  add_log_level(hub, dopts);
  hub
    ->add_option("--forget-after", dopts.hub_forget_ms,
                 "Test only: milliseconds a dead daemon's runtime file is "
                 "kept before the hub cleans it (default 10000)")
    ->check(CLI::NonNegativeNumber)
    ->group("");
  hub
    ->add_option("--scheduler", dopts.scheduler,
                 "Benchmark only: CAF's scheduler policy")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->group("");
  return hub;
}

} // namespace

int main(int argc, char** argv) {
  hummel::forget_added_bind_now(); // before anything reads the environment
  // Where glibc's malloc serves the daemon (sanitizer builds; a Release
  // build links jemalloc, daemon/allocator.cpp, and this does nothing):
  // glibc gives every thread that allocates its own arena and keeps freed
  // memory in it; with CAF's workers, the reactor and the HTTP threads the
  // daemon's RSS crept up with every listing. Two arenas keep it flat
  // (docs/BENCHMARKS.md, RSS rows).
  mallopt(M_ARENA_MAX, 2);
  CLI::App app{"hummel: a process supervisor for developers and their AI "
               "assistants"};
  app.require_subcommand(1);
  hummel::daemon_options dopts;
  std::string dir = ".";
  std::string config;
  std::string state_dir;
  auto* daemon = app.add_subcommand(
    "daemon", "Run the project's processes in the foreground");
  daemon->add_option("--dir", dir, "Project directory")
    ->check(CLI::ExistingDirectory);
  daemon->add_option("--config", config, "Configuration file")
    ->check(CLI::ExistingFile);
  daemon->add_option("--state-dir", state_dir,
                     "State directory (default: $XDG_STATE_HOME/hummel/ID)");
  add_log_level(daemon, dopts);
  daemon->add_flag("!--no-output", dopts.print_output,
                   "Do not print process output");
  daemon->add_option("--http", dopts.http,
                     "MCP over HTTP on ADDR:PORT, or off (default: "
                     "[daemon] http, else 127.0.0.1:7777)");
  // Benchmark-only flags (make bench) in a hidden group: not in --help.
  daemon
    ->add_option("--read-path", dopts.read_path,
                 "scripts_status read path: view, messages, or floor (a "
                 "fixed body for every sessionless POST)")
    ->check(CLI::IsMember({"view", "messages", "floor"}))
    ->group("");
  daemon
    ->add_option("--storm", dopts.storm_rate,
                 "Benchmark only: send RATE synthetic state changes per "
                 "second (100 processes storm-0..99) to the status cache; "
                 "0 = off")
    ->check(CLI::NonNegativeNumber)
    ->group("");
  daemon
    ->add_option("--scheduler", dopts.scheduler,
                 "Benchmark only: CAF's scheduler policy, sharing (default) "
                 "or stealing")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->group("");
  daemon
    ->add_flag("!--no-error-detection", dopts.error_detection,
               "Benchmark only: look for no errors in the output")
    ->group("");
  daemon
    ->add_flag("!--no-fd-bank", dopts.fd_bank,
               "Keep every process's pipes in the descriptor table, not in "
               "io_uring: past the descriptor limit, starts are refused")
    ->group("");
  daemon
    ->add_option("--startup-delay", dopts.startup_delay_ms,
                 "Test only: wait MS milliseconds before reading the "
                 "configuration")
    ->check(CLI::NonNegativeNumber)
    ->group("");
  add_cluster_options(daemon, dopts);
  auto* monitor = app.add_subcommand(
    "monitor", "Run a cluster node with no processes of its own, only peers");
  monitor->add_option("--dir", dir, "Folder of its hummel.toml ([cluster])")
    ->check(CLI::ExistingDirectory);
  monitor->add_option("--config", config, "Configuration file")
    ->check(CLI::ExistingFile);
  monitor->add_option("--state-dir", state_dir, "State directory");
  add_log_level(monitor, dopts);
  monitor->add_option("--http", dopts.http,
                      "MCP over HTTP on ADDR:PORT, "
                      "or off");
  monitor
    ->add_option("--scheduler", dopts.scheduler,
                 "Benchmark only: CAF's scheduler policy")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->group("");
  add_cluster_options(monitor, dopts);
  auto* hub = add_hub(app, dopts, state_dir);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (daemon->parsed() || monitor->parsed()) {
    dopts.monitor = monitor->parsed();
    dopts.dir = dir;
    if (!config.empty())
      dopts.config = config;
    if (!state_dir.empty())
      dopts.state_dir = state_dir;
    return hummel::run_daemon(dopts);
  }
  if (hub->parsed()) {
    if (!state_dir.empty())
      dopts.state_dir = state_dir;
    return hummel::run_hub(dopts);
  }
  return 2;
}

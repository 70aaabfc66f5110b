// The hummel executable: subcommands over CLI11.

#include "main/cli.hpp"
#include "main/daemon.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

int main(int argc, char** argv) {
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
  daemon
    ->add_option("--log-level", dopts.log_level,
                 "trace, debug, info, warn, error, critical, off")
    ->check(CLI::IsMember(
      {"trace", "debug", "info", "warn", "error", "critical", "off"}));
  daemon->add_flag("!--no-output", dopts.print_output,
                   "Do not print process output");
  daemon->add_option("--http", dopts.http,
                     "MCP over HTTP on ADDR:PORT, or off (default: "
                     "[daemon] http, else 127.0.0.1:7777)");
  daemon
    ->add_option("--read-path", dopts.read_path,
                 "scripts_status read path: view or messages")
    ->check(CLI::IsMember({"view", "messages"}));
  hummel::cli::commands client{app};
  if (auto rc = hummel::cli::parse(app, argc, argv))
    return *rc;
  if (auto rc = client.run())
    return *rc;
  if (daemon->parsed()) {
    dopts.dir = dir;
    if (!config.empty())
      dopts.config = config;
    if (!state_dir.empty())
      dopts.state_dir = state_dir;
    return hummel::run_daemon(dopts);
  }
  return 2;
}

#include "main/cli/app.hpp"

#include "config/load.hpp"
#include "main/cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace hummel::cli {

namespace fs = std::filesystem;

struct commands::state {
  std::string dir = ".";
  bool json = false;
  std::string name;
  std::vector<std::string> command;
  std::optional<std::string> http;
  logs_options logs;
  std::string node;
  bool all_nodes = false;
  CLI::App* nodes = nullptr;
  CLI::App* up = nullptr;
  CLI::App* down = nullptr;
  CLI::App* ps = nullptr;
  CLI::App* scripts = nullptr;
  CLI::App* run = nullptr;
  CLI::App* stop = nullptr;
  CLI::App* restart = nullptr;
  CLI::App* logs_cmd = nullptr;
  CLI::App* mcp = nullptr;
  CLI::App* reload = nullptr;
};

namespace {

void add_dir(CLI::App* sub, std::string& dir) {
  sub->add_option("--dir", dir, "Project directory (default: .)")
    ->check(CLI::ExistingDirectory);
}

void add_json(CLI::App* sub, bool& json) {
  sub->add_flag("--json", json, "Print the result as JSON");
}

} // namespace

commands::commands(CLI::App& app) : st_(std::make_unique<state>()) {
  auto& s = *st_;
  s.up = app.add_subcommand(
    "up", "Start the project's daemon in the background; print the MCP URL");
  s.up->add_option("--http", s.http,
                   "HTTP address for MCP, ADDR:PORT (default from "
                   "hummel.toml, else 127.0.0.1:7777)");
  s.down = app.add_subcommand("down", "Stop the project's daemon");
  s.ps = app.add_subcommand("ps", "Show the status of the processes");
  s.ps->add_option("name", s.name, "Only this process");
  s.scripts
    = app.add_subcommand("scripts", "List defined processes and scripts");
  s.run = app.add_subcommand(
    "run", "Start a process by name, or `run NAME -- CMD ARGS...` ad hoc");
  s.run->add_option("name", s.name, "Process or script name")->required();
  s.run->add_option("command", s.command,
                    "Ad-hoc command and arguments (after --)");
  s.stop = app.add_subcommand("stop", "Stop a process");
  s.stop->add_option("name", s.name, "Process name")->required();
  s.restart = app.add_subcommand("restart", "Restart a process");
  s.restart->add_option("name", s.name, "Process name")->required();
  s.logs_cmd = app.add_subcommand("logs", "Show, search or follow logs");
  auto* l = s.logs_cmd;
  l->add_option("name", s.logs.name, "Only this process");
  l->add_option("-n,--lines", s.logs.lines, "How many lines (default 100)")
    ->check(CLI::Range(1, 10000));
  l->add_flag("-f,--follow", s.logs.follow, "Keep printing new lines");
  l->add_option("-g,--grep", s.logs.grep, "Only lines matching this RE2 regex");
  l->add_option("--since", s.logs.since,
                "After a sequence number (needs NAME), an ISO 8601 time, "
                "or a duration ago (30s, 5m, 2h, 1d)");
  l->add_option("--stream", s.logs.stream, "stdout or stderr")
    ->check(CLI::IsMember({"stdout", "stderr"}));
  s.nodes = app.add_subcommand(
    "nodes", "Show the cluster: this node and its peers, with link states");
  s.ps->add_flag("--all-nodes", s.all_nodes,
                 "Every node of the cluster (same as --node '*')");
  for (auto* sub : {s.ps, s.scripts, s.run, s.stop, s.restart})
    sub->add_option("--node", s.node,
                    "Cluster node (name or HOST:PORT; '*' = every node for "
                    "ps and scripts)");
  s.reload = app.add_subcommand(
    "reload", "Apply changes of hummel.toml and package.json now");
  s.mcp = app.add_subcommand(
    "mcp", "Speak MCP on stdin/stdout (starts the daemon if needed)");
  for (auto* sub : {s.up, s.down, s.ps, s.scripts, s.run, s.stop, s.restart,
                    s.logs_cmd, s.mcp, s.nodes, s.reload})
    add_dir(sub, s.dir);
  for (auto* sub : {s.up, s.down, s.ps, s.scripts, s.run, s.stop, s.restart,
                    s.logs_cmd, s.nodes, s.reload})
    add_json(sub, s.json);
}

commands::~commands() = default;

std::optional<int> commands::run() const {
  const auto& s = *st_;
  context ctx;
  std::error_code ec;
  auto abs = fs::absolute(s.dir, ec);
  ctx.dir = ec ? fs::path{s.dir} : fs::weakly_canonical(abs, ec);
  if (ec)
    ctx.dir = abs.lexically_normal();
  ctx.project_id = make_project_id(ctx.dir);
  ctx.json = s.json;
  ctx.color = want_color(::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"));
  ctx.node = s.all_nodes ? "*" : s.node;
  if (s.nodes->parsed())
    return run_nodes(ctx);
  if (s.up->parsed())
    return run_up(ctx, s.http);
  if (s.down->parsed())
    return run_down(ctx);
  if (s.ps->parsed())
    return run_ps(ctx, s.name);
  if (s.scripts->parsed())
    return run_scripts(ctx);
  if (s.run->parsed())
    return run_run(ctx, s.name, s.command);
  if (s.stop->parsed())
    return run_change(ctx, "scripts_stop", s.name);
  if (s.restart->parsed())
    return run_change(ctx, "scripts_restart", s.name);
  if (s.logs_cmd->parsed())
    return run_logs(ctx, s.logs);
  if (s.mcp->parsed())
    return run_mcp(ctx);
  if (s.reload->parsed())
    return run_reload(ctx);
  return std::nullopt;
}

std::optional<int> parse(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? exit_ok : exit_usage;
  }
  return std::nullopt;
}

} // namespace hummel::cli

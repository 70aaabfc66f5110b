#include "main/cli/app.hpp"

#include "config/load.hpp"
#include "main/cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace hummel::cli {

namespace fs = std::filesystem;

struct commands::state {
  std::string dir = ".";
  bool json = false;
  std::string color = "auto";
  std::string name;
  std::vector<std::string> command;
  std::optional<std::string> http;
  logs_options logs;
  errors_options errors;
  std::string node;
  bool all_nodes = false;
  std::string shell;
  CLI::App* app = nullptr;
  CLI::App* nodes = nullptr;
  CLI::App* up = nullptr;
  CLI::App* down = nullptr;
  CLI::App* ps = nullptr;
  CLI::App* scripts = nullptr;
  CLI::App* run = nullptr;
  bool wait = false;
  CLI::App* stop = nullptr;
  CLI::App* restart = nullptr;
  CLI::App* logs_cmd = nullptr;
  CLI::App* errors_cmd = nullptr;
  CLI::App* mcp = nullptr;
  bool hub = false;
  CLI::App* completion = nullptr;
  CLI::App* names = nullptr;
  CLI::App* reload = nullptr;
  CLI::App* ui = nullptr;
  CLI::App* clear = nullptr;
  std::vector<std::string> names_to_clear;
  bool clear_all = false;
  bool errors_only = false;
};

namespace {

constexpr const char* globals_footer
  = "Global options (--dir DIR, --json, --color WHEN) may also come after "
    "the command; `hummel --help` lists them.";

/// The options every command takes, anywhere on the line: they sit on the
/// top-level app and each subcommand falls through to it.
void add_globals(CLI::App& app, commands::state& s) {
  app.fallthrough();
  app.set_version_flag("--version", version_text(),
                       "Print the version and git revision, then exit");
  app.add_option("--dir", s.dir, "Project directory (default: .)")
    ->check(CLI::ExistingDirectory);
  app.add_flag("--json", s.json, "Print the result as JSON");
  app
    .add_option("--color", s.color,
                "Colour and the processes' own escape sequences: auto (on a "
                "terminal without NO_COLOR), always, never")
    ->check(CLI::IsMember({"auto", "always", "never"}));
}

void add_logs(CLI::App& app, commands::state& s) {
  s.logs_cmd = app.add_subcommand(
    "logs", "Show, search or follow logs (reads the log files when no "
            "daemon runs)");
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
  l->add_option("--state-dir", s.logs.state_dir,
                "Without a daemon: the state folder it used (default: "
                "$XDG_STATE_HOME/hummel/ID)");
}

void add_errors(CLI::App& app, commands::state& s) {
  s.errors_cmd = app.add_subcommand(
    "errors", "Show the errors found in the output (grouped, newest first)");
  auto* e = s.errors_cmd;
  e->add_option("name", s.errors.name, "Only this process");
  e->add_flag("-f,--follow", s.errors.follow, "Keep printing new errors");
  e->add_option("--since", s.errors.since,
                "Only errors seen since an ISO 8601 time or a duration (10m)");
  e->add_option("-n,--limit", s.errors.limit, "How many records (default 50)")
    ->check(CLI::Range(1, 1000));
}

void add_extras(CLI::App& app, commands::state& s) {
  s.completion = app.add_subcommand(
    "completion", "Print a shell completion script (bash, zsh or fish)");
  s.completion->add_option("shell", s.shell, "bash, zsh or fish")
    ->required()
    ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  s.completion->footer(
    "bash: source <(hummel completion bash)   zsh: source <(hummel "
    "completion zsh)   fish: hummel completion fish | source");
  // For the completion scripts: the project's process names, one a line.
  s.names = app.add_subcommand("__names", "Process names, one a line");
  s.names->group("");
}

} // namespace

commands::commands(CLI::App& app) : st_(std::make_unique<state>()) {
  auto& s = *st_;
  s.app = &app;
  add_globals(app, s);
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
  s.run->add_flag("-w,--wait", s.wait,
                  "Print the output and end with the run's exit code "
                  "(128 + n for a signal); Ctrl-C stops the run");
  s.run->add_option("command", s.command,
                    "Ad-hoc command and arguments (after --)");
  s.stop = app.add_subcommand("stop", "Stop a process");
  s.stop->add_option("name", s.name, "Process name")->required();
  s.restart = app.add_subcommand("restart", "Restart a process");
  s.restart->add_option("name", s.name, "Process name")->required();
  add_logs(app, s);
  add_errors(app, s);
  s.nodes = app.add_subcommand(
    "nodes", "Show the cluster: this node and its peers, with link states");
  s.ui = app.add_subcommand(
    "ui", "Full-screen terminal UI: the processes live, their logs and "
          "errors; keys to start, stop, restart");
  s.ps->add_flag("--all-nodes", s.all_nodes,
                 "Every node of the cluster (same as --node '*')");
  s.ui->add_flag("--all-nodes", s.all_nodes,
                 "The cluster view: every node's processes, with a NODE "
                 "column and the nodes' link states");
  s.ui->add_flag("--hub", s.hub,
                 "Every project of this user through the local hub "
                 "(hummel hub)");
  for (auto* sub :
       {s.ps, s.scripts, s.run, s.stop, s.restart, s.errors_cmd, s.ui})
    sub->add_option("--node", s.node,
                    "Cluster node (name or HOST:PORT; '*' = every node for "
                    "ps, scripts, errors and ui)");
  s.reload = app.add_subcommand(
    "reload", "Apply changes of hummel.toml and package.json now");
  s.clear = app.add_subcommand(
    "clear", "Empty processes' logs (memory and files) and error records");
  auto* clear_names
    = s.clear->add_option("name", s.names_to_clear, "Process names");
  auto* clear_all = s.clear->add_flag("--all", s.clear_all, "Every process");
  clear_names->excludes(clear_all);
  s.clear->add_flag("--errors", s.errors_only,
                    "Only the error records; keep the log lines");
  s.clear->callback([&s] {
    if (s.names_to_clear.empty() && !s.clear_all)
      throw CLI::RequiredError("a process NAME or --all");
  });
  s.mcp = app.add_subcommand(
    "mcp", "Speak MCP on stdin/stdout (starts the daemon if needed)");
  s.mcp->add_flag("--hub", s.hub,
                  "Every project of this user through the local hub "
                  "(started if needed)");
  add_extras(app, s);
  for (auto* sub : app.get_subcommands([](CLI::App*) { return true; }))
    if (sub->get_footer().empty())
      sub->footer(globals_footer);
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
  ctx.color = want_color(s.color, ::isatty(STDOUT_FILENO) == 1,
                         std::getenv("NO_COLOR"));
  ctx.node = s.all_nodes ? "*" : s.node;
  ctx.hub = s.hub;
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
    return s.wait ? run_run_wait(ctx, s.name, s.command)
                  : run_run(ctx, s.name, s.command);
  if (s.stop->parsed())
    return run_change(ctx, "scripts_stop", s.name);
  if (s.restart->parsed())
    return run_change(ctx, "scripts_restart", s.name);
  if (s.logs_cmd->parsed())
    return run_logs(ctx, s.logs);
  if (s.errors_cmd->parsed())
    return run_errors(ctx, s.errors);
  if (s.mcp->parsed())
    return run_mcp(ctx);
  if (s.ui->parsed())
    return run_ui(ctx);
  if (s.reload->parsed())
    return run_reload(ctx);
  if (s.clear->parsed())
    return run_clear(ctx, s.names_to_clear, s.errors_only);
  if (s.names->parsed())
    return run_names(ctx);
  if (s.completion->parsed())
    return run_completion(*s.app, s.shell);
  return std::nullopt;
}

std::optional<std::vector<std::string>>
daemon_handoff(const std::vector<std::string>& args) {
  std::vector<std::string> globals;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--dir" || a == "--color") {
      if (i + 1 >= args.size())
        return std::nullopt;
      if (a == "--dir")
        globals.insert(globals.end(), {a, args[i + 1]});
      ++i;
    } else if (a.starts_with("--dir=")) {
      globals.push_back(a);
    } else if (a == "--json" || a.starts_with("--color=")) {
      continue;
    } else if (a == "daemon" || a == "monitor" || a == "hub") {
      std::vector<std::string> out{a};
      out.insert(out.end(), globals.begin(), globals.end());
      out.insert(out.end(), args.begin() + static_cast<ptrdiff_t>(i) + 1,
                 args.end());
      return out;
    } else {
      return std::nullopt;
    }
  }
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

std::vector<std::string> name_ad_hoc_run(std::vector<std::string> args) {
  // The subcommand: the first word that is neither an option nor its value.
  auto run = args.begin() + (args.empty() ? 0 : 1);
  while (run != args.end() && !run->empty() && (*run)[0] == '-') {
    if ((*run == "--dir" || *run == "--color") && run + 1 != args.end())
      ++run;
    ++run;
  }
  if (run == args.end() || *run != "run")
    return args;
  for (auto i = run + 1; i != args.end(); ++i) {
    const auto& a = *i;
    if (a == "--") {
      if (i + 1 == args.end())
        return args;
      auto word = (i + 1)->substr(0, (i + 1)->find_first_of(" \t"));
      auto name = fs::path{word}.filename().string();
      for (auto& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_'
            && c != '.')
          c = '_';
      args.insert(i, name.empty() ? std::string{"adhoc"} : name);
      return args;
    }
    if (a.empty() || a[0] != '-')
      return args; // a NAME is there
    if (a == "--node" || a == "--dir" || a == "--color") {
      if (++i == args.end())
        return args;
    }
  }
  return args;
}

} // namespace hummel::cli

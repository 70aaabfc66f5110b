#pragma once

// The `hummel` CLI's client commands: a thin client over the daemon's unix
// socket (up, down, ps, scripts, run, stop, restart, logs, mcp). main.cpp
// registers them next to `daemon`, parses, then runs the chosen one.
//
// Exit codes: 0 ok, 1 failed, 2 usage, 3 no daemon running.

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace hummel::cli {

/// The client subcommands and their parsed options.
class commands {
public:
  /// Adds the client subcommands to `app`.
  explicit commands(CLI::App& app);
  ~commands();
  commands(const commands&) = delete;
  commands& operator=(const commands&) = delete;

  /// After parsing: runs the chosen client subcommand and returns its exit
  /// code; nullopt if none of them was chosen.
  std::optional<int> run() const;

  /// The options of every subcommand (internal).
  struct state;

private:
  std::unique_ptr<state> st_;
};

/// When the command line (without argv[0]) names `daemon` or `monitor`
/// after global options only: the arguments for hummel-daemon (the
/// subcommand first, then `--dir DIR` if given, then the rest; --json and
/// --color are the CLI's own and are dropped). Else nullopt.
std::optional<std::vector<std::string>>
daemon_handoff(const std::vector<std::string>& args);

/// `run [OPTIONS] -- CMD ARGS...` without a NAME: the arguments with a
/// name made from CMD's program name ("npm", "test.sh") put before `--`;
/// any other command line unchanged.
std::vector<std::string> name_ad_hoc_run(std::vector<std::string> args);

/// Parses the command line. Returns the exit code to end with at once (0
/// after --help, 2 after a usage error, both already printed), or nullopt
/// to go on.
std::optional<int> parse(CLI::App& app, int argc, char** argv);

} // namespace hummel::cli

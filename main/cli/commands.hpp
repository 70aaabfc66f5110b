#pragma once

// The CLI's commands, one function each, called after the command line is
// parsed. Each prints its result (a table, or JSON with `json`) on stdout,
// errors on stderr as "hummel: <message>", and returns the exit code.
// Internal to main/cli*.cpp.
//
// Thread safety: call from the main thread of a single-threaded process.

#include "main/cli/client.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace hummel::cli {

/// What every command knows.
struct context {
  /// The project directory, absolute and normalized.
  std::filesystem::path dir;
  /// `make_project_id(dir)`.
  std::string project_id;
  /// `--json`: print structuredContent instead of a table.
  bool json = false;
  /// Colour in human output, and the processes' own escape sequences kept
  /// in the log lines printed (`--color`, a terminal, NO_COLOR).
  bool color = false;
  /// `--node`: the cluster node to ask or act on ("*" = every node; empty =
  /// the project's daemon itself).
  std::string node;
  /// `--hub` (mcp, ui): talk to the local hub (`hummel hub`) instead.
  bool hub = false;
};

/// Options of `hummel logs`.
struct logs_options {
  /// Only this process (empty: all).
  std::string name;
  /// `-n`: how many lines (1 … 10000).
  int lines = 100;
  /// `-f`: keep following.
  bool follow = false;
  /// `-g`: an RE2 pattern.
  std::string grep;
  /// `--since`: a seq, an ISO 8601 time or a duration ("5m").
  std::string since;
  /// `--stream`: "stdout", "stderr" or empty.
  std::string stream;
  /// `--state-dir`: where to read the log files when no daemon runs (empty:
  /// the default state folder of the project).
  std::string state_dir;
};

/// Prints "hummel: <message>" on stderr.
void print_error(std::string_view message);

/// Prints `x` as indented JSON on stdout.
void print_json(const nlohmann::json& x);

/// Connects `s` to the project's daemon; on failure prints why and returns
/// the exit code (3 when no daemon runs).
std::optional<int> connect(const context& ctx, session& s);

/// Prints a failed call's message; returns its exit code.
int report(const call_result& r);

/// Options of `hummel errors`.
struct errors_options {
  /// Only this process (empty: all).
  std::string name;
  /// `-f`: keep printing new records and repeats.
  bool follow = false;
  /// `--since`: an ISO 8601 time or a duration ("5m").
  std::string since;
  /// `-n`: at most this many records.
  int limit = 50;
};

/// `hummel errors`: logs_errors, optionally following.
int run_errors(const context& ctx, const errors_options& opts);

/// The records of a logs_errors result as text: time, process, kind,
/// count, headline, file:line, then the grouped lines indented.
std::string format_error_records(const nlohmann::json& records, bool color);

/// `hummel errors --node`: one row per process with errors (node, name,
/// count, newest headline), from logs_errors' `summaries`.
std::string format_error_summaries(const nlohmann::json& summaries);

/// `hummel ps [NAME]`: scripts_status.
int run_ps(const context& ctx, const std::string& name);

/// `hummel nodes`: cluster_status.
int run_nodes(const context& ctx);

/// `hummel scripts`: scripts_list.
int run_scripts(const context& ctx);

/// `hummel run NAME [-- CMD ARGS...]`: scripts_run.
/// The scripts_run arguments of `run NAME [-- CMD ARGS...]`.
nlohmann::json run_arguments(const context& ctx, const std::string& name,
                             const std::vector<std::string>& command);

int run_run(const context& ctx, const std::string& name,
            const std::vector<std::string>& command);

/// `run NAME --wait [-- CMD ARGS...]`: starts the run, prints its output
/// and returns its exit code (128 + signal; 130 after Ctrl-C).
int run_run_wait(const context& ctx, const std::string& name,
                 const std::vector<std::string>& command);

/// `hummel stop NAME` / `hummel restart NAME`: `tool` is scripts_stop or
/// scripts_restart.
int run_change(const context& ctx, std::string_view tool,
               const std::string& name);

/// `hummel logs`: logs_stream or logs_search, optionally following.
int run_logs(const context& ctx, const logs_options& opts);

/// `hummel up [--http ADDR:PORT]`.
int run_up(const context& ctx, const std::optional<std::string>& http);

/// `hummel down`.
int run_down(const context& ctx);

/// `hummel clear NAME... [--errors]`: logs_clear of each name (none: every
/// process); prints what was removed (main/cli/clear.cpp).
int run_clear(const context& ctx, const std::vector<std::string>& names,
              bool errors_only);

/// `hummel reload`: config_reload; prints what changed (main/cli/reload.cpp).
int run_reload(const context& ctx);

/// `hummel ui`: the full-screen terminal UI (main/cli/ui/).
int run_ui(const context& ctx);

/// `hummel mcp`: the stdio transport, pumping lines to the daemon.
int run_mcp(const context& ctx);

/// `hummel logs` with no daemon: the newest lines of the log files in the
/// project's state folder (NAME, -n, -g, --stream, --since by time).
int run_logs_offline(const context& ctx, const logs_options& opts);

/// `hummel completion SHELL`: prints the script for `app`'s command line.
int run_completion(CLI::App& app, const std::string& shell);

/// `hummel __names`: the project's process names, one a line (from the
/// daemon, else from the configuration files).
int run_names(const context& ctx);

/// "hummel 0.1.0 (git 0123abcd4567)".
std::string version_text();

/// The hint printed for a project without processes: how to add one.
std::string empty_project_hint(const std::filesystem::path& dir);

} // namespace hummel::cli

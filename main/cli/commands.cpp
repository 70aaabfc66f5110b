// The simple commands: ps, scripts, run, stop, restart (one call each).

#include "main/cli/commands.hpp"

#include "main/cli/format.hpp"
#include "main/cli/status_rows.hpp"
#include "main/cli/status_table.hpp"
#include "net/runtime_dir.hpp"

#include <unistd.h>

#include <cstdio>

namespace hummel::cli {

using nlohmann::json;

void print_error(std::string_view message) {
  std::fprintf(stderr, "hummel: %.*s\n", static_cast<int>(message.size()),
               message.data());
}

void print_json(const json& x) {
  auto text = x.dump(2, ' ', false, json::error_handler_t::replace);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

std::optional<int> connect(const context& ctx, session& s) {
  auto socket = net::socket_path(ctx.project_id);
  auto err = s.connect(socket);
  if (!err)
    return std::nullopt;
  if (err->exit != exit_no_daemon) {
    print_error(err->error);
    return err->exit;
  }
  // "no daemon running (no socket at X)" → "no socket at X"
  std::string why = err->error;
  constexpr std::string_view head = "no daemon running (";
  if (why.rfind(head, 0) == 0 && why.back() == ')')
    why = why.substr(head.size(), why.size() - head.size() - 1);
  print_error("no daemon running for " + ctx.dir.string() + " (" + why
              + "); start one with `hummel up`");
  return err->exit;
}

int report(const call_result& r) {
  print_error(r.error);
  return r.exit;
}

namespace {

void print_text(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

/// Prints one status object as a one-row table.
int print_status(const context& ctx, const call_result& r) {
  if (r.exit != exit_ok)
    return report(r);
  if (ctx.json) {
    print_json(r.structured);
    return exit_ok;
  }
  if (r.structured.value("duplicate", false))
    print_text(r.structured.value("name", std::string{})
               + " is already running\n");
  json wrapped{{"processes", json::array({r.structured})}};
  print_text(format_status_table(wrapped, ctx.color));
  return exit_ok;
}

} // namespace

namespace {

/// One read-only call, printed as JSON or as `table` renders it.
int read_call(const context& ctx, std::string_view tool, json args,
              std::string (*table)(const json&, bool)) {
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  auto r = s.call(tool, std::move(args));
  if (r.exit != exit_ok)
    return report(r);
  if (ctx.json)
    print_json(r.structured);
  else
    print_text(table(r.structured, ctx.color));
  return exit_ok;
}

/// `{node}` when the command was given one, else `{}`.
json node_args(const context& ctx) {
  json args = json::object();
  if (!ctx.node.empty())
    args["node"] = ctx.node;
  return args;
}

} // namespace

int run_ps(const context& ctx, const std::string& name) {
  auto args = node_args(ctx);
  if (!name.empty())
    args["name"] = name;
  // --json: every field (a list returns only name, status, pid and
  // exit_code unless asked); the table: only its columns (with 10,000
  // processes every byte is paid for twice, by the daemon and here).
  if (ctx.json)
    args["fields"]
      = {"kind",           "command",      "run_id",      "status",
         "ready",          "pid",          "exit_code",   "signal",
         "start_time",     "end_time",     "uptime_ms",   "restarts",
         "cpu_percent",    "rss_bytes",    "urls",        "error",
         "restart_reason", "log_degraded", "error_count", "last_error"};
  else
    args["fields"]
      = {"status",      "ready",          "pid",         "exit_code", "signal",
         "uptime_ms",   "restarts",       "cpu_percent", "rss_bytes", "urls",
         "error_count", "restart_reason", "log_degraded"};
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  if (ctx.json) {
    auto r = s.call("scripts_status", std::move(args));
    if (r.exit != exit_ok)
      return report(r);
    print_json(r.structured);
    return exit_ok;
  }
  // The table straight from the response line, each row formatted as it
  // is read (status_table.hpp); anything unexpected (an error) is read
  // the general way.
  std::string text;
  size_t n = 0;
  auto fast = [&](std::string& line, int64_t id) {
    status_table table{ctx.color};
    table.expect(line.size());
    auto add = [&table](const status_row& p) { table.add(p); };
    switch (for_each_status_row(line, id, add)) {
    case status_line_kind::rows:
      break;
    case status_line_kind::other:
      return session::line_use::skipped;
    default:
      return session::line_use::general;
    }
    text = table.text();
    n = table.rows();
    return session::line_use::taken;
  };
  auto r = s.call_lines("scripts_status", std::move(args), fast);
  if (r.exit != exit_ok)
    return report(r);
  if (!r.structured.is_null()) {
    auto rows = status_rows_from(r.structured);
    n = rows.size();
    text = format_status_table(rows, ctx.color);
  }
  print_text(text);
  if (name.empty() && ctx.node.empty() && n == 0) {
    auto hint = empty_project_hint(ctx.dir);
    std::fwrite(hint.data(), 1, hint.size(), stderr);
  }
  return exit_ok;
}

int run_scripts(const context& ctx) {
  return read_call(ctx, "scripts_list", node_args(ctx), format_scripts_table);
}

int run_nodes(const context& ctx) {
  return read_call(ctx, "cluster_status", json::object(), format_nodes_table);
}

json run_arguments(const context& ctx, const std::string& name,
                   const std::vector<std::string>& command) {
  json args{{"name", name}};
  if (!ctx.node.empty())
    args["node"] = ctx.node;
  if (!command.empty()) {
    args["command"] = command.front();
    if (command.size() > 1)
      args["args"]
        = std::vector<std::string>(command.begin() + 1, command.end());
    // An ad-hoc command runs where it was typed, as in a shell.
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    if (!ec)
      args["cwd"] = cwd.string();
  }
  return args;
}

int run_run(const context& ctx, const std::string& name,
            const std::vector<std::string>& command) {
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  return print_status(ctx,
                      s.call("scripts_run", run_arguments(ctx, name, command)));
}

int run_change(const context& ctx, std::string_view tool,
               const std::string& name) {
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  json args{{"name", name}};
  if (!ctx.node.empty())
    args["node"] = ctx.node;
  return print_status(ctx, s.call(tool, std::move(args)));
}

} // namespace hummel::cli

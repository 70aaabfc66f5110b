// `hummel up` and `hummel down`: start the project's daemon in the
// background and print how to reach it (socket, MCP URL), stop it with
// SIGTERM after making sure it is ours (hummel-daemon beside this binary).

#include "config/load.hpp"
#include "main/cli/commands.hpp"
#include "main/cli/runtime.hpp"
#include "main/cli/start.hpp"
#include "net/runtime_dir.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>

namespace hummel::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr auto stop_wait = 30s;

void print_text(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

/// The runtime file; a new daemon gets a little time to write it after
/// its socket accepts.
std::optional<runtime_info> await_runtime_info(const context& ctx,
                                               bool just_started) {
  auto deadline = std::chrono::steady_clock::now() + (just_started ? 2s : 0s);
  for (;;) {
    std::string error;
    auto info = read_runtime_info(runtime_file(ctx.project_id), error);
    if (info && check_daemon(*info) == daemon_state::ours)
      return info;
    if (std::chrono::steady_clock::now() >= deadline)
      return std::nullopt;
    std::this_thread::sleep_for(50ms);
  }
}

/// The pid of whoever listens on the socket (SO_PEERCRED), or 0.
pid_t socket_peer(const context& ctx) {
  net::line_client c{1024};
  if (c.connect(net::socket_path(ctx.project_id), 1s))
    return 0;
  ucred cred{};
  socklen_t len = sizeof(cred);
  if (::getsockopt(c.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len)
      != 0)
    return 0;
  return cred.pid;
}

} // namespace

int run_up(const context& ctx, const std::optional<std::string>& http) {
  start_options so;
  so.dir = ctx.dir;
  so.project_id = ctx.project_id;
  so.http = http;
  auto out = ensure_daemon(so);
  if (!out.ok) {
    print_error(out.error);
    // The daemon's "could not start" (2) passes through.
    return out.daemon_exit == 2 ? 2 : exit_failed;
  }
  auto info = await_runtime_info(ctx, out.started);
  auto socket = info && !info->socket.empty()
                  ? info->socket
                  : net::socket_path(ctx.project_id).string();
  if (ctx.json) {
    json j{{"started", out.started}, {"dir", ctx.dir.string()},
           {"socket", socket},       {"pid", nullptr},
           {"http", nullptr},        {"url", nullptr}};
    if (info) {
      j["pid"] = info->pid;
      if (info->http)
        j["http"] = *info->http;
      if (auto url = mcp_url(*info); !url.empty())
        j["url"] = url;
    }
    print_json(j);
    return exit_ok;
  }
  std::string text;
  if (out.started)
    text = "Started the daemon for " + ctx.dir.string();
  else
    text = "A daemon is already running for " + ctx.dir.string();
  if (info)
    text += " (pid " + std::to_string(info->pid) + ")";
  text += ".\n";
  if (!out.started && http)
    text += "(--http applies only when starting one; run `hummel down` "
            "first to change it.)\n";
  text += "Socket: " + socket + "\n";
  if (info) {
    text += setup_text(*info, ctx.dir, self_exe());
  } else {
    runtime_info none;
    text += "(no runtime file at " + runtime_file(ctx.project_id).string()
            + "; the HTTP endpoint is unknown)\n";
    text += setup_text(none, ctx.dir, self_exe());
  }
  text += "Logs of the daemon: " + daemon_log(ctx.project_id).string() + "\n";
  if (auto loaded = load_project(ctx.dir);
      loaded.ok() && loaded.config.processes.empty())
    text += "\n" + empty_project_hint(ctx.dir);
  print_text(text);
  return exit_ok;
}

int run_down(const context& ctx) {
  auto file = runtime_file(ctx.project_id);
  std::string error;
  auto info = read_runtime_info(file, error);
  auto state = info ? check_daemon(*info) : daemon_state::gone;
  if (state == daemon_state::stranger) {
    print_error("process " + std::to_string(info->pid) + " named in "
                + file.string() + " is not a hummel daemon; not signalling it");
    return exit_failed;
  }
  if (state == daemon_state::gone) {
    // No (valid) runtime file: ask the socket who listens there.
    runtime_info peer;
    peer.pid = socket_peer(ctx);
    auto start = process_start_time(peer.pid);
    if (peer.pid == 0 || !start) {
      print_error("no daemon running for " + ctx.dir.string());
      return exit_no_daemon;
    }
    peer.start_time = *start;
    if (check_daemon(peer) != daemon_state::ours) {
      print_error("process " + std::to_string(peer.pid) + " listening on "
                  + net::socket_path(ctx.project_id).string()
                  + " is not a hummel daemon; not signalling it");
      return exit_failed;
    }
    info = peer;
  }
  if (::kill(info->pid, SIGTERM) != 0) {
    int err = errno;
    print_error("cannot signal process " + std::to_string(info->pid) + ": "
                + std::strerror(err));
    return err == ESRCH ? exit_no_daemon : exit_failed;
  }
  auto deadline = std::chrono::steady_clock::now() + stop_wait;
  for (;;) {
    auto start = process_start_time(info->pid);
    if (!start || *start != info->start_time)
      break;
    if (std::chrono::steady_clock::now() >= deadline) {
      print_error("the daemon (pid " + std::to_string(info->pid)
                  + ") did not exit within 30 s; it may still be stopping "
                    "its processes");
      return exit_failed;
    }
    std::this_thread::sleep_for(20ms);
  }
  if (ctx.json)
    print_json(json{{"stopped", true}, {"pid", info->pid}});
  else
    print_text("Stopped the daemon for " + ctx.dir.string() + " (pid "
               + std::to_string(info->pid) + ").\n");
  return exit_ok;
}

} // namespace hummel::cli

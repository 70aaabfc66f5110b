#include "main/cli/client.hpp"

#include <sys/socket.h>

#include <fstream>

namespace hummel::cli {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;

namespace {

/// Silence after which the CLI asks whether the daemon still answers, and
/// how long that question may take: a stopped daemon (SIGSTOP) or a hung
/// one is given up after about 10 s instead of the whole call's timeout.
constexpr auto quiet_before_probe = std::chrono::seconds(7);
constexpr auto probe_timeout = std::chrono::seconds(3);

/// True if the daemon at `socket` answers a ping on a connection of its
/// own within `probe_timeout` (a long command keeps the first one quiet).
bool answers_ping(const std::filesystem::path& socket) {
  net::line_client c{1u << 20};
  if (c.connect(socket, probe_timeout))
    return false;
  if (c.send_line(R"({"jsonrpc":"2.0","id":1,"method":"ping"})", probe_timeout))
    return false;
  std::string line;
  return !c.read_line(line, probe_timeout);
}

/// The pid at the other end of the unix socket `fd` (SO_PEERCRED), or 0.
pid_t peer_pid(int fd) {
  ucred cred{};
  socklen_t len = sizeof(cred);
  if (fd < 0 || ::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
    return 0;
  return cred.pid;
}

/// True if `pid` is stopped (state T or t in /proc/PID/stat).
bool is_stopped(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string stat;
  std::getline(in, stat);
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size()
         && (stat[close + 2] == 'T' || stat[close + 2] == 't');
}

/// "the daemon (pid N) does not answer ..." for a daemon that is silent.
std::string silent_daemon_message(pid_t pid) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                quiet_before_probe + probe_timeout)
                .count();
  std::string who
    = pid > 0 ? "the daemon (pid " + std::to_string(pid) + ")" : "the daemon";
  std::string text = who + " does not answer: nothing came back for "
                     + std::to_string(secs) + " s, not even to a ping";
  if (pid > 0 && is_stopped(pid))
    text += "; it is stopped (SIGSTOP?): `kill -CONT " + std::to_string(pid)
            + "` resumes it";
  return text;
}

call_result failure(const net::client_error& e) {
  call_result r;
  r.exit = exit_code_for(e.code);
  r.error = e.message;
  return r;
}

} // namespace

std::optional<call_result>
session::connect(const std::filesystem::path& socket) {
  if (auto err = client_.connect(socket))
    return failure(*err);
  socket_ = socket;
  heard_ = clock_type::now();
  return std::nullopt;
}

std::optional<int64_t> session::send(std::string_view tool, json args,
                                     bool progress, call_result& error,
                                     bool rows) {
  auto id = next_id_++;
  auto line = make_tool_call(id, tool, std::move(args), progress, rows)
                .dump(-1, ' ', false, json::error_handler_t::replace);
  if (auto err = client_.send_line(line)) {
    error = failure(*err);
    if (err->code == net::client_errc::no_daemon)
      error.exit = exit_failed;
    return std::nullopt;
  }
  heard_ = clock_type::now(); // the quiet window starts with the request
  return id;
}

std::optional<session::event>
session::read_or_probe(std::string& line, clock_type::time_point deadline) {
  for (;;) {
    auto probe_at = heard_ + quiet_before_probe;
    auto until = std::min(deadline, probe_at);
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
      until - clock_type::now());
    auto err
      = client_.read_line(line, std::max(wait, std::chrono::milliseconds{0}));
    if (!err) {
      heard_ = clock_type::now();
      return std::nullopt;
    }
    bool timed_out = err->code == net::client_errc::timeout;
    if (timed_out && clock_type::now() >= probe_at) {
      if (!answers_ping(socket_)) {
        event ev;
        ev.result.exit = exit_failed;
        ev.result.error
          = silent_daemon_message(peer_pid(client_.native_handle()));
        return ev;
      }
      heard_ = clock_type::now(); // alive, only busy with this request
    }
    if (timed_out && clock_type::now() < deadline)
      continue;
    event ev;
    ev.result = failure(*err);
    ev.result.exit = exit_failed;
    ev.timed_out = timed_out;
    return ev;
  }
}

std::optional<session::event>
session::response_in(std::string& line, const progress_fn& on_progress) {
  auto in = classify_line(line);
  if (in.kind == message_kind::progress) {
    auto l = progress_line(in.message);
    auto token = progress_token(in.message);
    if (l && token && on_progress)
      on_progress(*token, *l);
    return std::nullopt;
  }
  if (in.kind != message_kind::response)
    return std::nullopt;
  const auto& id = in.message["id"];
  if (!id.is_number_integer())
    return std::nullopt;
  event ev;
  ev.id = id.get<int64_t>();
  ev.result = parse_tool_response(std::move(in.message));
  return ev;
}

session::event session::next_response(const progress_fn& on_progress,
                                      std::chrono::milliseconds timeout) {
  std::string line;
  auto deadline = clock_type::now() + timeout;
  for (;;) {
    if (auto ev = read_or_probe(line, deadline))
      return std::move(*ev);
    if (auto ev = response_in(line, on_progress))
      return std::move(*ev);
  }
}

call_result session::call_lines(std::string_view tool, json args,
                                const line_reader& fast,
                                std::chrono::milliseconds timeout) {
  call_result error;
  auto id = send(tool, std::move(args), false, error, true);
  if (!id)
    return error;
  std::string line;
  auto deadline = clock_type::now() + timeout;
  for (;;) {
    if (auto ev = read_or_probe(line, deadline))
      return std::move(ev->result);
    switch (fast(line, *id)) {
    case line_use::taken:
      return call_result{};
    case line_use::skipped:
      continue;
    case line_use::general:
      break;
    }
    if (auto ev = response_in(line, {}); ev && (ev->id == 0 || ev->id == *id))
      return std::move(ev->result);
  }
}

call_result session::call(std::string_view tool, json args,
                          const progress_fn& on_progress,
                          std::chrono::milliseconds timeout) {
  call_result error;
  auto id = send(tool, std::move(args), static_cast<bool>(on_progress), error);
  if (!id)
    return error;
  for (;;) {
    auto ev = next_response(on_progress, timeout);
    if (ev.id == 0 || ev.id == *id)
      return std::move(ev.result);
  }
}

net::line_client& session::client() noexcept {
  return client_;
}

} // namespace hummel::cli

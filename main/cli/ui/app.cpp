#include "main/cli/ui/app.hpp"

#include "main/cli/protocol.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>

namespace hummel::ui {

using nlohmann::json;

namespace {

constexpr int64_t retry_ms = 500;
constexpr int64_t tick_ms = 1000;
constexpr int64_t log_debounce_ms = 60;

/// "web stopped" for a finished action "stop web".
std::string done_text(const std::string& action) {
  auto space = action.find(' ');
  auto verb = action.substr(0, space);
  auto name = space == std::string::npos ? "" : action.substr(space + 1);
  if (verb == "start")
    return name + " started";
  if (verb == "stop")
    return name + " stopped";
  return name + " restarted";
}

} // namespace

app::app(app_options opts, terminal& term, signal_flags& flags)
  : opts_(std::move(opts)), term_(term), flags_(flags) {
  if (!opts_.node.empty())
    opts_.all_nodes = true;
  table_.show_only_node(opts_.node);
}

int64_t app::watch() {
  return control_.request("hummel/watch", opts_.all_nodes ? json{{"node", "*"}}
                                                          : json::object());
}

json app::target_args(const std::string& name) const {
  json args{{"name", name}};
  const auto* sel = table_.selected();
  if (sel != nullptr && sel->name == name && table_.is_remote(*sel))
    args["node"] = sel->node;
  return args;
}

void app::connect_control(int64_t now) {
  std::string error;
  if (!control_.connect(opts_.socket, error)) {
    retry_at_ = now + retry_ms;
    ui_.connection = ever_connected_
                       ? "daemon gone, retrying"
                       : "no daemon for this project (hummel up starts "
                         "one); retrying";
    dirty_ = true;
    return;
  }
  ever_connected_ = true;
  ui_.connection = "connected, loading";
  polling_ = false;
  actions_.clear();
  errors_id_ = status_id_ = 0;
  watch_id_ = watch();
  if (watch_id_ == 0)
    lost(now);
  dirty_ = true;
}

void app::lost(int64_t now) {
  control_.close();
  follower_.stop();
  table_.mark_unsynced();
  ui_.connection = "daemon gone, retrying";
  retry_at_ = now + retry_ms;
  watch_id_ = 0;
  dirty_ = true;
}

void app::on_control(const json& message, int64_t now) {
  auto method = notification_method(message);
  if (method == "notifications/hummel/delta") {
    auto outcome = table_.apply_delta(message.value("params", json()));
    if (outcome == delta_outcome::gap && watch_id_ == 0 && !polling_) {
      // Deltas were missed: end this watch, then take the whole view again
      // (in this order on the connection, so only the new watch remains).
      control_.request("hummel/unwatch", json::object());
      watch_id_ = watch();
    }
    dirty_ = dirty_ || outcome == delta_outcome::applied;
    return;
  }
  auto id = message.value("id", json());
  if (method.empty() && id.is_number_integer())
    on_response(id.get<int64_t>(), message, now);
}

void app::on_response(int64_t id, const json& message, int64_t now) {
  dirty_ = true;
  if (id == watch_id_) {
    watch_id_ = 0;
    if (message.contains("result")) {
      table_.load_snapshot(message["result"]);
      ui_.connection.clear();
      return;
    }
    auto code = message.value("error", json::object()).value("code", 0);
    if (code == -32601) { // an older daemon: no watch feed
      polling_ = true;
      next_poll_ = now;
      ui_.connection = "no watch feed in this daemon: polling";
      return;
    }
    tell(ui_, "hummel/watch failed: " + message.dump(), now);
    return;
  }
  auto r = cli::parse_tool_response(message);
  if (id == status_id_) {
    status_id_ = 0;
    if (r.exit == cli::exit_ok)
      table_.load_snapshot(r.structured);
    return;
  }
  if (id == errors_id_) {
    errors_id_ = 0;
    errors_ = r.exit == cli::exit_ok ? error_lines(r.structured)
                                     : std::vector<std::string>{r.error};
    return;
  }
  auto a = actions_.find(id);
  if (a == actions_.end())
    return;
  tell(ui_, r.exit == cli::exit_ok ? done_text(a->second) : r.error, now);
  actions_.erase(a);
}

void app::carry_out(const command& c, int64_t now) {
  if (c.what == command::quit) {
    quit_ = true;
    return;
  }
  if (c.what == command::open_url) {
    bool opened = open_in_browser(c.target);
    tell(ui_, (opened ? "opening " : "URL: ") + c.target, now);
    return;
  }
  if (c.what == command::show_errors) {
    errors_for_.clear(); // fetched by refresh_errors
    return;
  }
  if (c.what == command::none)
    return;
  if (!control_.connected()) {
    tell(ui_, "no daemon: cannot do that now", now);
    return;
  }
  static const char* tools[]
    = {"", "", "scripts_run", "scripts_stop", "scripts_restart"};
  static const char* verbs[] = {"", "", "start", "stop", "restart"};
  auto id = control_.tool(tools[c.what], target_args(c.target), false);
  if (id == 0) {
    lost(now);
    return;
  }
  actions_[id] = std::string{verbs[c.what]} + " " + c.target;
  tell(ui_, std::string{verbs[c.what]} + " " + c.target + "...", now);
}

void app::keep_log_on_selection(int64_t now) {
  const auto* sel = table_.selected();
  std::string name = sel != nullptr ? sel->name : std::string{};
  bool remote = sel != nullptr && table_.is_remote(*sel);
  auto key = sel != nullptr ? table::key_of(*sel) : std::string{};
  if (key != log_target_) {
    log_target_ = key;
    log_switch_at_ = now + log_debounce_ms;
    errors_for_.clear();
    if (remote) {
      // Logs stay on their node: say where to read them.
      follower_.stop();
      log_.reset(sel->node + "/" + name);
      log_.add(json{{"text", "the log of a process on another node is read "
                             "there: hummel logs "
                               + name + " (on " + sel->node + ")"}});
      dirty_ = true;
    }
    return;
  }
  if (remote)
    return;
  bool stale = follower_.name() != name
               || (!name.empty() && !follower_.conn().connected());
  if (!stale || now < log_switch_at_ || now < log_retry_at_
      || !control_.connected())
    return;
  std::string error;
  if (!follower_.start(opts_.socket, name, log_, error)) {
    log_retry_at_ = now + retry_ms;
    follower_.stop();
  }
  dirty_ = true;
}

void app::refresh_errors() {
  if (ui_.lower != pane::errors || !control_.connected() || errors_id_ != 0)
    return;
  const auto* sel = table_.selected();
  if (sel == nullptr)
    return;
  auto key = table::key_of(*sel);
  if (key == errors_for_ && sel->errors == errors_seen_)
    return;
  errors_for_ = key;
  errors_seen_ = sel->errors;
  auto args = target_args(sel->name);
  args["limit"] = 100;
  errors_id_ = control_.tool("logs_errors", args, false);
}

void app::draw(int64_t now) {
  auto [w, h] = term_.size();
  frame_input in;
  in.width = w;
  in.height = h;
  in.now_ms = now;
  in.project = opts_.project;
  if (ui_.lower == pane::errors)
    in.errors = errors_;
  term_.draw(compose(table_, log_, ui_, in));
  drawn_at_ = now;
  dirty_ = false;
}

void app::on_signals(int64_t now) {
  char buf[64];
  while (::read(opts_.signal_fd, buf, sizeof(buf)) > 0) {
    // drained
  }
  if (flags_.quit)
    quit_ = true;
  if (flags_.resize) {
    flags_.resize = 0;
    term_.resize();
    draw(now);
  }
}

int app::poll_once(int64_t now) {
  pollfd fds[4] = {{term_.input_fd(), POLLIN, 0},
                   {opts_.signal_fd, POLLIN, 0},
                   {control_.fd(), POLLIN, 0},
                   {follower_.conn().fd(), POLLIN, 0}};
  auto wake = std::min(drawn_at_ + tick_ms, now + tick_ms);
  if (!control_.connected())
    wake = std::min(wake, retry_at_);
  if (log_target_ != follower_.name() && log_switch_at_ > now)
    wake = std::min(wake, log_switch_at_);
  if (polling_)
    wake = std::min(wake, next_poll_);
  auto timeout = static_cast<int>(std::clamp<int64_t>(wake - now, 0, tick_ms));
  int rc = ::poll(fds, 4, dirty_ ? 0 : timeout);
  if (rc <= 0)
    return 0;
  now = cli::now_ms();
  ui_.now_ms = now;
  if (fds[1].revents != 0)
    on_signals(now);
  if (fds[0].revents != 0) {
    for (int key = term_.read_key(); key != key_none; key = term_.read_key()) {
      if (key == key_resize) {
        term_.resize();
      } else {
        carry_out(handle_key(key, ui_, table_, log_), now);
      }
      dirty_ = true;
    }
  }
  std::vector<json> in;
  if (fds[2].revents != 0) {
    bool open = control_.drain(in);
    for (const auto& m : in)
      try {
        on_control(m, now);
      } catch (const json::exception&) {
        // a malformed message: skipped
      }
    if (!open)
      lost(now);
  }
  in.clear();
  if (fds[3].revents != 0) {
    bool open = follower_.conn().drain(in);
    for (const auto& m : in)
      try {
        dirty_ = follower_.on_message(m, log_) || dirty_;
      } catch (const json::exception&) {
        // a malformed message: skipped
      }
    if (!open)
      log_retry_at_ = now + retry_ms;
  }
  return rc;
}

int app::run() {
  term_.resize();
  while (!quit_ && !flags_.quit) {
    auto now = cli::now_ms();
    ui_.now_ms = now;
    if (!control_.connected() && now >= retry_at_)
      connect_control(now);
    if (polling_ && control_.connected() && status_id_ == 0
        && now >= next_poll_) {
      // Every field (a list gives only name, status, pid and exit_code).
      json fields{"status",     "ready",     "pid",         "exit_code",
                  "start_time", "uptime_ms", "restarts",    "cpu_percent",
                  "rss_bytes",  "urls",      "error_count", "last_error"};
      status_id_
        = control_.tool("scripts_status", json{{"fields", fields}}, false);
      next_poll_ = now + tick_ms;
    }
    keep_log_on_selection(now);
    refresh_errors();
    if (dirty_ || now - drawn_at_ >= tick_ms)
      draw(now);
    poll_once(now);
  }
  return cli::exit_ok;
}

} // namespace hummel::ui

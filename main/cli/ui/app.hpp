#pragma once

// The event loop of `hummel ui`: one poll(2) over the keyboard, a signal
// pipe (Ctrl-C, SIGTERM, SIGHUP, SIGWINCH), the watch connection (the
// `hummel/watch` snapshot, then its delta notifications; also the answers
// to start/stop/restart and logs_errors) and the log connection of the
// selected process. A frame is drawn after anything changed, and once a
// second for the uptimes; nothing polls the daemon. When the daemon goes
// away the rows stay, the title says "daemon gone, retrying", and every
// 500 ms a connection is tried; the next snapshot resynchronises.
//
// Thread safety: one thread; the signal handlers only set flags and write
// to the pipe.

#include "main/cli/ui/feed.hpp"
#include "main/cli/ui/keys.hpp"
#include "main/cli/ui/screen.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace hummel::ui {

/// What the loop needs to know of the command line.
struct app_options {
  std::filesystem::path socket;
  /// Shown in the title.
  std::string project;
  /// The signal pipe's read end.
  int signal_fd = -1;
  /// Watch the cluster view (every node) instead of the project's own.
  bool all_nodes = false;
  /// Show only this node of the cluster view (implies all_nodes).
  std::string node;
};

/// Flags set by the signal handlers.
struct signal_flags {
  volatile int quit = 0;
  volatile int resize = 0;
};

/// The interface and its connections.
class app {
public:
  app(app_options opts, terminal& term, signal_flags& flags);

  /// Runs until `q`, Ctrl-C or a signal; returns the exit code.
  int run();

private:
  void connect_control(int64_t now);
  /// Asks for the view (`hummel/watch`, of the cluster with --all-nodes).
  int64_t watch();
  /// The arguments naming the selected row's process (and its node when
  /// it runs on another node), if `name` is the selected row's.
  nlohmann::json target_args(const std::string& name) const;
  void lost(int64_t now);
  void on_control(const nlohmann::json& message, int64_t now);
  void on_response(int64_t id, const nlohmann::json& message, int64_t now);
  void carry_out(const command& c, int64_t now);
  void keep_log_on_selection(int64_t now);
  void refresh_errors();
  void draw(int64_t now);
  int poll_once(int64_t now);
  void on_signals(int64_t now);

  app_options opts_;
  terminal& term_;
  signal_flags& flags_;
  table table_;
  log_buffer log_;
  ui_state ui_;
  std::vector<std::string> errors_;
  feed_conn control_;
  log_follower follower_;
  /// Requests in flight on the control connection.
  int64_t watch_id_ = 0;
  int64_t status_id_ = 0;
  int64_t errors_id_ = 0;
  std::map<int64_t, std::string> actions_; // id → "stop web"
  /// The daemon knows no hummel/watch: scripts_status once a second.
  bool polling_ = false;
  int64_t next_poll_ = 0;
  int64_t retry_at_ = 0;
  bool ever_connected_ = false;
  /// The selected process when the log last switched, and when to switch.
  std::string log_target_;
  int64_t log_switch_at_ = 0;
  int64_t log_retry_at_ = 0;
  /// The error count of the selected process the errors pane shows.
  int64_t errors_seen_ = -1;
  std::string errors_for_;
  bool dirty_ = true;
  int64_t drawn_at_ = 0;
  bool quit_ = false;
};

/// Opens the URL with xdg-open when a desktop session is there (DISPLAY or
/// WAYLAND_DISPLAY set); returns whether it tried.
bool open_in_browser(const std::string& url);

} // namespace hummel::ui

#pragma once

// The keys of `hummel ui` as a state machine without a terminal: a key and
// the current state give the next state and, for the keys that need the
// daemon or the outside world, a command for the event loop to carry out.
//
// Thread safety: used by one thread.

#include "main/cli/ui/logbuf.hpp"
#include "main/cli/ui/model.hpp"

#include <cstdint>
#include <string>

namespace hummel::ui {

/// Keys that are not characters (curses codes are mapped to these).
enum key : int {
  key_none = -1,
  key_ctrl_c = 3,
  key_tab = 9,
  key_enter = 10,
  key_escape = 27,
  key_backspace = 127,
  key_up = 0x10000,
  key_down,
  key_left,
  key_right,
  key_page_up,
  key_page_down,
  key_home,
  key_end,
  key_resize,
};

/// What the keyboard is typing into.
enum class input_mode {
  table,  ///< keys are commands
  filter, ///< `/`: the table filter
  search, ///< `?`: the log search
};

/// Which pane is under the table.
enum class pane { logs, errors };

/// The interface state the keys change (besides the table and the log).
struct ui_state {
  input_mode mode = input_mode::table;
  pane lower = pane::logs;
  /// The text being typed in filter or search mode.
  std::string input;
  /// A message for the bottom line until `message_until_ms`.
  std::string message;
  int64_t message_until_ms = 0;
  /// The first table row on screen (kept by the layout).
  size_t table_top = 0;
  /// Lines of the lower pane in the last layout (for paging).
  size_t pane_height = 10;
  /// A connection problem shown in the title ("daemon gone, retrying").
  std::string connection;
  /// The time now (epoch ms), set by the event loop before each key.
  int64_t now_ms = 0;
};

/// What the event loop has to do after a key.
struct command {
  enum kind {
    none,        ///< only redraw
    quit,        ///< leave, restoring the terminal
    start,       ///< scripts_run `target`
    stop,        ///< scripts_stop `target`
    restart,     ///< scripts_restart `target`
    open_url,    ///< show (and xdg-open) `target`
    show_errors, ///< fetch logs_errors for `target`
  };
  kind what = none;
  std::string target;
};

/// Handles one key.
command handle_key(int key, ui_state& ui, table& t, log_buffer& log);

/// Sets a message shown for 5 s from `now_ms`.
void tell(ui_state& ui, std::string message, int64_t now_ms);

} // namespace hummel::ui

#pragma once

// The screen of `hummel ui` as text, without a terminal: a frame of lines
// (title, the process table, the log or errors pane, the help line), each
// with a base style and styled byte ranges, exactly as wide and as many as
// the terminal. The curses layer only copies frames to the screen.
//
// Thread safety: pure functions (compose updates `ui_state::table_top`).

#include "main/cli/ui/keys.hpp"
#include "main/cli/ui/logbuf.hpp"
#include "main/cli/ui/model.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hummel::ui {

/// How a piece of the screen looks (the curses layer picks attributes).
enum class style : uint8_t {
  normal,
  title,    ///< the top line
  header,   ///< column titles, the pane's title line
  selected, ///< the selected row
  good,     ///< running
  bad,      ///< failed, crashed; stderr marks
  warn,     ///< backoff, waiting, stopping
  dim,      ///< stopped, idle, succeeded
  match,    ///< a search match
  alert,    ///< messages, the connection state
};

/// A styled byte range [begin, end) of a line.
struct span {
  size_t begin = 0;
  size_t end = 0;
  style look = style::normal;
  bool operator==(const span&) const = default;
};

/// One screen line: text exactly `width` code points wide.
struct screen_line {
  std::string text;
  style base = style::normal;
  std::vector<span> spans;
  bool operator==(const screen_line&) const = default;
};

/// A whole screen.
struct frame {
  std::vector<screen_line> lines;
};

/// What the frame shows beyond the model.
struct frame_input {
  int width = 80;
  int height = 24;
  int64_t now_ms = 0;
  /// The project folder (shown in the title).
  std::string project;
  /// The errors pane's lines (for `pane::errors`).
  std::vector<std::string> errors;
};

/// Builds the screen.
frame compose(const table& t, const log_buffer& log, ui_state& ui,
              const frame_input& in);

/// A cell of `row` in column `c` as shown ("running", "1h02m", "12.5M").
std::string cell_text(const process_row& row, column c, int64_t now_ms);

/// The columns shown at `width` and their widths, in display order.
std::vector<std::pair<column, size_t>> layout_columns(const table& t,
                                                      size_t width);

/// `text` cut or padded with spaces to `width` code points.
std::string fit(std::string_view text, size_t width);

/// "12s", "3m05s", "1h02m", "2d03h"; "-" for 0 or less.
std::string format_age(int64_t ms);

/// "512K", "12.5M", "1.2G"; "-" for 0.
std::string format_size(uint64_t bytes);

} // namespace hummel::ui

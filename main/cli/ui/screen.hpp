#pragma once

// The curses side of `hummel ui`: ncursesw on the terminal, frames copied
// to the screen line by line (a line equal to the one already there is not
// touched, and ncurses sends only the cells that changed), keys read
// without blocking and mapped to `ui::key`. Closing (or destroying) the
// terminal leaves the screen as it was before (endwin: the alternate
// screen ends, the terminal modes come back).
//
// Thread safety: one terminal at a time, used by one thread. SIGWINCH is
// not handled here: the caller notices it and calls `resize()`.

#include "main/cli/ui/view.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hummel::ui {

/// A curses screen.
class terminal {
public:
  /// Starts curses on `out`/`in` with terminal type `term` (null: $TERM).
  /// Call setlocale(LC_ALL, "") first for UTF-8. Returns null and sets
  /// `error` when the terminal cannot be used.
  static std::unique_ptr<terminal> open(FILE* out, FILE* in, const char* term,
                                        std::string& error);

  ~terminal();
  terminal(const terminal&) = delete;
  terminal& operator=(const terminal&) = delete;

  /// Ends curses and restores the terminal (once; the destructor calls it).
  void close();

  /// The size: {columns, rows}.
  std::pair<int, int> size() const;

  /// Takes the terminal's size anew (after SIGWINCH) and redraws all.
  void resize();

  /// Sets the size by hand (benchmarks on /dev/null).
  void resize_to(int rows, int columns);

  /// Shows `f`; returns how many lines were rewritten.
  size_t draw(const frame& f);

  /// The next key, or `key_none` when none is waiting.
  int read_key();

  /// The descriptor keys come from (for poll).
  int input_fd() const;

private:
  terminal() = default;
  void draw_line(int y, const screen_line& line);

  struct impl;
  std::unique_ptr<impl> impl_;
  std::vector<screen_line> shown_;
  bool open_ = false;
  bool colors_ = false;
  int fd_in_ = 0;
  int fd_out_ = 1;
};

} // namespace hummel::ui

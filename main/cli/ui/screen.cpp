#include "main/cli/ui/screen.hpp"

#include <curses.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace hummel::ui {

struct terminal::impl {
  SCREEN* screen = nullptr;
};

namespace {

enum pair_id : short {
  pair_good = 1,
  pair_bad,
  pair_warn,
  pair_match,
  pair_sel
};

attr_t attr_of(style s, bool colors) {
  switch (s) {
  case style::normal:
    return A_NORMAL;
  case style::title:
    return A_REVERSE | A_BOLD;
  case style::header:
    return A_REVERSE;
  case style::selected:
    return colors ? COLOR_PAIR(pair_sel) | A_BOLD : A_BOLD | A_UNDERLINE;
  case style::good:
    return colors ? COLOR_PAIR(pair_good) : A_NORMAL;
  case style::bad:
    return colors ? COLOR_PAIR(pair_bad) | A_BOLD : A_BOLD;
  case style::warn:
    return colors ? COLOR_PAIR(pair_warn) : A_NORMAL;
  case style::dim:
    return A_DIM;
  case style::match:
    return colors ? COLOR_PAIR(pair_match) : A_STANDOUT;
  case style::alert:
    return colors ? COLOR_PAIR(pair_bad) | A_BOLD | A_REVERSE
                  : A_BOLD | A_REVERSE;
  }
  return A_NORMAL;
}

int map_key(int c) {
  switch (c) {
  case KEY_UP:
    return key_up;
  case KEY_DOWN:
    return key_down;
  case KEY_LEFT:
    return key_left;
  case KEY_RIGHT:
    return key_right;
  case KEY_PPAGE:
    return key_page_up;
  case KEY_NPAGE:
    return key_page_down;
  case KEY_HOME:
    return key_home;
  case KEY_END:
    return key_end;
  case KEY_RESIZE:
    return key_resize;
  case KEY_BACKSPACE:
  case 8:
    return key_backspace;
  case KEY_ENTER:
  case '\r':
    return key_enter;
  default:
    return c >= 0 && c < 0x100 ? c : key_none;
  }
}

} // namespace

std::unique_ptr<terminal> terminal::open(FILE* out, FILE* in, const char* term,
                                         std::string& error) {
  std::unique_ptr<terminal> t{new terminal};
  t->impl_ = std::make_unique<impl>();
  t->fd_in_ = fileno(in);
  t->fd_out_ = fileno(out);
  t->impl_->screen = newterm(term, out, in);
  if (t->impl_->screen == nullptr) {
    error = "cannot use the terminal (TERM="
            + std::string{term != nullptr ? term : "$TERM"} + ")";
    return nullptr;
  }
  set_term(t->impl_->screen);
  t->open_ = true;
  cbreak();
  noecho();
  nonl();
  intrflush(stdscr, FALSE);
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  set_escdelay(25);
  curs_set(0);
  leaveok(stdscr, TRUE);
  if (has_colors()) {
    start_color();
    use_default_colors();
    init_pair(pair_good, COLOR_GREEN, -1);
    init_pair(pair_bad, COLOR_RED, -1);
    init_pair(pair_warn, COLOR_YELLOW, -1);
    init_pair(pair_match, COLOR_BLACK, COLOR_YELLOW);
    init_pair(pair_sel, COLOR_WHITE, COLOR_BLUE);
    t->colors_ = true;
  }
  return t;
}

terminal::~terminal() {
  close();
}

void terminal::close() {
  if (!open_)
    return;
  open_ = false;
  curs_set(1);
  endwin();
  delscreen(impl_->screen);
  impl_->screen = nullptr;
}

std::pair<int, int> terminal::size() const {
  return {COLS, LINES};
}

void terminal::resize() {
  winsize ws{};
  if (::ioctl(fd_out_, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
    resize_to(ws.ws_row, ws.ws_col);
}

void terminal::resize_to(int rows, int columns) {
  resize_term(rows, columns);
  shown_.clear();
  clearok(curscr, TRUE); // the terminal may have reflowed: repaint all once
}

void terminal::draw_line(int y, const screen_line& line) {
  auto base = attr_of(line.base, colors_);
  auto spans = line.spans;
  std::sort(spans.begin(), spans.end(),
            [](const span& a, const span& b) { return a.begin < b.begin; });
  move(y, 0);
  size_t pos = 0;
  auto put = [&](size_t from, size_t to, attr_t a) {
    if (to <= from)
      return;
    attrset(a);
    addnstr(line.text.data() + from, static_cast<int>(to - from));
  };
  for (const auto& s : spans) {
    auto b = std::clamp(s.begin, pos, line.text.size());
    auto e = std::clamp(s.end, b, line.text.size());
    put(pos, b, base);
    put(b, e, (base & ~(A_REVERSE | A_COLOR)) | attr_of(s.look, colors_));
    pos = e;
  }
  put(pos, line.text.size(), base);
  attrset(A_NORMAL);
  // A full line leaves the cursor on the next one: nothing to clear then.
  if (getcury(stdscr) == y)
    clrtoeol();
}

size_t terminal::draw(const frame& f) {
  auto rows = static_cast<size_t>(std::max(LINES, 0));
  shown_.resize(rows);
  size_t drawn = 0;
  for (size_t y = 0; y < rows; ++y) {
    static const screen_line empty;
    const auto& line = y < f.lines.size() ? f.lines[y] : empty;
    if (shown_[y] == line && !shown_[y].text.empty())
      continue;
    draw_line(static_cast<int>(y), line);
    shown_[y] = line;
    ++drawn;
  }
  wnoutrefresh(stdscr);
  doupdate();
  return drawn;
}

int terminal::read_key() {
  return map_key(getch());
}

int terminal::input_fd() const {
  return fd_in_;
}

} // namespace hummel::ui

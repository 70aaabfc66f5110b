#include "main/cli/ui/keys.hpp"

namespace hummel::ui {

void tell(ui_state& ui, std::string message, int64_t now_ms) {
  ui.message = std::move(message);
  ui.message_until_ms = now_ms + 5000;
}

namespace {

bool printable(int key) {
  return key >= 0x20 && key < 0x7f;
}

/// Filter and search: typing edits the text, live; Enter keeps it, Escape
/// clears it.
command edit(int key, ui_state& ui, table& t, log_buffer& log) {
  bool filter = ui.mode == input_mode::filter;
  auto apply = [&] {
    if (filter)
      t.set_filter(ui.input);
    else
      log.set_search(ui.input);
  };
  if (key == key_enter || key == key_tab) {
    ui.mode = input_mode::table;
    if (!filter && !ui.input.empty())
      log.jump_to_match(true, ui.pane_height);
    return {};
  }
  if (key == key_escape || key == key_ctrl_c) {
    ui.input.clear();
    apply();
    ui.mode = input_mode::table;
    return {};
  }
  if (key == key_backspace || key == 8) {
    if (!ui.input.empty())
      ui.input.pop_back();
    apply();
    return {};
  }
  if (key == key_up || key == key_down) {
    t.move_selection(key == key_up ? -1 : 1);
    return {};
  }
  if (printable(key) || (key >= 0x80 && key < 0x100)) {
    ui.input += static_cast<char>(key);
    apply();
  }
  return {};
}

/// The keys that act on the selected process.
command act(command::kind what, const table& t, ui_state& ui) {
  const auto* row = t.selected();
  if (row == nullptr) {
    tell(ui, "no process selected", ui.now_ms);
    return {};
  }
  if (what == command::open_url && row->url.empty()) {
    tell(ui, row->name + " has printed no URL", ui.now_ms);
    return {};
  }
  return {what, what == command::open_url ? row->url : row->name};
}

} // namespace

command handle_key(int key, ui_state& ui, table& t, log_buffer& log) {
  if (ui.mode != input_mode::table)
    return edit(key, ui, t, log);
  auto page = static_cast<int64_t>(ui.pane_height > 1 ? ui.pane_height - 1 : 1);
  switch (key) {
  case 'q':
  case key_ctrl_c:
    return {command::quit, {}};
  case key_up:
  case 'k':
    t.move_selection(-1);
    return {};
  case key_down:
  case 'j':
    t.move_selection(1);
    return {};
  case key_home:
  case 'g':
    t.select_edge(false);
    return {};
  case key_end:
  case 'G':
    t.select_edge(true);
    return {};
  case key_page_up:
    log.scroll(page, ui.pane_height);
    return {};
  case key_page_down:
    log.scroll(-page, ui.pane_height);
    return {};
  case 'f':
    log.follow();
    return {};
  case '/':
    ui.mode = input_mode::filter;
    ui.input = t.filter();
    return {};
  case '?':
    ui.mode = input_mode::search;
    ui.input = log.search();
    return {};
  case 'n':
  case 'N':
    if (!log.jump_to_match(key == 'n', ui.pane_height))
      tell(ui,
           log.search().empty() ? "no search: ? searches the log"
                                : "no more matches",
           ui.now_ms);
    return {};
  case key_escape:
    t.set_filter({});
    log.set_search({});
    return {};
  case 'c':
    t.cycle_sort();
    return {};
  case 'C':
    t.reverse_sort();
    return {};
  case 's':
    return act(command::start, t, ui);
  case 'x':
    return act(command::stop, t, ui);
  case 'r':
    return act(command::restart, t, ui);
  case 'o':
    return act(command::open_url, t, ui);
  case 'e':
    ui.lower = ui.lower == pane::logs ? pane::errors : pane::logs;
    if (ui.lower == pane::errors && t.selected() != nullptr)
      return {command::show_errors, t.selected()->name};
    return {};
  default:
    return {};
  }
}

} // namespace hummel::ui

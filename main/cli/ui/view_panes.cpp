// The frame's title line, lower pane (logs or errors) and bottom line.

#include "main/cli/ui/view_detail.hpp"

#include <algorithm>

namespace hummel::ui::detail {

namespace {

constexpr std::string_view help_text
  = " q quit  j/k move  / filter  c/C sort  s/x/r start/stop/restart  o url  "
    "e errors  ? search  n/N  PgUp/PgDn  f follow";

/// The byte length of the first `points` code points of `text`.
size_t prefix_bytes(std::string_view text, size_t points) {
  size_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) {
      if (seen == points)
        return i;
      ++seen;
    }
  return text.size();
}

screen_line log_line(const log_entry& e, const log_buffer& log, size_t width) {
  screen_line line;
  auto prefix = (e.clock.empty() ? std::string(8, ' ') : e.clock)
                + (e.is_stderr ? " ! " : "   ");
  line.text = prefix + e.text;
  if (e.is_stderr)
    line.spans.push_back({prefix.size() - 2, prefix.size() - 1, style::bad});
  line.text = fit(line.text, width);
  auto limit = prefix_bytes(line.text, width);
  for (auto [b, end] : log.matches(e.text)) {
    auto from = prefix.size() + b;
    auto to = std::min(prefix.size() + end, limit);
    if (from < to)
      line.spans.push_back({from, to, style::match});
  }
  return line;
}

} // namespace

screen_line title_line(const table& t, const ui_state& ui,
                       const frame_input& in, size_t width) {
  std::string text = " hummel ui  " + in.project;
  if (!t.node().empty())
    text += "  node " + t.node();
  auto shown = t.visible().size();
  text += "  " + std::to_string(shown);
  if (shown != t.size())
    text += "/" + std::to_string(t.size());
  text += t.size() == 1 ? " process" : " processes";
  if (!t.filter().empty())
    text += "  filter \"" + t.filter() + "\"";
  screen_line line;
  line.base = style::title;
  if (!ui.connection.empty()) {
    text += "  ";
    auto begin = text.size();
    text += ui.connection;
    line.spans.push_back({begin, text.size(), style::alert});
  }
  line.text = fit(text, width);
  auto limit = prefix_bytes(line.text, width);
  for (auto& s : line.spans)
    s.end = std::min(s.end, limit);
  return line;
}

screen_line nodes_line(const table& t, size_t width) {
  screen_line line;
  line.text = " nodes:";
  for (const auto& n : t.nodes()) {
    bool shown = t.only_node().empty() || t.only_node() == n.name
                 || t.only_node() == n.address;
    line.text += shown ? "  " : "  (";
    line.text += n.name + " ";
    auto begin = line.text.size();
    line.text += n.state;
    if (n.state == "stale" || n.state == "connecting") {
      if (n.heard_ms_ago >= 0)
        line.text += " " + format_age(n.heard_ms_ago) + " ago";
      line.spans.push_back({begin, line.text.size(), style::alert});
    }
    line.text += " " + std::to_string(n.processes);
    if (!shown)
      line.text += ")";
  }
  line.text = fit(line.text, width);
  auto limit = line.text.size();
  std::erase_if(line.spans, [&](const span& s) { return s.begin >= limit; });
  for (auto& s : line.spans)
    s.end = std::min(s.end, limit);
  return line;
}

void lower_pane(frame& f, const table& t, const log_buffer& log,
                const ui_state& ui, const frame_input& in, size_t width,
                size_t height) {
  const auto* sel = t.selected();
  std::string name = sel != nullptr ? sel->name : std::string{};
  if (ui.lower == pane::errors) {
    f.lines.push_back(
      {fit(" errors: " + name + "  (e: back to the log)", width),
       style::header,
       {}});
    for (size_t i = 0; i < height; ++i) {
      if (i < in.errors.size())
        f.lines.push_back({fit(in.errors[i], width), style::normal, {}});
      else if (i == 0)
        f.lines.push_back({fit("  no errors found", width), style::dim, {}});
      else
        f.lines.push_back({fit("", width), style::normal, {}});
    }
    return;
  }
  std::string title = " log: " + log.process();
  title += log.offset() == 0
             ? "  (following)"
             : "  (" + std::to_string(log.offset()) + " lines back; f follows)";
  if (!log.search().empty())
    title += "  search \"" + log.search() + "\"";
  f.lines.push_back({fit(title, width), style::header, {}});
  const auto& lines = log.lines();
  auto end = lines.size() - std::min(log.offset(), lines.size());
  auto begin = end > height ? end - height : 0;
  size_t drawn = 0;
  for (auto i = begin; i < end; ++i, ++drawn)
    f.lines.push_back(log_line(lines[i], log, width));
  for (; drawn < height; ++drawn)
    f.lines.push_back({fit("", width), style::normal, {}});
}

screen_line bottom_line(const ui_state& ui, const frame_input& in,
                        size_t width) {
  if (ui.mode != input_mode::table) {
    bool filter = ui.mode == input_mode::filter;
    auto text = std::string{filter ? "/" : "?"} + ui.input + "_";
    text += filter ? "   filter the processes; Enter keeps, Esc clears"
                   : "   search the log; Enter keeps, Esc clears, n/N next";
    return {fit(text, width), style::header, {}};
  }
  if (!ui.message.empty() && in.now_ms < ui.message_until_ms)
    return {fit(" " + ui.message, width), style::alert, {}};
  return {fit(help_text, width), style::header, {}};
}

} // namespace hummel::ui::detail

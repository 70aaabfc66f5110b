// The table part of the frame (cells, columns, rows) and the frame's
// layout; the panes and the bottom line are in view_panes.cpp.

#include "main/cli/ui/view.hpp"

#include "main/cli/ui/view_detail.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace hummel::ui {

namespace {

/// The width of each column (URL: at least; it takes what is left).
size_t natural_width(column c) {
  switch (c) {
  case column::status:
    return 9;
  case column::ready:
    return 5;
  case column::pid:
    return 7;
  case column::uptime:
    return 6;
  case column::restarts:
    return 3;
  case column::cpu:
    return 5;
  case column::rss:
    return 6;
  case column::url:
    return 12;
  case column::errors:
    return 3;
  default: // name, node: room for the title and the sort mark
    return 5;
  }
}

bool right_aligned(column c) {
  return c == column::pid || c == column::uptime || c == column::restarts
         || c == column::cpu || c == column::rss || c == column::errors;
}

style status_style(const std::string& status) {
  if (status == "running")
    return style::good;
  if (status == "failed" || status == "crashed")
    return style::bad;
  if (status == "backoff" || status == "waiting" || status == "stopping")
    return style::warn;
  return style::dim;
}

} // namespace

std::string format_age(int64_t ms) {
  if (ms <= 0)
    return "-";
  auto s = ms / 1000;
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof(buf), "%llds", static_cast<long long>(s));
  else if (s < 3600)
    std::snprintf(buf, sizeof(buf), "%lldm%02lld",
                  static_cast<long long>(s / 60),
                  static_cast<long long>(s % 60));
  else if (s < 86400)
    std::snprintf(buf, sizeof(buf), "%lldh%02lld",
                  static_cast<long long>(s / 3600),
                  static_cast<long long>(s % 3600 / 60));
  else
    std::snprintf(buf, sizeof(buf), "%lldd%02lldh",
                  static_cast<long long>(s / 86400),
                  static_cast<long long>(s % 86400 / 3600));
  return buf;
}

std::string format_size(uint64_t bytes) {
  if (bytes == 0)
    return "-";
  char buf[32];
  auto b = static_cast<double>(bytes);
  if (bytes < (1u << 20))
    std::snprintf(buf, sizeof(buf), "%lluK",
                  static_cast<unsigned long long>((bytes + 1023) / 1024));
  else if (bytes < (1ull << 30))
    std::snprintf(buf, sizeof(buf), "%.1fM", b / (1 << 20));
  else
    std::snprintf(buf, sizeof(buf), "%.1fG", b / (1 << 30));
  return buf;
}

std::string fit(std::string_view text, size_t width) {
  std::string out;
  size_t points = 0;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    auto u = static_cast<unsigned char>(text[i]);
    if ((u & 0xc0) != 0x80) {
      if (points == width)
        break;
      ++points;
    }
  }
  out.assign(text.substr(0, i));
  out.append(width - points, ' ');
  return out;
}

std::string cell_text(const process_row& r, column c, int64_t now_ms) {
  switch (c) {
  case column::name:
    return r.name;
  case column::node:
    return r.node.empty() ? "-" : r.node;
  case column::status:
    return r.status.empty() ? "-" : r.status;
  case column::ready:
    return r.pid == 0 ? "-" : (r.ready ? "yes" : "no");
  case column::pid:
    return r.pid == 0 ? "-" : std::to_string(r.pid);
  case column::uptime:
    if (r.pid == 0)
      return "-";
    return format_age(r.start_ms > 0 ? now_ms - r.start_ms : r.uptime_ms);
  case column::restarts:
    return std::to_string(r.restarts);
  case column::cpu: {
    if (r.pid == 0)
      return "-";
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1f", r.cpu);
    return buf;
  }
  case column::rss:
    return r.pid == 0 ? "-" : format_size(r.rss);
  case column::url:
    return r.url.empty() ? "-" : r.url;
  case column::errors:
    return r.errors == 0 ? "-" : std::to_string(r.errors);
  }
  return "-";
}

std::vector<std::pair<column, size_t>> layout_columns(const table& t,
                                                      size_t width) {
  std::array<size_t, column_count> w{};
  for (size_t i = 0; i < column_count; ++i)
    w[i] = natural_width(static_cast<column>(i));
  auto& name_w = w[static_cast<size_t>(column::name)];
  auto& node_w = w[static_cast<size_t>(column::node)];
  for (const auto* r : t.visible()) {
    name_w = std::max(name_w, r->name.size());
    node_w = std::max(node_w, r->node.size());
  }
  name_w = std::min<size_t>(name_w, 32);
  node_w = std::min<size_t>(node_w, 20);
  // Most wanted first; each costs its width plus one space.
  static constexpr column priority[]
    = {column::name,   column::status, column::pid,   column::uptime,
       column::cpu,    column::rss,    column::ready, column::restarts,
       column::errors, column::node,   column::url};
  std::array<bool, column_count> shown{};
  size_t used = 0;
  bool nodes = t.has_nodes();
  for (auto c : priority) {
    auto i = static_cast<size_t>(c);
    if (c == column::node && !nodes)
      continue;
    auto need = w[i] + (used == 0 ? 0 : 1);
    if (used + need > width) {
      if (used == 0) { // not even the name fits: a narrow name
        w[i] = width;
        need = width;
      } else {
        continue;
      }
    }
    shown[i] = true;
    used += need;
  }
  std::vector<std::pair<column, size_t>> out;
  for (size_t i = 0; i < column_count; ++i)
    if (shown[i])
      out.emplace_back(static_cast<column>(i), w[i]);
  // URL (else the last column) takes the rest of the line.
  if (!out.empty()) {
    auto url = std::find_if(out.begin(), out.end(), [](const auto& x) {
      return x.first == column::url;
    });
    (url != out.end() ? *url : out.back()).second += width - used;
  }
  return out;
}

namespace detail {

screen_line table_header(const table& t,
                         const std::vector<std::pair<column, size_t>>& cols,
                         size_t width) {
  std::string text;
  for (const auto& [c, w] : cols) {
    std::string title{column_title(c)};
    if (c == t.sort_column())
      title += t.descending() ? "v" : "^";
    if (!text.empty())
      text += ' ';
    text += right_aligned(c) && title.size() < w
              ? std::string(w - title.size(), ' ') + title
              : fit(title, w);
  }
  return {fit(text, width), style::header, {}};
}

screen_line table_row(const process_row& r,
                      const std::vector<std::pair<column, size_t>>& cols,
                      size_t width, bool selected, int64_t now_ms) {
  screen_line line;
  line.base = selected ? style::selected : style::normal;
  for (const auto& [c, w] : cols) {
    if (!line.text.empty())
      line.text += ' ';
    auto cell = cell_text(r, c, now_ms);
    auto begin = line.text.size();
    if (right_aligned(c) && cell.size() < w)
      line.text += std::string(w - cell.size(), ' ') + cell;
    else
      line.text += fit(cell, w);
    if (c == column::status)
      line.spans.push_back({begin, line.text.size(), status_style(r.status)});
    if (c == column::errors && r.errors > 0)
      line.spans.push_back({begin, line.text.size(), style::bad});
  }
  line.text = fit(line.text, width);
  return line;
}

} // namespace detail

frame compose(const table& t, const log_buffer& log, ui_state& ui,
              const frame_input& in) {
  frame f;
  auto width = static_cast<size_t>(std::max(in.width, 1));
  auto height = static_cast<size_t>(std::max(in.height, 1));
  f.lines.reserve(height);
  f.lines.push_back(detail::title_line(t, ui, in, width));
  if (height < 2)
    return f;
  // The cluster view has a line of nodes under the title.
  size_t top = 1;
  if (t.cluster() && height >= 4) {
    f.lines.push_back(detail::nodes_line(t, width));
    top = 2;
  }
  // Rows between the title, the column titles and the help line.
  auto avail = height >= top + 2 ? height - top - 2 : 0;
  const auto& rows = t.visible();
  auto wanted = std::max<size_t>(rows.size(), 1);
  auto min_pane = std::max<size_t>(3, avail / 3);
  auto table_h = avail > min_pane + 1 ? std::min(wanted, avail - min_pane - 1)
                                      : std::min(wanted, avail);
  auto pane_h = avail > table_h + 1 ? avail - table_h - 1 : 0;
  ui.pane_height = std::max<size_t>(pane_h, 1);
  auto cols = layout_columns(t, width);
  f.lines.push_back(detail::table_header(t, cols, width));
  auto sel = t.selected_index();
  if (sel < ui.table_top)
    ui.table_top = sel;
  if (table_h > 0 && sel >= ui.table_top + table_h)
    ui.table_top = sel - table_h + 1;
  if (rows.size() <= table_h)
    ui.table_top = 0;
  for (size_t i = 0; i < table_h; ++i) {
    auto n = ui.table_top + i;
    if (n < rows.size())
      f.lines.push_back(
        detail::table_row(*rows[n], cols, width, n == sel, in.now_ms));
    else if (i == 0 && rows.empty())
      f.lines.push_back({fit(t.size() == 0 ? "  no processes"
                                           : "  no process matches the filter",
                             width),
                         style::dim,
                         {}});
    else
      f.lines.push_back({fit("", width), style::normal, {}});
  }
  if (pane_h > 0)
    detail::lower_pane(f, t, log, ui, in, width, pane_h);
  while (f.lines.size() + 1 < height)
    f.lines.push_back({fit("", width), style::normal, {}});
  f.lines.push_back(detail::bottom_line(ui, in, width));
  return f;
}

} // namespace hummel::ui

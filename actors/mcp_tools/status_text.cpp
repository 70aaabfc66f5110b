#include "actors/mcp_tools/status_item.hpp"
#include "mcp/tools/text.hpp"

#include <algorithm>
#include <cstdio>

// The text content of a written scripts_status answer: the same lines as
// text.cpp's status_table renders from the JSON value.

namespace hummel::mcp_tools::detail {

namespace {

/// key_values of text.cpp: `field: value` lines, nulls and empty lists
/// left out.
void key_values(std::string& out, const item& it) {
  for (unsigned i = 0; i < n_fields; ++i) {
    auto f = static_cast<field>(i);
    if (!it.has(f) || (f == f_urls && it.x->urls.empty()))
      continue;
    out += field_names[f];
    out += ": ";
    out += it.cell[f];
    out += '\n';
  }
}

/// exit_of of text.cpp.
std::string exit_of(const item& it) {
  if (it.has(f_exit_code))
    return it.cell[f_exit_code];
  if (it.has(f_signal))
    return "sig " + it.cell[f_signal];
  return "-";
}

std::string bytes_cell(const item& it) {
  if (!it.has(f_rss_bytes) || it.x->rss_bytes == 0)
    return "-";
  char buf[32];
  auto b = static_cast<double>(it.x->rss_bytes);
  if (b < 1024.0 * 1024)
    std::snprintf(buf, sizeof(buf), "%.0f KiB", b / 1024);
  else
    std::snprintf(buf, sizeof(buf), "%.1f MiB", b / (1024.0 * 1024));
  return buf;
}

/// The columns of text.cpp's status_columns, in its order, by field.
struct column {
  const char* header;
  field f;
};

constexpr column columns[] = {
  {"NAME", f_name},
  {"STATUS", f_status},
  {"READY", f_ready},
  {"PID", f_pid},
  {"EXIT", f_exit_code},
  {"EXIT", f_signal},
  {"UPTIME", f_uptime_ms},
  {"RESTARTS", f_restarts},
  {"CPU", f_cpu_percent},
  {"RSS", f_rss_bytes},
  {"URL", f_urls},
  {"RUN", f_run_id},
  {"KIND", f_kind},
  {"STARTED", f_start_time},
  {"ENDED", f_end_time},
  {"ERRORS", f_error_count},
  {"LAST ERROR", f_last_error},
  {"RESTART REASON", f_restart_reason},
  {"LOG FILE", f_log_degraded},
  {"COMMAND", f_command},
};

std::string render_cell(const item& it, field f) {
  switch (f) {
  case f_exit_code:
  case f_signal:
    return exit_of(it);
  case f_uptime_ms:
    return (it.present & bit(f)) != 0 && it.uptime > 0
             ? mcp::text::duration(it.uptime)
             : std::string{"-"};
  case f_cpu_percent: {
    char buf[24];
    std::snprintf(buf, sizeof(buf), "%.1f%%",
                  (it.present & bit(f)) != 0 ? it.x->cpu_percent : 0.0);
    return buf;
  }
  case f_rss_bytes:
    return bytes_cell(it);
  case f_urls: {
    const auto& urls = it.x->urls;
    if ((it.present & bit(f)) == 0 || urls.empty())
      return "-";
    return urls.size() == 1
             ? urls[0]
             : urls[0] + " (+" + std::to_string(urls.size() - 1) + ")";
  }
  case f_log_degraded:
    return it.has(f) ? "degraded: " + it.cell[f] : std::string{"ok"};
  default:
    return it.field_cell(f);
  }
}

/// process_table of text.cpp.
std::string process_table(const std::vector<item>& items) {
  field_mask present = 0;
  for (const auto& it : items)
    present |= it.present;
  std::vector<const column*> cols;
  for (const auto& c : columns) {
    bool dup = std::any_of(cols.begin(), cols.end(), [&](const column* x) {
      return std::string_view{x->header} == c.header;
    });
    if ((present & bit(c.f)) != 0 && !dup)
      cols.push_back(&c);
  }
  std::vector<std::vector<std::string>> rows(items.size() + 1);
  std::vector<size_t> width(cols.size());
  for (size_t i = 0; i < cols.size(); ++i) {
    rows[0].push_back(cols[i]->header);
    width[i] = rows[0][i].size();
  }
  std::string errors;
  for (size_t r = 0; r < items.size(); ++r) {
    const auto& it = items[r];
    auto& row = rows[r + 1];
    row.reserve(cols.size());
    for (size_t i = 0; i < cols.size(); ++i) {
      row.push_back(render_cell(it, cols[i]->f));
      width[i] = std::max(width[i], row[i].size());
    }
    if (it.has(f_error))
      errors += it.field_cell(f_name) + ": " + it.cell[f_error] + "\n";
  }
  std::string out;
  for (const auto& row : rows) {
    auto start = out.size();
    for (size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size())
        out.append(width[i] - row[i].size() + 2, ' ');
    }
    while (out.size() > start && out.back() == ' ')
      out.pop_back();
    out += '\n';
  }
  return out + errors;
}

} // namespace

void tally_status(status_tally& n, const item& it) {
  if (!it.has(f_status) || it.cell[f_status].empty())
    return;
  const auto& st = it.cell[f_status];
  auto i = std::find_if(n.begin(), n.end(),
                        [&](const auto& x) { return x.first == st; });
  if (i == n.end())
    n.emplace_back(st, 1);
  else
    ++i->second;
}

std::string status_summary(size_t count, const status_tally& n) {
  std::string out
    = std::to_string(count) + (count == 1 ? " process" : " processes");
  if (count == 0)
    return out;
  // "3 running, 1 failed" in order of first appearance
  out += ": ";
  for (size_t i = 0; i < n.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += std::to_string(n[i].second);
    out += ' ';
    out += n[i].first;
  }
  return out;
}

std::string status_text(const std::vector<item>& items, bool brief) {
  status_tally n;
  for (const auto& it : items)
    tally_status(n, it);
  auto out = status_summary(items.size(), n);
  if (items.empty())
    return brief ? out : out + "\n";
  if (brief)
    return out;
  out += '\n';
  if (items.size() == 1)
    key_values(out, items[0]);
  else
    out += process_table(items);
  return out;
}

} // namespace hummel::mcp_tools::detail

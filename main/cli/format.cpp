#include "main/cli/format.hpp"

#include "common/duration_text.hpp"
#include "common/prefault.hpp"
#include "logs/text.hpp"
#include "main/cli/status_rows.hpp"
#include "main/cli/status_table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <vector>

namespace hummel::cli {

namespace {

using row = std::vector<std::string>;

/// Renders `cells`, rows of `cols` cells with the header first, as
/// left-aligned columns; `colors[n]` wraps row n's cell 1 (status). Flat:
/// a table of 10,000 rows is one allocation of cells, not 10,000.
std::string render(const std::vector<std::string>& cells, size_t cols,
                   const std::vector<std::string>& colors) {
  if (cols == 0)
    return {};
  std::vector<size_t> width(cols, 0);
  for (size_t k = 0; k < cells.size(); ++k)
    width[k % cols] = std::max(width[k % cols], cells[k].size());
  size_t total = 16;
  for (auto w : width)
    total += w + 2;
  auto n_rows = cells.size() / cols;
  std::string out;
  reserve_prefaulted(out, n_rows * total);
  for (size_t n = 0; n < n_rows; ++n) {
    auto start = out.size();
    for (size_t i = 0; i < cols; ++i) {
      const auto& cell = cells[n * cols + i];
      auto pad = i + 1 == cols ? 0 : width[i] - cell.size() + 2;
      bool colored = i == 1 && n > 0 && !colors[n].empty();
      if (colored)
        out += colors[n];
      out += cell;
      if (colored)
        out += "\x1b[0m";
      out.append(pad, ' ');
    }
    while (out.size() > start && out.back() == ' ')
      out.pop_back();
    out += '\n';
  }
  return out;
}

/// The same for rows of equal length.
std::string render(const std::vector<row>& rows,
                   const std::vector<std::string>& colors) {
  std::vector<std::string> cells;
  for (const auto& r : rows)
    cells.insert(cells.end(), r.begin(), r.end());
  return render(cells, rows.empty() ? 0 : rows[0].size(), colors);
}

std::string str(const nlohmann::json& x, const char* key) {
  auto i = x.find(key);
  if (i == x.end() || i->is_null())
    return "-";
  if (i->is_string())
    return i->get<std::string>();
  return i->dump();
}

} // namespace

std::string format_duration(int64_t ms) {
  if (ms <= 0)
    return "-";
  auto s = ms / 1000;
  if (s < 60)
    return std::to_string(s) + "s";
  return coarse_duration(s);
}

std::string format_bytes(uint64_t bytes) {
  if (bytes == 0)
    return "-";
  if (bytes < (1u << 20))
    return std::to_string(bytes >> 10) + " KiB";
  return format_fixed1(static_cast<double>(bytes) / (1u << 20)) + " MiB";
}

std::string format_fixed1(double v) {
  char buf[32];
  auto [end, ec]
    = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, 1);
  if (ec != std::errc{}) { // beyond 30 digits: printf's way, cut short
    std::snprintf(buf, sizeof(buf), "%.1f", v);
    return buf;
  }
  return {buf, end};
}

std::string format_status_table(const std::vector<status_row>& procs,
                                bool color) {
  status_table table{color};
  for (const auto& p : procs)
    table.add(p);
  return table.text();
}

std::string format_status_table(const nlohmann::json& status, bool color) {
  return format_status_table(status_rows_from(status), color);
}

std::string format_scripts_table(const nlohmann::json& list, bool color) {
  std::vector<row> rows{{"NAME", "KIND", "STATUS", "COMMAND"}};
  std::vector<std::string> colors{""};
  for (const auto& p : list.value("processes", nlohmann::json::array())) {
    rows.push_back(
      {str(p, "name"), str(p, "kind"), str(p, "status"), str(p, "command")});
    colors.push_back(color ? status_color(p.value("status", "")) : "");
  }
  // The status column is the third here; swap so render colours it.
  for (auto& r : rows)
    std::swap(r[1], r[2]);
  auto out = render(rows, colors);
  return out;
}

std::string format_nodes_table(const nlohmann::json& cluster, bool color) {
  std::vector<row> rows{
    {"NODE", "STATE", "ADDRESS", "HEARD", "VERSION", "PROCESSES", "ERROR"}};
  std::vector<std::string> colors{""};
  for (const auto& n : cluster.value("nodes", nlohmann::json::array())) {
    auto state = str(n, "state");
    std::string counts;
    auto all = n.value("counts", nlohmann::json::object());
    for (const auto& [k, v] : all.items())
      counts += (counts.empty() ? "" : " ") + v.dump() + " " + k;
    auto procs = std::to_string(n.value("processes", 0));
    if (!counts.empty())
      procs += " (" + counts + ")";
    auto ago = n.value("last_heard_ms_ago", nlohmann::json());
    std::string heard = ago.is_number()
                          ? (ago.get<int64_t>() < 1000
                               ? "now"
                               : format_duration(ago.get<int64_t>()) + " ago")
                          : "never";
    rows.push_back({str(n, "name"), state,
                    str(n, "address") + (n.value("tls", false) ? " (TLS)" : ""),
                    heard, str(n, "view_version"), procs, str(n, "error")});
    colors.push_back(!color                  ? ""
                     : state == "linked"     ? "\x1b[32m"
                     : state == "stale"      ? "\x1b[31m"
                     : state == "connecting" ? "\x1b[33m"
                                             : "\x1b[2m");
  }
  return render(rows, colors);
}

std::string format_log_lines(const nlohmann::json& lines, bool color) {
  std::string out;
  for (const auto& l : lines) {
    auto time = l.value("time", std::string{});
    auto hms = time.size() >= 19 ? time.substr(11, 8) : time;
    auto stream = l.value("stream", std::string{});
    bool err = stream == "stderr";
    bool event = stream == "hummel";
    out += hms + ' ';
    if (color)
      out += err ? "\x1b[31m" : event ? "\x1b[2m" : "\x1b[36m";
    out += l.value("process", std::string{});
    out += err ? " !" : event ? " =" : " |";
    if (color)
      out += "\x1b[0m";
    // The process's own escape sequences only where colour is wanted.
    auto text = l.value("text", std::string{});
    out += ' ' + (color ? text : strip_ansi(text)) + '\n';
  }
  return out;
}

} // namespace hummel::cli

#include "main/cli/status_table.hpp"

#include "common/prefault.hpp"
#include "main/cli/format.hpp"
#include "main/cli/status_rows.hpp"

#include <algorithm>

namespace hummel::cli {

namespace {

constexpr std::array<std::string_view, 14> headers{
  "NAME", "STATUS", "READY", "PID",  "UPTIME", "RESTARTS", "LAST EXIT",
  "CPU",  "RSS",    "URL",   "NODE", "ERRORS", "REASON",   "LOG FILE"};

enum col : size_t { c_status = 1, c_node = 10, c_errors, c_reason, c_log };

/// "yes"/"no" while a run is alive, else "-".
std::string_view ready_cell(const status_row& p) {
  if (p.status != "running" && p.status != "stopping")
    return "-";
  return p.ready ? "yes" : "no";
}

/// How the last run ended: "0", "1", "sig 15", or "-" (also while a run
/// is alive: the JSON gives no exit code then, and REASON says why the
/// process was restarted).
void last_exit_cell(const status_row& p, std::string& out) {
  if (p.status == "running" || p.status == "stopping")
    out = "-";
  else if (p.exit_code)
    out = *p.exit_code;
  else if (p.signal)
    out = "sig " + *p.signal;
  else
    out = "-";
}

void cell(const std::optional<std::string>& x, std::string& out) {
  if (x)
    out = *x;
  else
    out = "-";
}

/// The status colours (escape sequences), by color_of.
constexpr std::array<std::string_view, 4> palette{"\x1b[32m", "\x1b[31m",
                                                  "\x1b[33m", "\x1b[2m"};

/// The index in `palette` of the colour `status` is shown in.
uint8_t color_of(std::string_view status) {
  if (status == "running")
    return 0;
  if (status == "failed" || status == "crashed")
    return 1;
  if (status == "backoff" || status == "waiting" || status == "stopping")
    return 2;
  return 3;
}

} // namespace

std::string status_color(std::string_view status) {
  return std::string{palette[color_of(status)]};
}

status_table::status_table(bool color) : color_(color) {
  for (size_t i = 0; i < n_cols; ++i)
    width_[i] = headers[i].size();
}

void status_table::fill(const status_row& p, cells& c) const {
  cell(p.name, c[0]);
  cell(p.status, c[1]);
  c[2] = ready_cell(p);
  cell(p.pid, c[3]);
  c[4] = format_duration(p.uptime_ms);
  c[5] = std::to_string(p.restarts);
  last_exit_cell(p, c[6]);
  if (p.status == "running")
    c[7] = format_fixed1(p.cpu_percent) + '%';
  else
    c[7] = "-";
  c[8] = format_bytes(p.rss_bytes);
  cell(p.first_url, c[9]);
  cell(p.node, c[c_node]);
  c[c_errors] = std::to_string(p.error_count);
  cell(p.restart_reason, c[c_reason]);
  // The status says the log file misses lines: "running!" (a string
  // log_degraded is one that LOG FILE shows).
  if (p.log_degraded_is_string)
    c[c_status] += '!';
  cell(p.log_degraded, c[c_log]);
  if (c[c_log] == "-")
    c[c_log] = "ok";
  else
    c[c_log].insert(0, "degraded: ");
}

bool status_table::shown(size_t col) const {
  switch (col) {
  case c_node:
    return nodes_;
  case c_errors:
    return errors_;
  case c_reason:
    return reasons_;
  case c_log:
    return degraded_;
  default:
    return true;
  }
}

void status_table::expect(size_t line_bytes) {
  reserve_prefaulted(kept_, line_bytes);
}

void status_table::add(const status_row& p) {
  nodes_ = nodes_ || p.node.has_value();
  reasons_ = reasons_ || p.restart_reason.has_value();
  errors_ = errors_ || p.error_count > 0;
  degraded_ = degraded_ || p.log_degraded.has_value();
  fill(p, cells_);
  for (size_t i = 0; i < n_cols; ++i) {
    const auto& text = cells_[i];
    width_[i] = std::max(width_[i], text.size());
    kept_ += text;
    lengths_.push_back(static_cast<uint32_t>(text.size()));
  }
  colors_.push_back(color_of(p.status.value_or("")));
}

void status_table::line(const cell_views& c, std::string_view color,
                        std::string& out) const {
  auto start = out.size();
  size_t last = 0;
  for (size_t i = 0; i < n_cols; ++i)
    if (shown(i))
      last = i;
  for (size_t i = 0; i < n_cols; ++i) {
    if (!shown(i))
      continue;
    std::string_view text = c[i];
    if (!color.empty() && i == c_status)
      out += color;
    out += text;
    if (!color.empty() && i == c_status)
      out += "\x1b[0m";
    if (i != last)
      out.append(width_[i] - text.size() + 2, ' ');
  }
  while (out.size() > start && out.back() == ' ')
    out.pop_back();
  out += '\n';
}

std::string status_table::text() const {
  size_t per_row = 16;
  for (size_t i = 0; i < n_cols; ++i)
    if (shown(i))
      per_row += width_[i] + 2;
  std::string out;
  reserve_prefaulted(out, (rows() + 1) * per_row);
  cell_views c;
  for (size_t i = 0; i < n_cols; ++i)
    c[i] = headers[i];
  line(c, {}, out);
  std::string_view rest = kept_;
  for (size_t r = 0; r < rows(); ++r) {
    for (size_t i = 0; i < n_cols; ++i) {
      auto n = lengths_[r * n_cols + i];
      c[i] = rest.substr(0, n);
      rest.remove_prefix(n);
    }
    line(c, color_ ? palette[colors_[r]] : std::string_view{}, out);
  }
  return out;
}

} // namespace hummel::cli

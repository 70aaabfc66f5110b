#include "main/cli/format.hpp"

#include "common/duration_text.hpp"
#include "logs/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace hummel::cli {

namespace {

using row = std::vector<std::string>;

/// Renders rows as left-aligned columns; `colors[i]` wraps cell 1 (status).
std::string render(const std::vector<row>& rows,
                   const std::vector<std::string>& colors) {
  std::vector<size_t> width;
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i)
        width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::string out;
  for (size_t n = 0; n < rows.size(); ++n) {
    const auto& r = rows[n];
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      bool last = i + 1 == r.size();
      auto cell = r[i];
      auto pad = last ? 0 : width[i] - cell.size() + 2;
      if (i == 1 && n > 0 && !colors[n].empty())
        cell = colors[n] + cell + "\x1b[0m";
      line += cell;
      line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string status_color(const std::string& status) {
  if (status == "running")
    return "\x1b[32m";
  if (status == "failed" || status == "crashed")
    return "\x1b[31m";
  if (status == "backoff" || status == "waiting" || status == "stopping")
    return "\x1b[33m";
  return "\x1b[2m";
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
  char buf[32];
  if (bytes < (1u << 20))
    std::snprintf(buf, sizeof(buf), "%llu KiB",
                  static_cast<unsigned long long>(bytes >> 10));
  else
    std::snprintf(buf, sizeof(buf), "%.1f MiB",
                  static_cast<double>(bytes) / (1u << 20));
  return buf;
}

namespace {

/// "yes"/"no" while a run is alive, else "-".
std::string ready_cell(const nlohmann::json& p) {
  auto st = p.value("status", "");
  if (st != "running" && st != "stopping")
    return "-";
  return p.value("ready", false) ? "yes" : "no";
}

/// How the last run ended: "0", "1", "sig 15", or "-" (also while a run
/// is alive: the JSON gives no exit code then, and REASON says why the
/// process was restarted).
std::string last_exit_cell(const nlohmann::json& p) {
  auto st = p.value("status", "");
  if (st == "running" || st == "stopping")
    return "-";
  auto code = p.value("exit_code", nlohmann::json());
  if (code.is_number())
    return code.dump();
  auto sig = p.value("signal", nlohmann::json());
  if (sig.is_number())
    return "sig " + sig.dump();
  return "-";
}

bool any_has(const nlohmann::json& procs, const char* key) {
  return std::any_of(procs.begin(), procs.end(), [key](const auto& p) {
    return p.contains(key) && !p[key].is_null();
  });
}

} // namespace

std::string format_status_table(const nlohmann::json& status, bool color) {
  std::vector<row> rows{{"NAME", "STATUS", "READY", "PID", "UPTIME", "RESTARTS",
                         "LAST EXIT", "CPU", "RSS", "URL"}};
  std::vector<std::string> colors{""};
  // By reference: a copy of 10,000 processes cost more than the table.
  static const nlohmann::json none = nlohmann::json::array();
  auto found = status.find("processes");
  const auto& procs
    = found != status.end() && found->is_array() ? *found : none;
  bool nodes = any_has(procs, "node");
  bool reasons = any_has(procs, "restart_reason");
  bool errors = std::any_of(procs.begin(), procs.end(), [](const auto& p) {
    return p.value("error_count", 0) > 0;
  });
  bool degraded = any_has(procs, "log_degraded");
  if (nodes)
    rows[0].push_back("NODE");
  if (errors)
    rows[0].push_back("ERRORS");
  if (reasons)
    rows[0].push_back("REASON");
  if (degraded)
    rows[0].push_back("LOG FILE");
  for (const auto& p : procs) {
    char cpu[16] = "-";
    if (p.value("status", "") == "running")
      std::snprintf(cpu, sizeof(cpu), "%.1f%%", p.value("cpu_percent", 0.0));
    auto u = p.find("urls");
    const auto& urls = u != p.end() && u->is_array() ? *u : none;
    rows.push_back({str(p, "name"), str(p, "status"), ready_cell(p),
                    str(p, "pid"),
                    format_duration(p.value("uptime_ms", int64_t{0})),
                    std::to_string(p.value("restarts", 0)), last_exit_cell(p),
                    cpu, format_bytes(p.value("rss_bytes", uint64_t{0})),
                    urls.empty() ? "-" : urls[0].get<std::string>()});
    if (nodes)
      rows.back().push_back(str(p, "node"));
    if (errors)
      rows.back().push_back(std::to_string(p.value("error_count", 0)));
    if (reasons)
      rows.back().push_back(str(p, "restart_reason"));
    if (degraded) {
      // The status says the log file misses lines: "running!".
      rows.back()[1]
        += p.value("log_degraded", nlohmann::json()).is_string() ? "!" : "";
      auto why = str(p, "log_degraded");
      rows.back().push_back(why == "-" ? "ok" : "degraded: " + why);
    }
    colors.push_back(color ? status_color(p.value("status", "")) : "");
  }
  return render(rows, colors);
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

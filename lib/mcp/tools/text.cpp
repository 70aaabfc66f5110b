#include "mcp/tools/text.hpp"

#include "common/duration_text.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

namespace hummel::mcp::text {

using nlohmann::json;

namespace {

using row = std::vector<std::string>;

/// Left-aligned columns, two spaces apart, no trailing blanks.
std::string render(const std::vector<row>& rows) {
  std::vector<size_t> width;
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i)
        width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size())
        line.append(width[i] - r[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out += line + '\n';
  }
  return out;
}

/// A scalar as a cell: strings bare, null as "-".
std::string cell(const json& v) {
  if (v.is_null())
    return "-";
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_boolean())
    return v.get<bool>() ? "yes" : "no";
  return v.dump();
}

std::string bytes(const json& v) {
  if (!v.is_number() || v.get<double>() <= 0)
    return "-";
  char buf[32];
  auto b = v.get<double>();
  if (b < 1024.0 * 1024)
    std::snprintf(buf, sizeof(buf), "%.0f KiB", b / 1024);
  else
    std::snprintf(buf, sizeof(buf), "%.1f MiB", b / (1024.0 * 1024));
  return buf;
}

/// "1", "sig 9" or "-": how the last run ended.
std::string exit_of(const json& p) {
  if (auto c = p.find("exit_code"); c != p.end() && !c->is_null())
    return c->dump();
  if (auto s = p.find("signal"); s != p.end() && !s->is_null())
    return "sig " + s->dump();
  return "-";
}

/// One column of a process table: its header, the field that makes it
/// appear, and how a row renders it.
struct column {
  const char* header;
  const char* field;
  std::string (*render)(const json& p);
};

std::string field_cell(const json& p, const char* f) {
  auto i = p.find(f);
  return i == p.end() ? "-" : cell(*i);
}

const column status_columns[] = {
  {"NAME", "name", [](const json& p) { return field_cell(p, "name"); }},
  {"STATUS", "status", [](const json& p) { return field_cell(p, "status"); }},
  {"READY", "ready", [](const json& p) { return field_cell(p, "ready"); }},
  {"PID", "pid", [](const json& p) { return field_cell(p, "pid"); }},
  {"EXIT", "exit_code", exit_of},
  {"EXIT", "signal", exit_of},
  {"UPTIME", "uptime_ms",
   [](const json& p) {
     auto ms = p.value("uptime_ms", int64_t{0});
     return ms > 0 ? duration(ms) : std::string{"-"};
   }},
  {"RESTARTS", "restarts",
   [](const json& p) { return field_cell(p, "restarts"); }},
  {"CPU", "cpu_percent",
   [](const json& p) {
     char buf[24];
     std::snprintf(buf, sizeof(buf), "%.1f%%", p.value("cpu_percent", 0.0));
     return std::string{buf};
   }},
  {"RSS", "rss_bytes",
   [](const json& p) { return bytes(p.value("rss_bytes", json())); }},
  {"URL", "urls",
   [](const json& p) {
     auto urls = p.value("urls", json::array());
     if (!urls.is_array() || urls.empty())
       return std::string{"-"};
     auto first = cell(urls[0]);
     return urls.size() == 1
              ? first
              : first + " (+" + std::to_string(urls.size() - 1) + ")";
   }},
  {"RUN", "run_id", [](const json& p) { return field_cell(p, "run_id"); }},
  {"KIND", "kind", [](const json& p) { return field_cell(p, "kind"); }},
  {"STARTED", "start_time",
   [](const json& p) { return field_cell(p, "start_time"); }},
  {"ENDED", "end_time",
   [](const json& p) { return field_cell(p, "end_time"); }},
  {"NODE", "node", [](const json& p) { return field_cell(p, "node"); }},
  {"ERRORS", "error_count",
   [](const json& p) { return field_cell(p, "error_count"); }},
  {"LAST ERROR", "last_error",
   [](const json& p) { return field_cell(p, "last_error"); }},
  {"RESTART REASON", "restart_reason",
   [](const json& p) { return field_cell(p, "restart_reason"); }},
  {"LOG FILE", "log_degraded",
   [](const json& p) {
     auto x = p.value("log_degraded", json());
     return x.is_string() ? "degraded: " + x.get<std::string>()
                          : std::string{"ok"};
   }},
  {"COMMAND", "command",
   [](const json& p) { return field_cell(p, "command"); }},
};

/// A table of `items` with the columns whose fields appear in any item;
/// then a line per non-null `error`.
std::string process_table(const json& items) {
  std::vector<const column*> cols;
  for (const auto& c : status_columns) {
    bool present = std::any_of(items.begin(), items.end(), [&](const json& p) {
      return p.is_object() && p.contains(c.field);
    });
    bool dup = std::any_of(cols.begin(), cols.end(), [&](const column* x) {
      return std::string_view{x->header} == c.header;
    });
    if (present && !dup)
      cols.push_back(&c);
  }
  std::vector<row> rows{{}};
  for (const auto* c : cols)
    rows[0].push_back(c->header);
  std::string errors;
  for (const auto& p : items) {
    if (!p.is_object())
      continue;
    rows.emplace_back();
    for (const auto* c : cols)
      rows.back().push_back(c->render(p));
    if (auto e = p.find("error"); e != p.end() && e->is_string())
      errors += field_cell(p, "name") + ": " + e->get<std::string>() + "\n";
  }
  return render(rows) + errors;
}

/// "3 running, 1 failed" in order of first appearance.
std::string counts(const json& items) {
  std::vector<std::pair<std::string, int>> n;
  for (const auto& p : items) {
    auto st = p.is_object() ? p.value("status", std::string{}) : "";
    if (st.empty())
      continue;
    auto i = std::find_if(n.begin(), n.end(),
                          [&](const auto& x) { return x.first == st; });
    if (i == n.end())
      n.emplace_back(st, 1);
    else
      ++i->second;
  }
  std::string out;
  for (const auto& [st, k] : n)
    out += (out.empty() ? "" : ", ") + std::to_string(k) + " " + st;
  return out;
}

/// `field: value` lines for one object (nulls and empty lists left out).
std::string key_values(const json& p) {
  std::string out;
  for (const auto& [k, v] : p.items()) {
    if (v.is_null() || (v.is_array() && v.empty()))
      continue;
    std::string value;
    if (v.is_array())
      for (const auto& x : v)
        value += (value.empty() ? "" : " ") + cell(x);
    else
      value = cell(v);
    out += k + ": " + value + "\n";
  }
  return out;
}

/// "10:00:01 web: text" (stderr: "web [stderr]").
std::string log_line(const json& l) {
  auto time = l.value("time", std::string{});
  auto hms = time.size() >= 19 ? time.substr(11, 8) : time;
  auto who = l.value("process", std::string{});
  if (l.value("stream", std::string{}) == "stderr")
    who += " [stderr]";
  return hms + " " + who + ": " + l.value("text", std::string{}) + "\n";
}

std::string plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

} // namespace

std::string duration(int64_t ms) {
  if (ms < 60000) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.1f s", static_cast<double>(ms) / 1000);
    return buf;
  }
  return coarse_duration(ms / 1000);
}

std::string status_table(const json& x) {
  auto items = x.value("processes", json::array());
  auto node = x.value("node", std::string{});
  std::string head = plural(items.size(), "process", "processes");
  // The node only when it is not this one (a remote read has node_state).
  if (node == "*")
    head += " on every node";
  else if (x.contains("node_state"))
    head += " on " + node;
  if (items.empty())
    return head + "\n";
  head += ": " + counts(items) + "\n";
  if (items.size() == 1)
    return head + key_values(items[0]);
  return head + process_table(items);
}

std::string process_list(const json& x) {
  auto items = x.value("processes", json::array());
  std::string head
    = plural(items.size(), "process or script", "processes and scripts") + "\n";
  if (items.empty())
    return head;
  return head + process_table(items);
}

std::string command(const json& x) {
  auto name = x.value("name", std::string{});
  auto status = x.value("status", std::string{});
  auto pid = x.value("pid", json());
  std::string run = "run " + cell(x.value("run_id", json()));
  std::string out;
  if (x.value("duplicate", false))
    out = name + " is already running (pid " + cell(pid) + ", " + run
          + "); nothing was started";
  else
    out = name + ": " + status
          + (pid.is_null() ? "" : " (pid " + cell(pid) + ", " + run + ")");
  if (x.contains("timed_out")) {
    auto ms = x.value("duration_ms", json());
    auto took = ms.is_number() ? " after " + duration(ms.get<int64_t>()) : "";
    if (x.value("timed_out", false))
      out += "; still running" + took + " (timed out waiting)";
    else if (auto c = x.value("exit_code", json()); c.is_number())
      out += "; exit code " + c.dump() + took;
    else if (auto s = x.value("signal", json()); s.is_number())
      out += "; killed by signal " + s.dump() + took;
    else
      out += took;
  } else if (auto e = exit_of(x); e != "-" && pid.is_null()) {
    out += " (exit " + e + ")";
  }
  out += "\n";
  if (auto e = x.find("error"); e != x.end() && e->is_string())
    out += "error: " + e->get<std::string>() + "\n";
  for (const char* tail : {"output_tail", "stderr_tail"}) {
    auto lines = x.value(tail, json::array());
    if (!lines.is_array() || lines.empty())
      continue;
    out += std::string{tail == std::string_view{"output_tail"}
                         ? "--- output, last "
                         : "--- stderr, last "}
           + plural(lines.size(), "line", "lines") + " ---\n";
    for (const auto& l : lines)
      out += cell(l) + "\n";
  }
  return out;
}

std::string log_lines(const json& x) {
  auto lines = x.value("lines", json::array());
  std::string out;
  for (const auto& l : lines)
    out += log_line(l);
  if (lines.empty())
    out += "no lines\n";
  out += "next_seq: " + cell(x.value("next_seq", json()));
  if (x.value("truncated", false))
    out += " (older lines were skipped)";
  return out + "\n";
}

std::string search_matches(const json& x) {
  auto matches = x.value("matches", json::array());
  std::string out = plural(matches.size(), "match", "matches") + " in "
                    + cell(x.value("searched_lines", json())) + " lines"
                    + (matches.empty() ? "" : ", newest first")
                    + (x.value("truncated", false) ? " (more not shown)" : "")
                    + "\n";
  for (const auto& l : matches)
    out += log_line(l);
  for (const auto& g : x.value("gaps", json::array()))
    out += "\u2014 " + field_cell(g, "lost") + " lines lost from "
           + field_cell(g, "process") + "'s log file (seq "
           + field_cell(g, "first_seq") + "\u2013" + field_cell(g, "last_seq")
           + "): " + field_cell(g, "reason") + " \u2014\n";
  return out;
}

std::string cluster(const json& x) {
  std::vector<row> rows{{"NODE", "STATE", "ADDRESS", "PROCESSES", "HEARD"}};
  std::string errors;
  for (const auto& n : x.value("nodes", json::array())) {
    auto ago = n.value("last_heard_ms_ago", json());
    rows.push_back(
      {field_cell(n, "name"), field_cell(n, "state"), field_cell(n, "address"),
       field_cell(n, "processes"),
       ago.is_number() ? duration(ago.get<int64_t>()) + " ago" : "-"});
    if (auto e = n.find("error"); e != n.end() && e->is_string())
      errors += field_cell(n, "name") + ": " + e->get<std::string>() + "\n";
  }
  auto p = x.value("propagation", json::object());
  char buf[160];
  std::snprintf(buf, sizeof(buf),
                "propagation to this node: %lld changes, p50 %.1f ms, p99 "
                "%.1f ms, max %.1f ms\n",
                static_cast<long long>(p.value("count", int64_t{0})),
                p.value("p50_ms", 0.0), p.value("p99_ms", 0.0),
                p.value("max_ms", 0.0));
  std::string out = "node " + cell(x.value("node", json())) + "\n"
                    + render(rows) + errors + buf;
  // The view cell line only when something is held back or degraded.
  auto v = x.value("view_cell", json::object());
  const auto backlog = v.value("backlog", int64_t{0});
  if (backlog > 0 || v.value("mode", std::string{}) == "fenced") {
    auto tid = v.value("oldest_pin_thread", json());
    std::snprintf(buf, sizeof(buf),
                  "view cell: %s mode, %lld retired views waiting, oldest "
                  "pin %lld ms (thread %s)\n",
                  v.value("mode", std::string{"?"}).c_str(),
                  static_cast<long long>(backlog),
                  static_cast<long long>(v.value("oldest_pin_ms", int64_t{0})),
                  tid.is_number() ? std::to_string(tid.get<int>()).c_str()
                                  : "-");
    out += buf;
  }
  return out;
}

} // namespace hummel::mcp::text

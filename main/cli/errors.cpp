// `hummel errors [NAME] [-f] [--since …]`: the error records the daemon
// found in the output (logs_errors), newest first; with -f, polls for new
// records and repeats (a count that went up) and prints them as they come.
// With --node, what the cluster view carries of that node's (or every
// node's) processes: the error count and the newest headline.

#include "main/cli/commands.hpp"
#include "main/cli/protocol.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

namespace hummel::cli {

using nlohmann::json;

namespace {

std::string hhmmss(const std::string& iso) {
  // "2026-11-26T10:00:00.000Z" → "10:00:00.000"
  auto t = iso.find('T');
  if (t == std::string::npos)
    return iso;
  auto out = iso.substr(t + 1);
  if (!out.empty() && out.back() == 'Z')
    out.pop_back();
  return out;
}

} // namespace

std::string format_error_records(const json& records, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[31m" : "";
  const char* off = color ? "\x1b[0m" : "";
  std::string out;
  for (const auto& r : records) {
    out += hhmmss(r.value("time", "")) + "  " + bold + r.value("process", "")
           + off + "  " + red + r.value("kind", "") + off;
    auto count = r.value("count", 1);
    if (count > 1)
      out += "  x" + std::to_string(count);
    out += "  " + r.value("message", "");
    if (auto f = r.value("file", json()); f.is_string()) {
      out += "  " + f.get<std::string>();
      if (auto l = r.value("line", json()); l.is_number())
        out += ":" + l.dump();
      if (auto c = r.value("column", json()); c.is_number())
        out += ":" + c.dump();
    }
    out += "\n";
    for (const auto& l : r.value("lines", json::array()))
      out += "    " + l.get<std::string>() + "\n";
  }
  return out;
}

std::string format_error_summaries(const json& summaries) {
  std::vector<std::vector<std::string>> rows{
    {"NODE", "NAME", "ERRORS", "LAST ERROR"}};
  for (const auto& x : summaries) {
    auto last = x.value("last_error", json());
    rows.push_back({x.value("node", ""), x.value("process", ""),
                    std::to_string(x.value("error_count", 0)),
                    last.is_string() ? last.get<std::string>() : "-"});
  }
  if (rows.size() == 1)
    return "no errors\n";
  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& r : rows)
    for (size_t i = 0; i + 1 < r.size(); ++i)
      width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) {
      out += r[i];
      if (i + 1 < r.size())
        out += std::string(width[i] - r[i].size() + 2, ' ');
    }
    out += "\n";
  }
  return out;
}

int run_errors(const context& ctx, const errors_options& o) {
  json args{{"limit", o.limit}};
  if (!o.name.empty())
    args["name"] = o.name;
  if (!o.since.empty()) {
    auto parsed = parse_since(o.since, now_ms());
    if (!parsed || !parsed->time_ms) {
      print_error("--since takes an ISO 8601 time or a duration like 10m: '"
                  + o.since + "'");
      return exit_usage;
    }
    args["since"] = *parsed->time_ms;
  }
  if (!ctx.node.empty()) {
    if (o.follow) {
      print_error("-f follows this node's records; --node shows what the "
                  "cluster view has (counts and newest headlines)");
      return exit_usage;
    }
    args["node"] = ctx.node;
  }
  session s;
  if (auto rc = connect(ctx, s))
    return *rc;
  // Printed records: id@process → count.
  std::map<std::string, int> printed;
  for (;;) {
    auto r = s.call("logs_errors", args);
    if (r.exit != exit_ok)
      return report(r);
    auto records = r.structured.value("records", json::array());
    if (!o.follow) {
      if (ctx.json) {
        print_json(r.structured);
      } else if (r.structured.contains("summaries")) {
        auto text = format_error_summaries(r.structured["summaries"]);
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else {
        auto text = format_error_records(records, ctx.color);
        std::fwrite(text.data(), 1, text.size(), stdout);
      }
      return exit_ok;
    }
    // Following: oldest first, new or counted-up records only.
    auto fresh = json::array();
    for (auto i = records.rbegin(); i != records.rend(); ++i) {
      auto key
        = std::to_string(i->value("id", 0)) + "@" + i->value("process", "");
      auto count = i->value("count", 1);
      auto& seen = printed[key];
      if (seen >= count)
        continue;
      seen = count;
      fresh.push_back(*i);
    }
    if (ctx.json) {
      for (const auto& x : fresh) {
        auto line = x.dump(-1, ' ', false, json::error_handler_t::replace);
        std::printf("%s\n", line.c_str());
      }
    } else {
      auto text = format_error_records(fresh, ctx.color);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
  }
}

} // namespace hummel::cli

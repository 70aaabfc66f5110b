// `hummel logs`: the newest lines (logs_stream), a search (logs_search with
// -g), and following (-f): one logs_stream follow call per process at a
// time, each from its cursor, its lines printed as their progress
// notifications arrive, then called again from next_seq.

#include "main/cli/commands.hpp"
#include "main/cli/format.hpp"
#include "net/runtime_dir.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace hummel::cli {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr int64_t follow_timeout_ms = 30000;

/// The lines a follow call's result may repeat. Every line reaches the CLI
/// as a progress notification the moment it is fetched; the result only
/// moves the cursor (and repeats the first lines, printed once). At 10,000
/// the daemon built each 30 s call's end as 10,000 JSON lines, about 13 MB
/// per follower of a busy process at once.
constexpr int follow_result_lines = 100;
constexpr auto silence_limit
  = std::chrono::milliseconds{follow_timeout_ms} + 60s;

/// Prints log lines once each (per process, by seq), filtered by time and
/// pattern.
struct line_printer {
  const context& ctx;
  bool ndjson = false;
  std::optional<int64_t> since_ms;
  std::unique_ptr<RE2> pattern;
  std::map<std::string, uint64_t> printed;

  void emit(const json& line) {
    auto process = line.value("process", std::string{});
    auto seq = line.value("seq", uint64_t{0});
    auto& last = printed[process];
    if (seq != 0 && seq <= last)
      return;
    last = std::max(last, seq);
    if (since_ms) {
      auto t = parse_time(line.value("time", std::string{}));
      if (t && *t < *since_ms)
        return;
    }
    if (pattern
        && !RE2::PartialMatch(line.value("text", std::string{}), *pattern))
      return;
    std::string out;
    if (ndjson)
      out = line.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    else
      out = format_log_lines(json::array({line}), ctx.color);
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
};

/// The arguments of the first (non-follow) call.
std::pair<std::string, json> first_call(const logs_options& o,
                                        const since_value& since) {
  json args{{"limit", o.lines}};
  if (!o.name.empty())
    args["name"] = o.name;
  if (!o.stream.empty())
    args["stream"] = o.stream;
  if (o.grep.empty()) {
    if (since.seq)
      args["since_seq"] = *since.seq;
    return {"logs_stream", std::move(args)};
  }
  args["query"] = o.grep;
  args["regex"] = true;
  if (since.seq)
    args["since"] = *since.seq;
  else if (since.time_ms)
    args["since"] = format_time(*since.time_ms);
  return {"logs_search", std::move(args)};
}

/// The lines of a first call's result, oldest first.
json lines_of(const json& structured) {
  if (structured.contains("matches")) {
    auto m = structured["matches"];
    std::reverse(m.begin(), m.end());
    // Gap markers (lines a full disk kept out of the files) in their place.
    auto gaps = structured.value("gaps", json::array());
    if (gaps.empty())
      return m;
    for (auto& g : gaps)
      m.push_back(json{{"seq", g["seq"]},
                       {"time", g["time"]},
                       {"stream", g["stream"]},
                       {"run_id", g["run_id"]},
                       {"process", g["process"]},
                       {"text", g["text"]}});
    std::stable_sort(m.begin(), m.end(), [](const json& a, const json& b) {
      return a.value("time", "") < b.value("time", "");
    });
    return m;
  }
  return structured.value("lines", json::array());
}

/// Keeps only lines at or after `since_ms` (in place, in `structured`).
void drop_older(json& structured, int64_t since_ms) {
  auto& lines = structured["lines"];
  auto kept = json::array();
  for (auto& l : lines) {
    auto t = parse_time(l.value("time", std::string{}));
    if (!t || *t >= since_ms)
      kept.push_back(std::move(l));
  }
  lines = std::move(kept);
}

/// The names of every process (scripts_list result).
std::vector<std::string> names_of(const json& list) {
  std::vector<std::string> names;
  for (const auto& p : list.value("processes", json::array()))
    names.push_back(p.value("name", std::string{}));
  return names;
}

/// `logs -f`: one follow call per process in flight, re-issued from its
/// cursor after each answer; with no name, new processes join as listings
/// show them.
struct follower {
  const logs_options& o;
  session& s;
  line_printer& printer;
  bool all = false;
  std::map<std::string, uint64_t> cursor;
  std::map<int64_t, std::string> pending; // follow request id → process
  int64_t listing = 0;                    // a scripts_list in flight (id)

  /// Asks for the lines of `n` after its cursor (follow).
  std::optional<int> start(const std::string& n) {
    json a{{"name", n},
           {"since_seq", cursor[n]},
           {"follow", true},
           {"timeout_ms", follow_timeout_ms},
           {"limit", follow_result_lines}};
    if (!o.stream.empty())
      a["stream"] = o.stream;
    call_result err;
    auto id = s.send("logs_stream", std::move(a), true, err);
    if (!id)
      return report(err);
    pending[*id] = n;
    return std::nullopt;
  }

  /// Asks for the process list (all processes, one listing at a time).
  std::optional<int> relist() {
    if (!all || listing != 0)
      return std::nullopt;
    call_result err;
    auto id = s.send("scripts_list", json::object(), false, err);
    if (!id)
      return report(err);
    listing = *id;
    return std::nullopt;
  }

  /// Handles one answer; an exit code ends the follow.
  std::optional<int> answered(const session::event& ev) {
    if (listing != 0 && ev.id == listing) {
      listing = 0;
      if (ev.result.exit == exit_ok)
        for (const auto& n : names_of(ev.result.structured))
          if (cursor.emplace(n, 0).second)
            if (auto rc = start(n))
              return rc;
      return std::nullopt;
    }
    auto i = pending.find(ev.id);
    if (i == pending.end())
      return std::nullopt;
    auto name = i->second;
    pending.erase(i);
    if (ev.result.exit != exit_ok) {
      if (!all)
        return report(ev.result);
      cursor.erase(name); // gone; a later listing may bring it back
      return std::nullopt;
    }
    for (const auto& l : ev.result.structured.value("lines", json::array()))
      printer.emit(l);
    std::fflush(stdout);
    cursor[name] = std::max(
      cursor[name], ev.result.structured.value("next_seq", uint64_t{0}));
    return start(name);
  }

  /// Follows until an error or the daemon goes silent.
  int loop() {
    for (const auto& [n, seq] : cursor)
      if (auto rc = start(n))
        return *rc;
    auto on_progress = [this](int64_t, const json& line) {
      printer.emit(line);
      std::fflush(stdout);
    };
    auto last_heard = std::chrono::steady_clock::now();
    for (;;) {
      auto ev = s.next_response(on_progress, 2s);
      auto now = std::chrono::steady_clock::now();
      if (ev.timed_out) {
        if (now - last_heard > silence_limit) {
          print_error("the daemon stopped answering");
          return exit_failed;
        }
        if (auto rc = relist())
          return *rc;
        continue;
      }
      if (ev.id == 0)
        return report(ev.result);
      last_heard = now;
      if (auto rc = answered(ev))
        return *rc;
    }
  }
};

int follow(const context& ctx, const logs_options& o, const since_value& since,
           session& s) {
  line_printer printer{ctx};
  printer.ndjson = ctx.json;
  if (!o.grep.empty()) {
    RE2::Options ro;
    ro.set_log_errors(false);
    printer.pattern = std::make_unique<RE2>(o.grep, ro);
    if (!printer.pattern->ok()) {
      print_error("invalid regular expression: " + printer.pattern->error());
      return exit_failed;
    }
  }
  follower f{o, s, printer};
  f.all = o.name.empty();
  std::vector<std::string> names{o.name};
  if (f.all) {
    auto r = s.call("scripts_list", json::object());
    if (r.exit != exit_ok)
      return report(r);
    names = names_of(r.structured);
  }
  // Cursors first, then the newest lines: a line arriving in between is
  // followed and printed once (the printer skips seqs it has printed).
  for (const auto& n : names) {
    auto r = s.call("logs_stream", json{{"name", n}, {"limit", 1}});
    if (r.exit != exit_ok) {
      if (!f.all)
        return report(r);
      continue;
    }
    f.cursor[n] = r.structured.value("next_seq", uint64_t{0});
  }
  auto [tool, args] = first_call(o, since);
  auto first = s.call(tool, std::move(args));
  if (first.exit != exit_ok)
    return report(first);
  printer.since_ms = since.time_ms;
  for (const auto& l : lines_of(first.structured))
    printer.emit(l);
  std::fflush(stdout);
  if (o.grep.empty())
    printer.since_ms.reset();
  return f.loop();
}

} // namespace

int run_logs(const context& ctx, const logs_options& o) {
  since_value since;
  if (!o.since.empty()) {
    auto parsed = parse_since(o.since, now_ms());
    if (!parsed) {
      print_error("--since takes a sequence number, an ISO 8601 time or a "
                  "duration like 10m: '"
                  + o.since + "'");
      return exit_usage;
    }
    since = *parsed;
    if (since.seq && o.name.empty()) {
      print_error("--since with a sequence number needs a process NAME "
                  "(sequence numbers are per process)");
      return exit_usage;
    }
  }
  session s;
  auto err = s.connect(net::socket_path(ctx.project_id));
  if (err && err->exit == exit_no_daemon)
    return run_logs_offline(ctx, o);
  if (err)
    return report(*err);
  if (o.follow)
    return follow(ctx, o, since, s);
  auto [tool, args] = first_call(o, since);
  auto r = s.call(tool, std::move(args));
  if (r.exit != exit_ok)
    return report(r);
  if (o.grep.empty() && since.time_ms)
    drop_older(r.structured, *since.time_ms);
  if (ctx.json) {
    print_json(r.structured);
    return exit_ok;
  }
  auto text = format_log_lines(lines_of(r.structured), ctx.color);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return exit_ok;
}

} // namespace hummel::cli

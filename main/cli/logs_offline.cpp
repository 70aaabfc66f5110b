// `hummel logs` when no daemon runs: the same lines, read from the
// per-process log files in the project's state folder
// (`<state dir>/logs/<name>.log` and its rotated files, the format of
// lib/logs/log_format.hpp). NAME, -n, -g, --stream and --since work as with
// a daemon; -f needs one.

#include "common/paths.hpp"
#include "config/load.hpp"
#include "logs/log_file.hpp"
#include "logs/log_format.hpp"
#include "logs/text.hpp"
#include "main/cli/commands.hpp"
#include "main/cli/format.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace hummel::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

/// The filters of one offline read.
struct filter {
  const logs_options& o;
  since_value since;
  std::unique_ptr<RE2> pattern;

  bool keep(const log_line& l) const {
    if (since.seq && l.seq <= *since.seq)
      return false;
    if (since.time_ms && l.time_ms < *since.time_ms)
      return false;
    // A gap marker (lines that never reached the file) is always shown.
    if (log_format::is_gap_marker(l))
      return true;
    if (!o.stream.empty() && o.stream != stream_name(l.stream))
      return false;
    return !pattern || RE2::PartialMatch(l.text, *pattern);
  }
};

struct found_line {
  std::string process;
  log_line line;
};

/// The processes whose files to read: NAME, else the configuration's order
/// followed by any other `*.log` file in the folder.
std::vector<std::string> processes_of(const fs::path& log_dir,
                                      const project_config& config,
                                      const std::string& name) {
  if (!name.empty())
    return {name};
  std::vector<std::string> out;
  for (const auto& p : config.processes)
    if (fs::exists(log_dir / (p.name + ".log")))
      out.push_back(p.name);
  std::vector<std::string> others;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(log_dir, ec)) {
    auto file = e.path().filename().string();
    if (file.size() > 4 && file.ends_with(".log")) {
      auto n = file.substr(0, file.size() - 4);
      if (std::find(out.begin(), out.end(), n) == out.end())
        others.push_back(n);
    }
  }
  std::sort(others.begin(), others.end());
  out.insert(out.end(), others.begin(), others.end());
  return out;
}

/// The newest `limit` kept lines of every process, oldest first.
std::vector<found_line> read_lines(const fs::path& log_dir,
                                   const std::vector<std::string>& names,
                                   uint32_t keep, const filter& f,
                                   size_t limit) {
  std::vector<found_line> all;
  for (const auto& n : names) {
    size_t taken = 0;
    log_file::scan_newest_first(log_dir / (n + ".log"), keep,
                                [&](const log_line& l) {
                                  if (f.keep(l)) {
                                    all.push_back({n, l});
                                    ++taken;
                                  }
                                  return taken < limit;
                                });
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.line.time_ms != b.line.time_ms ? a.line.time_ms < b.line.time_ms
                                            : a.line.seq < b.line.seq;
  });
  if (all.size() > limit)
    all.erase(all.begin(), all.end() - static_cast<ptrdiff_t>(limit));
  return all;
}

/// One line as the daemon's tools give it.
json to_json(const found_line& f) {
  return {{"seq", f.line.seq},
          {"time", format_time(f.line.time_ms)},
          {"stream", stream_name(f.line.stream)},
          {"run_id", f.line.run_id},
          {"process", f.process},
          {"text", sanitize_utf8(f.line.text)}};
}

} // namespace

int run_logs_offline(const context& ctx, const logs_options& o) {
  auto state = o.state_dir.empty() ? default_state_dir(ctx.project_id)
                                   : fs::path{o.state_dir};
  auto log_dir = state / "logs";
  if (o.follow) {
    print_error("no daemon running for " + ctx.dir.string()
                + "; -f needs one (start it with `hummel up`); without -f, "
                  "`hummel logs` reads the log files in "
                + log_dir.string());
    return exit_no_daemon;
  }
  std::error_code ec;
  if (!fs::is_directory(log_dir, ec)) {
    print_error("no daemon running for " + ctx.dir.string()
                + " and no log files in " + log_dir.string()
                + "; start one with `hummel up`");
    return exit_no_daemon;
  }
  print_error("daemon not running; reading log files in " + log_dir.string());
  filter f{o};
  if (!o.since.empty())
    f.since = parse_since(o.since, now_ms()).value_or(since_value{});
  if (!o.grep.empty()) {
    RE2::Options ro;
    ro.set_log_errors(false);
    f.pattern = std::make_unique<RE2>(o.grep, ro);
    if (!f.pattern->ok()) {
      print_error("invalid regular expression: " + f.pattern->error());
      return exit_failed;
    }
  }
  auto loaded = load_project(ctx.dir);
  auto keep = loaded.ok() ? loaded.config.daemon.log_file_count
                          : log_file::default_keep;
  if (!o.name.empty() && !fs::exists(log_dir / (o.name + ".log"), ec)) {
    print_error("no log file for '" + o.name + "' in " + log_dir.string());
    return exit_failed;
  }
  auto names = processes_of(log_dir, loaded.config, o.name);
  auto found = read_lines(log_dir, names, keep, f,
                          static_cast<size_t>(std::max(o.lines, 1)));
  json lines = json::array();
  for (const auto& l : found)
    lines.push_back(to_json(l));
  if (ctx.json) {
    print_json(
      json{{"lines", std::move(lines)}, {"log_dir", log_dir.string()}});
    return exit_ok;
  }
  auto text = format_log_lines(lines, ctx.color);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  return exit_ok;
}

} // namespace hummel::cli

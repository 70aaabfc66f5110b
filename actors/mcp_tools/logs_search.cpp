// logs_search: scans the log files (newest first) on a worker actor, as
// file reads block.

#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "logs/log_file.hpp"
#include "logs/log_format.hpp"
#include "logs/text.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace hummel::detail {
struct search_job;
} // namespace hummel::detail

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<hummel::detail::search_job>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<nlohmann::json>)

namespace hummel {

namespace detail {

/// One logs_search, as run by a detached worker.
struct search_job {
  std::vector<std::pair<std::string, std::filesystem::path>> files;
  uint32_t keep = 5;
  std::string query;
  bool regex = false;
  uint8_t stream = 0;
  uint64_t since_seq = 0;
  int64_t since_ms = 0;
  size_t limit = 100;
};

} // namespace detail

} // namespace hummel

namespace hummel::mcp_tools {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

using detail::search_job;

/// Parses "2026-11-26T13:40:06Z" (optionally with .mmm) to epoch ms.
std::optional<int64_t> parse_iso(const std::string& x) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(x.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec)
      != 6)
    return std::nullopt;
  if (auto dot = x.find('.'); dot != std::string::npos)
    ms = std::atoi(x.substr(dot + 1, 3).c_str());
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + ms;
}

/// Scans the log files newest first.
json run_search(const search_job& job) {
  std::unique_ptr<RE2> re;
  if (job.regex) {
    RE2::Options opts;
    opts.set_log_errors(false);
    re = std::make_unique<RE2>(job.query, opts);
  }
  auto matches = json::array();
  uint64_t searched = 0;
  bool truncated = false;
  std::vector<json> found;
  auto gaps = json::array();
  log_gap gap;
  for (const auto& [name, path] : job.files) {
    log_file::scan_newest_first(path, job.keep, [&](const log_line& l) {
      if (l.seq <= job.since_seq || l.time_ms < job.since_ms)
        return false;
      // Lines that never reached the file (a full disk): reported whatever
      // the query, so no one takes "no match" for "never printed".
      if (l.stream == log_stream::event && log_format::parse_gap(l.text, gap)) {
        auto g = line_json(l, name);
        g["first_seq"] = gap.first_seq;
        g["last_seq"] = gap.last_seq;
        g["lost"] = gap.lost;
        g["reason"] = sanitize_utf8(gap.reason);
        gaps.push_back(std::move(g));
      }
      ++searched;
      if (job.stream != 0 && static_cast<uint8_t>(l.stream) != job.stream)
        return true;
      bool hit = re ? RE2::PartialMatch(l.text, *re)
                    : l.text.find(job.query) != std::string::npos;
      if (hit) {
        if (found.size() >= job.limit * job.files.size()) {
          truncated = true;
          return false;
        }
        found.push_back(line_json(l, name));
      }
      return true;
    });
  }
  // Newest first across processes.
  std::stable_sort(
    found.begin(), found.end(), [](const json& a, const json& b) {
      return a["time"].get<std::string>() > b["time"].get<std::string>();
    });
  if (found.size() > job.limit) {
    found.resize(job.limit);
    truncated = true;
  }
  for (auto& x : found)
    matches.push_back(std::move(x));
  json result{{"matches", std::move(matches)}, {"searched_lines", searched}};
  if (!gaps.empty())
    result["gaps"] = std::move(gaps);
  if (truncated)
    result["truncated"] = true;
  return result;
}

/// A detached actor that runs one search when asked (`run`) and quits.
caf::behavior search_worker(caf::event_based_actor* self,
                            std::shared_ptr<detail::search_job> job) {
  return {[self, job](atom::run) {
    auto result = std::make_shared<json>(run_search(*job));
    self->quit();
    return result;
  }};
}

} // namespace

mcp::cancel_fn logs_search(mcp_backend& be, mcp::tool_call call) {
  const auto& args = call.args;
  auto& done = call.done;
  search_job job;
  job.query = args.at("query").get<std::string>();
  job.regex = args.value("regex", false);
  job.stream = stream_of(args);
  job.limit = args.value("limit", 100u);
  job.keep = be.ctx().log_file_count;
  if (job.regex) {
    RE2::Options opts;
    opts.set_log_errors(false);
    RE2 re{job.query, opts};
    if (!re.ok()) {
      done(tool_fail("invalid regular expression: " + re.error()));
      return {};
    }
  }
  auto name = args.value("name", std::string{});
  if (auto i = args.find("since"); i != args.end()) {
    if (i->is_number_integer()) {
      if (name.empty()) {
        done(tool_fail("'since' as a sequence number needs 'name'"));
        return {};
      }
      job.since_seq = i->get<uint64_t>();
    } else if (auto t = parse_iso(i->get<std::string>())) {
      job.since_ms = *t;
    } else {
      done(tool_fail("'since' must be a sequence number or an ISO 8601 time"));
      return {};
    }
  }
  auto names
    = name.empty() ? be.process_names() : std::vector<std::string>{name};
  if (!name.empty() && !be.ctx().cell->with([&](const status_view& v) {
        return v.find(name) != nullptr;
      })) {
    done(tool_fail("no process or script named '" + name + "'"));
    return {};
  }
  for (const auto& n : names)
    job.files.emplace_back(n, be.ctx().log_dir / (n + ".log"));
  // Scanning files blocks: do it on a detached actor, answer through a
  // request to it (the reply runs on this session).
  auto shared = std::make_shared<search_job>(std::move(job));
  auto self = be.self();
  auto worker = be.ctx().detached_search
                  ? self->spawn<caf::detached>(search_worker, shared)
                  : self->spawn(search_worker, shared);
  self->request(worker, 60s, atom::run_v)
    .then(
      [done](std::shared_ptr<json> result) {
        done(tool_ok(std::move(*result)));
      },
      [done](caf::error&) { done(tool_fail("log search timed out")); });
  return {};
}

} // namespace hummel::mcp_tools

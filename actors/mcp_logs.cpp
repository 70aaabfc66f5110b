// The log tools of mcp_backend: logs_stream (with follow) and logs_search.

#include "actors/mcp_backend.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "logs/log_file.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>

namespace hummel::detail {
struct search_job;
} // namespace hummel::detail

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<hummel::detail::search_job>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::shared_ptr<nlohmann::json>)

namespace hummel {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr auto follow_period = std::chrono::milliseconds{200};

uint8_t stream_of(const json& args) {
  auto i = args.find("stream");
  if (i == args.end() || !i->is_string())
    return 0;
  return *i == "stderr" ? 2 : 1;
}

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

} // namespace

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

namespace {

using detail::search_job;

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
  for (const auto& [name, path] : job.files) {
    log_file::scan_newest_first(path, job.keep, [&](const log_line& l) {
      if (l.seq <= job.since_seq || l.time_ms < job.since_ms)
        return false;
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

mcp::cancel_fn mcp_backend::logs_stream(const json& args,
                                        mcp::tool_progress progress,
                                        mcp::tool_done done) {
  log_query q;
  q.limit = args.value("limit", 100u);
  q.stream = stream_of(args);
  q.after_seq = args.value("since_seq", uint64_t{0});
  bool follow = args.value("follow", false);
  auto name = args.value("name", std::string{});
  if (name.empty()) {
    // All processes: the newest lines of each, merged by time.
    auto names = process_names();
    auto collected = std::make_shared<std::vector<json>>();
    auto pending = std::make_shared<size_t>(names.size());
    auto limit = q.limit;
    auto finish = [collected, limit, done] {
      std::stable_sort(
        collected->begin(), collected->end(), [](const json& a, const json& b) {
          return a["time"].get<std::string>() < b["time"].get<std::string>();
        });
      auto lines = json::array();
      auto skip = collected->size() > limit ? collected->size() - limit : 0;
      for (size_t i = skip; i < collected->size(); ++i)
        lines.push_back(std::move((*collected)[i]));
      json result{{"lines", std::move(lines)}, {"next_seq", 0}};
      if (skip > 0)
        result["truncated"] = true;
      done(tool_ok(std::move(result)));
    };
    if (names.empty()) {
      finish();
      return {};
    }
    q.after_seq = 0;
    for (const auto& n : names) {
      with_process(
        n,
        [this, n, q, collected, pending, finish](process_actor p) {
          self_->request(p, 5s, atom::logs_v, q)
            .then(
              [n, collected, pending, finish](log_page& page) {
                for (const auto& l : page.lines)
                  collected->push_back(line_json(l, n));
                if (--*pending == 0)
                  finish();
              },
              [pending, finish](caf::error&) {
                if (--*pending == 0)
                  finish();
              });
        },
        [pending, finish](std::string) {
          if (--*pending == 0)
            finish();
        });
    }
    return {};
  }
  if (!follow) {
    with_process(
      name,
      [this, name, q, done](process_actor p) {
        self_->request(p, 5s, atom::logs_v, q)
          .then(
            [name, q, done](log_page& page) {
              auto lines = json::array();
              uint64_t next = q.after_seq;
              for (const auto& l : page.lines) {
                lines.push_back(line_json(l, name));
                next = std::max(next, l.seq);
              }
              if (page.lines.empty())
                next = std::max(next, page.last_seq);
              json result{{"lines", std::move(lines)}, {"next_seq", next}};
              bool skipped = !page.lines.empty()
                             && page.lines.front().seq > q.after_seq + 1
                             && (q.after_seq > 0 || page.first_seq > 1);
              if (skipped)
                result["truncated"] = true;
              done(tool_ok(std::move(result)));
            },
            [done](caf::error&) { done(tool_fail("log query timed out")); });
      },
      [done](std::string why) { done(tool_fail(why)); });
    return {};
  }
  // Follow: start at the cursor (or at the end when none is given), poll
  // every 200 ms, report lines as progress, finish at the timeout.
  auto id = next_follow_++;
  auto call = std::make_unique<follow_call>();
  call->name = name;
  call->stream = q.stream;
  call->limit = q.limit;
  call->cursor = q.after_seq;
  call->deadline
    = std::chrono::steady_clock::now()
      + std::chrono::milliseconds{args.value("timeout_ms", int64_t{30000})};
  call->on_progress = std::move(progress);
  call->done = std::move(done);
  bool from_end = !args.contains("since_seq");
  follows_.emplace(id, std::move(call));
  with_process(
    name,
    [this, id, from_end](process_actor p) {
      auto i = follows_.find(id);
      if (i == follows_.end())
        return;
      i->second->proc = p;
      if (!from_end)
        return poll_follow(id);
      // Find the end of the log, then wait for what comes after it.
      log_query end;
      end.limit = 1;
      self_->request(p, 5s, atom::logs_v, end)
        .then(
          [this, id](log_page& page) {
            if (auto i = follows_.find(id); i != follows_.end()) {
              i->second->cursor = page.last_seq;
              poll_follow(id);
            }
          },
          [this, id](caf::error&) { finish_follow(id); });
    },
    [this, id](std::string why) {
      if (auto i = follows_.find(id); i != follows_.end()) {
        auto done = std::move(i->second->done);
        follows_.erase(i);
        done(tool_fail(why));
      }
    });
  return [this, id] { finish_follow(id); };
}

void mcp_backend::poll_follow(uint64_t id) {
  auto i = follows_.find(id);
  if (i == follows_.end())
    return;
  auto& call = *i->second;
  if (std::chrono::steady_clock::now() >= call.deadline)
    return finish_follow(id);
  log_query q;
  q.after_seq = call.cursor;
  q.limit = 1000;
  q.tail = false;
  q.stream = call.stream;
  self_->request(call.proc, 5s, atom::logs_v, q)
    .then(
      [this, id](log_page& page) {
        auto i = follows_.find(id);
        if (i == follows_.end())
          return;
        auto& call = *i->second;
        for (const auto& l : page.lines) {
          auto line = line_json(l, call.name);
          if (call.on_progress)
            call.on_progress(++call.progress, line);
          if (call.lines.size() < call.limit)
            call.lines.push_back(std::move(line));
          else
            call.truncated = true;
          call.cursor = std::max(call.cursor, l.seq);
        }
        self_->delayed_send(self_, follow_period, atom::follow_v, id);
      },
      [this, id](caf::error&) { finish_follow(id); });
}

void mcp_backend::on_follow_tick(uint64_t id) {
  poll_follow(id);
}

void mcp_backend::finish_follow(uint64_t id) {
  auto i = follows_.find(id);
  if (i == follows_.end())
    return;
  auto call = std::move(i->second);
  follows_.erase(i);
  json result{{"lines", std::move(call->lines)}, {"next_seq", call->cursor}};
  if (call->truncated)
    result["truncated"] = true;
  call->done(tool_ok(std::move(result)));
}

void mcp_backend::cancel_all() {
  while (!follows_.empty())
    finish_follow(follows_.begin()->first);
}

void mcp_backend::logs_search(const json& args, mcp::tool_done done) {
  search_job job;
  job.query = args.at("query").get<std::string>();
  job.regex = args.value("regex", false);
  job.stream = stream_of(args);
  job.limit = args.value("limit", 100u);
  job.keep = ctx_->log_file_count;
  if (job.regex) {
    RE2::Options opts;
    opts.set_log_errors(false);
    RE2 re{job.query, opts};
    if (!re.ok()) {
      done(tool_fail("invalid regular expression: " + re.error()));
      return;
    }
  }
  auto name = args.value("name", std::string{});
  if (auto i = args.find("since"); i != args.end()) {
    if (i->is_number_integer()) {
      if (name.empty()) {
        done(tool_fail("'since' as a sequence number needs 'name'"));
        return;
      }
      job.since_seq = i->get<uint64_t>();
    } else if (auto t = parse_iso(i->get<std::string>())) {
      job.since_ms = *t;
    } else {
      done(tool_fail("'since' must be a sequence number or an ISO 8601 time"));
      return;
    }
  }
  auto names = name.empty() ? process_names() : std::vector<std::string>{name};
  if (!name.empty() && ctx_->cell->read()->find(name) == nullptr) {
    done(tool_fail("no process or script named '" + name + "'"));
    return;
  }
  for (const auto& n : names)
    job.files.emplace_back(n, ctx_->log_dir / (n + ".log"));
  // Scanning files blocks: do it on a detached actor, answer through a
  // request to it (the reply runs on this session).
  auto worker = self_->spawn<caf::detached>(
    search_worker, std::make_shared<search_job>(std::move(job)));
  self_->request(worker, 60s, atom::run_v)
    .then(
      [done](std::shared_ptr<json> result) {
        done(tool_ok(std::move(*result)));
      },
      [done](caf::error&) { done(tool_fail("log search timed out")); });
}

} // namespace hummel

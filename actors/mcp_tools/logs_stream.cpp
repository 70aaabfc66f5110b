// logs_stream: the newest lines of one process (or all), from the PROCESS
// actors' memory rings; with follow, a follow call of the backend polls for
// new lines until the timeout or cancellation.

#include "actors/detail/clock.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "actors/mcp_tools/tools.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <chrono>

namespace hummel::mcp_tools {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// All processes: the newest lines of each, merged by time.
void all_processes(mcp_backend& be, log_query q, mcp::tool_done done) {
  auto names = be.process_names();
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
  if (names.empty())
    return finish();
  q.after_seq = 0;
  auto one_done = [pending, finish] {
    if (--*pending == 0)
      finish();
  };
  for (const auto& n : names) {
    be.with_process(
      n,
      [&be, n, q, collected, one_done](process_actor p) {
        be.self()
          ->request(p, 5s, atom::logs_v, q)
          .then(
            [n, collected, one_done](log_page& page) {
              for (const auto& l : page.lines)
                collected->push_back(line_json(l, n));
              one_done();
            },
            [one_done](caf::error&) { one_done(); });
      },
      [one_done](std::string) { one_done(); });
  }
}

/// One process, without follow.
void one_process(mcp_backend& be, const std::string& name, log_query q,
                 mcp::tool_done done) {
  be.with_process(
    name,
    [&be, name, q, done](process_actor p) {
      be.self()
        ->request(p, 5s, atom::logs_v, q)
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
}

} // namespace

mcp::cancel_fn logs_stream(mcp_backend& be, mcp::tool_call call) {
  const auto& args = call.args;
  log_query q;
  q.limit = args.value("limit", 100u);
  q.stream = stream_of(args);
  q.after_seq = args.value("since_seq", uint64_t{0});
  auto name = args.value("name", std::string{});
  if (name.empty()) {
    all_processes(be, q, std::move(call.done));
    return {};
  }
  if (!args.value("follow", false)) {
    one_process(be, name, q, std::move(call.done));
    return {};
  }
  // Follow: start at the cursor (or at the end when none is given), poll,
  // report lines as progress, finish at the timeout.
  auto f = std::make_unique<mcp_backend::follow_call>();
  f->name = name;
  f->stream = q.stream;
  f->limit = q.limit;
  f->cursor = q.after_seq;
  f->deadline
    = detail::now(be.self())
      + std::chrono::milliseconds{args.value("timeout_ms", int64_t{30000})};
  f->on_progress = std::move(call.progress);
  f->done = std::move(call.done);
  return be.start_follow(std::move(f), !args.contains("since_seq"));
}

} // namespace hummel::mcp_tools

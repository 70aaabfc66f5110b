// scripts_run with wait: no polling. A wait is a pending tool call kept in
// the session's backend; the STATUS CACHE's deltas (every snapshot it
// folded, in order, so the end of a run is seen even when the next run
// starts in the same publish) end it when its run ends, and one timer
// message ends it at its timeout. The answer adds the run's duration and
// the last lines of its output and stderr, read from the PROCESS actor's
// memory ring (the reactor hands a run's last lines over before its exit).

#include "actors/detail/clock.hpp"
#include "actors/mcp_backend.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "logs/text.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <chrono>

namespace hummel {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// Lines of output and of stderr in a wait's answer.
constexpr uint32_t tail_lines = 20;

/// `text` of the lines of run `run_id` in `page`, ANSI escapes stripped.
json tail_of(const log_page& page, uint32_t run_id) {
  auto out = json::array();
  for (const auto& l : page.lines)
    if (l.run_id == run_id)
      out.push_back(sanitize_utf8(strip_ansi(l.text)));
  return out;
}

/// Records of a wait's answer, and lines shown of each.
constexpr uint32_t run_errors = 5;
constexpr size_t error_lines = 5;

/// A wait's record: kind, headline, location, count and its first lines.
json run_error_json(const error_entry& e) {
  auto lines = json::array();
  for (size_t i = 0; i < e.lines.size() && i < error_lines; ++i)
    lines.push_back(sanitize_utf8(e.lines[i]));
  json r{{"kind", e.kind},
         {"severity", e.severity},
         {"message", sanitize_utf8(e.message)},
         {"headline", sanitize_utf8(headline(e))},
         {"count", e.count},
         {"lines", std::move(lines)}};
  if (!e.file.empty())
    r["file"] = sanitize_utf8(e.file);
  if (e.line > 0)
    r["line"] = e.line;
  if (e.column > 0)
    r["column"] = e.column;
  return r;
}

} // namespace

uint64_t mcp_backend::open_wait(std::string name,
                                std::chrono::milliseconds timeout,
                                mcp::tool_done done) {
  auto id = next_follow_++;
  auto w = std::make_unique<run_wait>();
  w->name = std::move(name);
  w->done = std::move(done);
  waits_.emplace(id, std::move(w));
  self_->delayed_send(self_, timeout, atom::follow_v, id);
  return id;
}

void mcp_backend::arm_wait(uint64_t id, snapshot_ptr x, bool duplicate) {
  auto i = waits_.find(id);
  if (i == waits_.end() || !x)
    return;
  auto& w = *i->second;
  w.pending_start = x->status == process_status::waiting;
  w.run_id = w.pending_start ? x->run_id + 1 : x->run_id;
  w.duplicate = duplicate;
  // Once the view holds `x`, every later delta is newer than it: check
  // the view, then each delta (the cache sends a publish's delta before
  // it answers the barrier).
  after_publish([this, id] {
    auto i = waits_.find(id);
    if (i == waits_.end())
      return;
    i->second->armed = true;
    auto view = ctx_->cell->read();
    if (auto* now = view->find(i->second->name))
      check_wait(id, std::make_shared<process_snapshot>(*now));
  });
}

void mcp_backend::fail_wait(uint64_t id, std::string why) {
  auto i = waits_.find(id);
  if (i == waits_.end())
    return;
  auto done = std::move(i->second->done);
  waits_.erase(i);
  done(tool_fail(std::move(why)));
}

void mcp_backend::cancel_wait(uint64_t id) {
  waits_.erase(id);
}

void mcp_backend::on_snapshots(const std::vector<snapshot_ptr>& xs) {
  if (waits_.empty())
    return;
  std::vector<uint64_t> ids;
  for (const auto& [id, w] : waits_)
    if (w->armed)
      ids.push_back(id);
  for (auto id : ids)
    for (const auto& x : xs)
      if (x && check_wait(id, x))
        break;
}

bool mcp_backend::check_wait(uint64_t id, const snapshot_ptr& x) {
  auto i = waits_.find(id);
  if (i == waits_.end())
    return true;
  const auto& w = *i->second;
  if (x->name != w.name)
    return false;
  bool ended = false;
  if (x->run_id > w.run_id)
    ended = true; // a later run already: ours is over
  else if (x->run_id == w.run_id)
    ended = !is_alive(x->status) && x->status != process_status::waiting;
  else // the start is still pending: it ends if the start was abandoned
    ended = w.pending_start && !is_alive(x->status)
            && x->status != process_status::waiting;
  if (ended)
    finish_wait(id, x, false);
  return ended;
}

void mcp_backend::on_timer(uint64_t id) {
  if (waits_.count(id) == 0)
    return poll_follow(id);
  // Timed out: answer with the process as it is now.
  auto view = ctx_->cell->read();
  auto* now = view->find(waits_[id]->name);
  if (now == nullptr)
    return fail_wait(id, "process '" + waits_[id]->name + "' is gone");
  finish_wait(id, std::make_shared<process_snapshot>(*now), true);
}

void mcp_backend::finish_wait(uint64_t id, snapshot_ptr x, bool timed_out) {
  auto i = waits_.find(id);
  if (i == waits_.end())
    return;
  auto w = std::move(i->second);
  waits_.erase(i);
  auto now = now_ms();
  auto result = std::make_shared<json>(status_json(*x, now));
  auto& r = *result;
  r["duplicate"] = w->duplicate;
  r["timed_out"] = timed_out;
  int64_t end = is_alive(x->status) || x->end_ms == 0 ? now : x->end_ms;
  bool ours = x->run_id == w->run_id && x->start_ms > 0;
  r["duration_ms"] = ours ? std::max<int64_t>(0, end - x->start_ms) : 0;
  r["output_tail"] = json::array();
  r["stderr_tail"] = json::array();
  r["errors"] = json::array();
  auto done = std::move(w->done);
  if (w->pending_start && x->run_id < w->run_id)
    return done(tool_ok(std::move(r))); // never started: no output
  auto run_id = w->run_id;
  // Two queries of the memory ring: the last lines of both streams, and
  // the last stderr lines (which a flood of stdout would push out).
  with_process(
    x->name,
    [this, result, run_id, done](process_actor p) {
      log_query all;
      all.limit = tail_lines;
      log_query err = all;
      err.stream = static_cast<uint8_t>(log_stream::err);
      self_->request(p, 5s, atom::logs_v, all)
        .then(
          [this, p, err, result, run_id, done](log_page& page) {
            (*result)["output_tail"] = tail_of(page, run_id);
            self_->request(p, 5s, atom::logs_v, err)
              .then(
                [this, p, result, run_id, done](log_page& page) {
                  (*result)["stderr_tail"] = tail_of(page, run_id);
                  add_errors(p, result, run_id, done);
                },
                [result, done](caf::error&) {
                  done(tool_ok(std::move(*result)));
                });
          },
          [result, done](caf::error&) { done(tool_ok(std::move(*result))); });
    },
    [result, done](std::string) { done(tool_ok(std::move(*result))); });
}

void mcp_backend::add_errors(process_actor p, std::shared_ptr<json> result,
                             uint32_t run_id, mcp::tool_done done) {
  error_query q;
  q.limit = run_errors;
  q.run = run_id;
  self_->request(p, 5s, atom::errors_v, q)
    .then(
      [result, done](error_page& page) {
        auto& xs = (*result)["errors"];
        for (const auto& e : page.records)
          xs.push_back(run_error_json(e));
        done(tool_ok(std::move(*result)));
      },
      [result, done](caf::error&) { done(tool_ok(std::move(*result))); });
}

} // namespace hummel

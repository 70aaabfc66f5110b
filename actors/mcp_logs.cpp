// Follow calls of logs_stream: poll the PROCESS actor for lines after the
// cursor every `follow_period` on the session's clock, report each line as
// progress, and finish at the deadline or on cancellation.

#include "actors/detail/clock.hpp"
#include "actors/mcp_backend.hpp"
#include "actors/mcp_follow.hpp"
#include "actors/mcp_session.hpp"
#include "messages/mcp_channel.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

namespace hummel {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr auto follow_period = std::chrono::milliseconds{200};

/// A follow whose client holds this many unread bytes fetches no more
/// lines until it reads (a follower that never reads costs this, not the
/// flood's rate in CPU and memory; the lines stay in the log). Below the
/// smallest fair share of the output budget (net::output_budget::
/// min_share), so waiting followers are not cut for it.
constexpr size_t follow_backlog = 48u << 10;

/// Lines per fetch: all new ones (up to 1,000) for a client that has read
/// everything it was sent, a few while it is behind or has not yet shown
/// that it reads (a hundred followers that connect at once and never read
/// would otherwise cost a burst of 100,000 lines of JSON, and the other
/// clients wait for the workers meanwhile).
constexpr uint32_t follow_batch = 1000;
constexpr uint32_t follow_batch_behind = 100;

} // namespace

mcp::cancel_fn mcp_backend::start_follow(std::unique_ptr<follow_call> call,
                                         bool from_end) {
  auto id = next_follow_++;
  auto name = call->name;
  call->channel = channel_;
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
  if (detail::now(self_) >= call.deadline)
    return finish_follow(id);
  size_t unsent = 0;
  if (auto ch = call.channel.lock())
    unsent = ch->unsent();
  if (unsent > follow_backlog) {
    self_->delayed_send(self_, follow_period, atom::follow_v, id);
    return;
  }
  if (unsent == 0 && call.progress > 0)
    call.reads = true;
  log_query q;
  q.after_seq = call.cursor;
  q.limit = unsent == 0 && call.reads ? follow_batch : follow_batch_behind;
  q.tail = false;
  q.stream = call.stream;
  self_->request(call.proc, 5s, atom::logs_v, q)
    .then(
      [this, id](log_page& page) {
        auto i = follows_.find(id);
        if (i == follows_.end())
          return;
        auto& call = *i->second;
        for (auto& l : page.lines) {
          if (call.on_progress)
            call.on_progress(++call.progress, line_json(l, call.name));
          call.cursor = std::max(call.cursor, l.seq);
          if (call.lines.size() < call.limit)
            call.lines.push_back(std::move(l));
          else
            call.truncated = true;
        }
        self_->delayed_send(self_, follow_period, atom::follow_v, id);
      },
      [this, id](caf::error&) { finish_follow(id); });
}

void mcp_backend::finish_follow(uint64_t id) {
  auto i = follows_.find(id);
  if (i == follows_.end())
    return;
  auto call = std::move(i->second);
  follows_.erase(i);
  auto lines = json::array();
  for (const auto& l : call->lines)
    lines.push_back(line_json(l, call->name));
  call->lines = {};
  json result{{"lines", std::move(lines)}, {"next_seq", call->cursor}};
  if (call->truncated)
    result["truncated"] = true;
  call->done(tool_ok(std::move(result)));
}

void mcp_backend::cancel_all() {
  while (!follows_.empty())
    finish_follow(follows_.begin()->first);
  waits_.clear();
}

} // namespace hummel

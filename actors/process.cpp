#include "actors/process.hpp"

#include "actors/detail/clock.hpp"
#include "actors/detail/log_query.hpp"
#include "actors/detail/run_text.hpp"
#include "actors/process_logs.hpp"
#include "actors/process_run.hpp"
#include "logs/text.hpp"
#include "messages/status_json.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace hummel {

process_state::process_state() = default;
process_state::~process_state() = default;

detail::process_errors& process_state::error_detection() {
  if (!errors)
    errors
      = std::make_unique<detail::process_errors>(def->name, ctx->error_rules);
  return *errors;
}

namespace {

void on_lines(self_ptr self, uint64_t child, uint8_t stream,
              std::vector<std::string>& lines) {
  auto& st = self->state;
  auto run_id = static_cast<uint32_t>(child & 0xffffffffu);
  auto time = detail::wall_ms(self);
  bool changed = false;
  bool found_errors = false;
  bool ready = false;
  st.batch.clear();
  st.batch.reserve(lines.size());
  for (auto& text : lines) {
    if (child == st.child) {
      if (st.ready_pattern && !st.snap.ready && !ready
          && RE2::PartialMatch(strip_ansi(text), *st.ready_pattern))
        ready = true;
      if (text.find("http") != std::string::npos) {
        for (auto& url : detect_urls(text)) {
          auto& urls = st.snap.urls;
          if (urls.size() < 16
              && std::find(urls.begin(), urls.end(), url) == urls.end()) {
            urls.push_back(std::move(url));
            changed = true;
          }
        }
      }
    }
    log_line line;
    line.seq = st.next_seq++;
    found_errors
      = st.error_detection().feed(stream, text, line.seq, run_id, time)
        || found_errors;
    line.time_ms = time;
    line.stream = static_cast<log_stream>(stream);
    line.run_id = run_id;
    line.text = std::move(text);
    st.batch.push_back(std::move(line));
  }
  if (st.ctx->printer != nullptr) {
    // The printer wants the texts; they now live in the batch.
    lines.clear();
    for (const auto& line : st.batch)
      lines.push_back(line.text);
    st.ctx->printer->print(st.def->name, stream, lines);
  }
  // last_seq is published with the next change (a line alone publishes
  // nothing), so an exit snapshot counts every line of its run.
  if (process_logs::write_batch(self))
    changed = true;
  if (found_errors && st.errors->to_snapshot(st.snap))
    changed = true;
  arm_errors_timer(self);
  if (ready)
    became_ready(self);
  else if (changed)
    publish(self);
}

void on_exit(self_ptr self, uint64_t child, int32_t code, int32_t sig,
             bool requested) {
  auto& st = self->state;
  if (child != st.child)
    return;
  using namespace std::chrono;
  auto ran_for
    = duration_cast<milliseconds>(self->clock().now() - st.started_at);
  st.child = 0;
  // A run that ends while its stop is on the way was stopped, even when it
  // ended before the reactor could signal it (then it says not requested).
  requested = requested || st.snap.status == process_status::stopping;
  if (requested)
    st.snap.status = process_status::stopped;
  else if (code == 0 && sig == 0)
    st.snap.status = process_status::succeeded;
  else
    st.snap.status = process_status::failed;
  st.snap.exit_code = code;
  st.snap.signal = sig;
  st.snap.end_ms = detail::wall_ms(self);
  st.snap.ready = false;
  st.snap.urls.clear(); // nothing listens there any more
  st.snap.cpu_percent = 0;
  st.snap.rss_bytes = 0;
  if (st.errors)
    st.errors->finish_run(st.snap); // a failed run shows its newest error
  process_logs::note(self, detail::end_text(code, sig, requested, ran_for));
  // The run is over: its log file holds no descriptor until the next line.
  st.wrote_since_sample = false;
  process_logs::close_if_quiet(st);
  publish(self);
  tell(self, run_event::kind::exited, code, sig, requested, ran_for.count());
  for (auto& rp : st.stop_promises)
    rp.deliver(st.published);
  st.stop_promises.clear();
}

/// The SUPERVISOR sets a state of its own (waiting, backoff, crashed, idle).
void mark(self_ptr self, process_status status, int64_t due,
          std::string& reason) {
  auto& st = self->state;
  if (is_alive(st.snap.status))
    return;
  // A stop ends a wait or a scheduled restart; a settled result (failed
  // (1), succeeded, crashed) is kept.
  if (status == process_status::stopped
      && st.snap.status != process_status::waiting
      && st.snap.status != process_status::backoff)
    return;
  st.snap.status = status;
  st.snap.restart_due_ms = due;
  if (!reason.empty())
    st.snap.error = std::move(reason);
  publish(self);
}

/// The compiled readiness log pattern of `def`, or null.
std::unique_ptr<RE2> ready_pattern(const process_def& def) {
  if (def.ready.type != readiness::kind::log)
    return nullptr;
  RE2::Options opts;
  opts.set_log_errors(false);
  return std::make_unique<RE2>(def.ready.log_pattern, opts);
}

/// `clear`: the logs (unless `errors_only`) and the error records.
caf::result<uint64_t, uint64_t, uint64_t> clear_logs(self_ptr self,
                                                     bool errors_only) {
  auto c = process_logs::clear(self->state, errors_only);
  if (!c.error.empty())
    return caf::make_error(ec::io_failed, std::move(c.error));
  // A marker keeps the sequence and the run id going in the file (a daemon
  // started later continues from its last record); after errors alone, it
  // keeps that daemon from finding the cleared errors again.
  process_logs::note(self, errors_only
                             ? std::string{process_logs::errors_cleared_note}
                             : std::string{"logs cleared"});
  publish(self);
  return {c.lines, c.bytes, c.records};
}

void on_usage(self_ptr self, uint64_t child, double cpu, uint64_t rss) {
  auto& st = self->state;
  if (child != st.child)
    return;
  // Snapshots cross the wire, where CAF 0.17 cannot pack a non-finite
  // double; a negative share means nothing.
  st.snap.cpu_percent = std::isfinite(cpu) && cpu > 0 ? cpu : 0;
  st.snap.rss_bytes = rss;
  process_logs::close_if_quiet(st);
  // A sample that changes nothing (a sleeping process) publishes nothing:
  // with thousands, every sample published them all.
  if (!same_as_published(st))
    publish(self);
}

} // namespace

process_actor::behavior_type
process(process_actor::stateful_pointer<process_state> self,
        std::shared_ptr<const process_def> def, uint32_t index,
        const process_context* ctx, status_cache_actor cache,
        run_listener_actor listener) {
  auto& st = self->state;
  st.def = def;
  st.ctx = ctx;
  st.cache = std::move(cache);
  st.listener = std::move(listener);
  st.snap.name = def->name;
  st.snap.index = index;
  st.snap.kind = def->kind;
  st.snap.command
    = def->argv.empty() ? def->command : detail::join_words(def->argv);
  st.snap.grace_ms = def->grace_period.count();
  st.ready_pattern = ready_pattern(*def);
  process_logs::open(st);
  publish(self);
  return {
    [self](atom::start, uint32_t restarts) -> caf::result<snapshot_ptr> {
      return start_run(self, restarts);
    },
    [self](atom::start, uint32_t restarts,
           std::string& reason) -> caf::result<snapshot_ptr> {
      if (!reason.empty() && !is_alive(self->state.snap.status)) {
        self->state.next_reason = reason;
        self->state.snap.restart_reason = std::move(reason);
      }
      return start_run(self, restarts);
    },
    [self](atom::stop) -> caf::result<snapshot_ptr> {
      auto& st = self->state;
      if (st.spawning)
        return stop_while_starting(self);
      if (!is_alive(st.snap.status))
        return st.published;
      if (st.snap.status != process_status::stopping) {
        st.snap.status = process_status::stopping;
        publish(self);
        st.ctx->launch->stop(st.child, st.def->stop_signal,
                             st.def->grace_period);
      }
      auto rp = self->make_response_promise<snapshot_ptr>();
      st.stop_promises.push_back(rp);
      return rp;
    },
    [self](atom::mark, process_status status, int64_t due,
           std::string& reason) { mark(self, status, due, reason); },
    [self](atom::started, uint64_t child, int32_t pid, int64_t time) {
      run_started(self, child, pid, time);
    },
    [self](atom::started, uint64_t child, std::string& error) {
      run_not_started(self, child, error);
    },
    [self](atom::output, uint64_t child, uint8_t stream,
           std::vector<std::string>& lines) {
      size_t bytes = 0;
      for (const auto& l : lines)
        bytes += l.size() + 1;
      on_lines(self, child, stream, lines);
      // Handled: the reactor may read more of this child (flow control).
      self->state.ctx->launch->consumed(child, bytes);
    },
    [self](atom::exited, uint64_t child, int32_t code, int32_t sig,
           bool requested) { on_exit(self, child, code, sig, requested); },
    [self](atom::usage, uint64_t child, double cpu, uint64_t rss) {
      on_usage(self, child, cpu, rss);
    },
    [self](atom::probe, uint32_t run_id) {
      auto& st = self->state;
      if (run_id == st.snap.run_id && is_alive(st.snap.status)
          && !st.snap.ready)
        run_probe(self, run_id);
    },
    [self](atom::probed, uint32_t run_id, bool ok) {
      auto& st = self->state;
      if (run_id != st.snap.run_id || !is_alive(st.snap.status))
        return;
      if (ok)
        became_ready(self);
      else
        schedule_probe(self);
    },
    [self](atom::restart, std::string& reason) {
      self->state.next_reason = reason;
      self->state.snap.restart_reason = std::move(reason);
      publish(self);
    },
    [self](atom::watch, std::string& why) {
      self->state.watch_error = std::move(why);
      publish(self);
    },
    [self](atom::retry) {
      if (process_logs::retry(self))
        publish(self);
    },
    [self](atom::logs, const log_query& q) {
      return detail::query_logs(*self->state.ring, q);
    },
    [self](atom::errors, const error_query& q) {
      auto& errors = self->state.errors;
      return errors ? errors->query(q) : error_page{};
    },
    [self](atom::errors) {
      if (errors_tick(self))
        publish(self);
    },
    [self](atom::clear, bool errors_only) {
      return clear_logs(self, errors_only);
    },
    [self](atom::status) { return self->state.published; },
  };
}

} // namespace hummel

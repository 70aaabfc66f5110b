#include "actors/storm.hpp"

#include "common/clock.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <algorithm>
#include <memory>
#include <string>

namespace hummel {

namespace {

using self_ptr = storm_actor::stateful_pointer<storm_state>;
using clock_type = std::chrono::steady_clock;

double seconds_between(clock_type::time_point from, clock_type::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

/// Sends the next `n` updates, round robin over the synthetic processes.
void send_updates(self_ptr self, uint64_t n) {
  auto& st = self->state;
  for (uint64_t i = 0; i < n; ++i) {
    auto& base = st.bases[st.next];
    // What a PROCESS actor changes most often: a new log line and, now and
    // then, new usage figures. Status and run id stay, so the console
    // reporter prints nothing.
    ++base.last_seq;
    base.cpu_percent = static_cast<double>(base.last_seq % 1000) / 10.0;
    base.rss_bytes = (1u << 20) + (base.last_seq % 4096) * 4096;
    self->send(st.cache, atom::update_v,
               std::make_shared<const process_snapshot>(base));
    st.next = st.next + 1 == st.bases.size() ? 0 : st.next + 1;
  }
  st.total += n;
}

void maybe_report(self_ptr self, clock_type::time_point now) {
  auto& st = self->state;
  if (now - st.last_report < st.opts.report_period)
    return;
  if (st.opts.on_report) {
    storm_report rep;
    rep.total = st.total;
    rep.sent = st.total - st.total_at_last_report;
    rep.seconds = seconds_between(st.last_report, now);
    rep.elapsed = seconds_between(st.started, now);
    st.opts.on_report(rep);
  }
  st.last_report = now;
  st.total_at_last_report = st.total;
}

} // namespace

storm_actor::behavior_type storm(self_ptr self, status_cache_actor cache,
                                 storm_options opts) {
  auto& st = self->state;
  st.opts = std::move(opts);
  st.cache = std::move(cache);
  self->link_to(st.cache);
  auto k = std::max<uint32_t>(st.opts.processes, 1);
  auto now_ms = wall_ms();
  st.bases.resize(k);
  for (uint32_t i = 0; i < k; ++i) {
    auto& b = st.bases[i];
    b.name = "storm-" + std::to_string(i);
    b.index = st.opts.first_index + i;
    b.kind = process_kind::service;
    b.command = "synthetic";
    b.status = process_status::running;
    b.run_id = 1;
    b.start_ms = now_ms;
  }
  st.started = clock_type::now();
  st.last_report = st.started;
  if (st.opts.rate > 0) {
    // First snapshot of every synthetic process, then the paced storm.
    send_updates(self, k);
    self->send(self, atom::tick_v);
  }
  st.last_tick = st.started;
  return {
    [self](atom::tick) {
      auto& st = self->state;
      auto now = clock_type::now();
      auto cap = st.opts.rate
                 * std::chrono::duration<double>(st.opts.tick).count()
                 * st.opts.max_catch_up_ticks;
      st.budget = std::min(
        st.budget + st.opts.rate * seconds_between(st.last_tick, now),
        std::max(cap, 1.0));
      st.last_tick = now;
      auto n = static_cast<uint64_t>(st.budget);
      st.budget -= static_cast<double>(n);
      send_updates(self, n);
      maybe_report(self, now);
      self->delayed_send(self, st.opts.tick, atom::tick_v);
    },
  };
}

} // namespace hummel

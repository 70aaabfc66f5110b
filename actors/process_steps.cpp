#include "actors/process_steps.hpp"

#include "actors/detail/clock.hpp"
#include "actors/detail/probe.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/send.hpp>

#include <algorithm>
#include <chrono>

namespace hummel {

namespace {

/// Body of a detached probe actor: one blocking probe, then the answer.
void probe_once(process_actor owner, readiness ready, uint32_t run_id) {
  auto timeout = std::chrono::milliseconds{1000};
  bool ok = ready.type == readiness::kind::tcp
              ? detail::probe_tcp(ready.tcp_port, timeout)
              : detail::probe_http(ready.http_url, timeout);
  caf::anon_send(owner, atom::probed_v, run_id, ok);
}

} // namespace

void schedule_probe(self_ptr self) {
  self->delayed_send(self, self->state.ctx->probe_interval, atom::probe_v,
                     self->state.snap.run_id);
}

/// Runs one blocking probe in a detached actor and reports back. (The
/// arguments are passed to spawn, not captured: CAF 0.17 dereferences a
/// null argument tuple for argument-less functions.)
void run_probe(self_ptr self, uint32_t run_id) {
  self->spawn<caf::detached>(probe_once, caf::actor_cast<process_actor>(self),
                             self->state.def->ready, run_id);
}

bool errors_tick(self_ptr self) {
  auto& st = self->state;
  st.errors_timer_ms = 0;
  if (!st.errors)
    return false;
  bool changed
    = st.errors->tick(detail::wall_ms(self)) && st.errors->to_snapshot(st.snap);
  arm_errors_timer(self);
  return changed;
}

/// Sends the `errors` timer for the detectors' deadline unless one is on
/// the way (it re-arms when it fires).
void arm_errors_timer(self_ptr self) {
  auto& st = self->state;
  if (!st.errors)
    return;
  auto due = st.errors->deadline();
  if (!due || st.errors_timer_ms != 0)
    return;
  st.errors_timer_ms = *due;
  auto wait = std::max<int64_t>(*due - detail::wall_ms(self), 0);
  self->delayed_send(self, std::chrono::milliseconds{wait}, atom::errors_v);
}

bool same_as_published(const process_state& st) {
  if (!st.published)
    return false;
  const auto& p = *st.published;
  const auto& shown = st.snap.error.empty() ? st.watch_error : st.snap.error;
  if (p.error != shown)
    return false;
  if (st.snap.error == p.error)
    return st.snap == p;
  // The watch error shows in place of the empty one: compare the rest
  // (a copy, only while files cannot be watched).
  auto x = st.snap;
  x.error = p.error;
  return x == p;
}

} // namespace hummel

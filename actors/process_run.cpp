#include "actors/process_run.hpp"

#include "actors/detail/clock.hpp"
#include "actors/process_logs.hpp"
#include "messages/error.hpp"

#include <caf/actor_cast.hpp>
#include <caf/event_based_actor.hpp>

#include <utility>

namespace hummel {

void publish(self_ptr self) {
  auto& st = self->state;
  auto copy = std::make_shared<process_snapshot>(st.snap);
  if (copy->error.empty())
    copy->error = st.watch_error;
  st.published = std::move(copy);
  self->send(st.cache, atom::update_v, st.published);
}

void tell(self_ptr self, run_event::kind what, int32_t code, int32_t sig,
          bool requested, int64_t duration) {
  auto& st = self->state;
  run_event ev{what, st.snap.index, st.snap.run_id, code,
               sig,  requested,     duration};
  self->send(st.listener, atom::event_v, ev);
}

void became_ready(self_ptr self) {
  auto& st = self->state;
  if (st.snap.ready)
    return;
  st.snap.ready = true;
  publish(self);
  tell(self, run_event::kind::ready);
}

namespace {

caf::result<snapshot_ptr> await_start(self_ptr self) {
  auto rp = self->make_response_promise<snapshot_ptr>();
  self->state.start_promises.push_back(rp);
  return rp;
}

/// The run could not start: `failed` with the reason.
void fail_start(self_ptr self, const std::string& error) {
  auto& st = self->state;
  st.child = 0;
  st.snap.status = process_status::failed;
  st.snap.pid = 0;
  st.snap.exit_code = -1;
  st.snap.signal = 0;
  st.snap.start_ms = st.snap.end_ms = detail::wall_ms(self);
  st.snap.error = error;
  publish(self);
  tell(self, run_event::kind::failed_to_start);
}

/// The run has its pid: `running` (or `stopping`, if a stop came while its
/// start was queued), its log record, readiness.
void begin_run(self_ptr self, int pid, int64_t start_ms) {
  auto& st = self->state;
  const auto& def = *st.def;
  bool stopping = std::exchange(st.stop_on_start, false);
  st.started_at = self->clock().now();
  st.snap.status
    = stopping ? process_status::stopping : process_status::running;
  st.snap.pid = pid;
  st.snap.start_ms = start_ms > 0 ? start_ms : detail::wall_ms(self);
  st.snap.end_ms = 0;
  st.snap.exit_code = -1;
  st.snap.signal = 0;
  st.snap.error.clear();
  if (st.snap.run_id > 1) {
    auto why = std::exchange(st.next_reason, {});
    process_logs::note(self, "run " + std::to_string(st.snap.run_id)
                               + " started, pid " + std::to_string(pid) + " ("
                               + (!why.empty()   ? why
                                  : st.by_policy ? "restart policy"
                                                 : "started again")
                               + ")");
  }
  // Without a readiness check, a process is ready once it runs.
  st.snap.ready = !stopping && def.ready.type == readiness::kind::none;
  publish(self);
  tell(self, run_event::kind::started);
  if (stopping)
    return;
  switch (def.ready.type) {
  case readiness::kind::none:
    tell(self, run_event::kind::ready);
    break;
  case readiness::kind::tcp:
  case readiness::kind::http:
    run_probe(self, st.snap.run_id);
    break;
  case readiness::kind::log:
    break;
  }
}

} // namespace

caf::result<snapshot_ptr> start_run(self_ptr self, uint32_t restarts) {
  auto& st = self->state;
  if (is_alive(st.snap.status))
    return st.published;
  if (st.spawning)
    return await_start(self);
  const auto& def = *st.def;
  auto run_id = st.snap.run_id + 1;
  launch_request req;
  req.child = (uint64_t{st.snap.index} << 32) | run_id;
  req.argv = make_argv(def);
  req.cwd = def.cwd;
  req.env = make_environment(st.ctx->base_env, def.env);
  req.marker = st.ctx->marker_prefix + def.name + "/" + std::to_string(run_id);
  auto res
    = st.ctx->launch->spawn(std::move(req), caf::actor_cast<caf::actor>(self));
  st.by_policy = restarts > st.snap.restarts;
  st.snap.run_id = run_id;
  st.snap.restarts = restarts;
  st.snap.restart_due_ms = 0;
  st.snap.urls.clear();
  st.snap.cpu_percent = 0;
  st.snap.rss_bytes = 0;
  st.snap.ready = false;
  if (auto* err = std::get_if<std::string>(&res)) {
    fail_start(self, *err);
    return caf::make_error(ec::spawn_failed, *err);
  }
  st.child = (uint64_t{st.snap.index} << 32) | run_id;
  auto pid = std::get<int>(res);
  if (pid == spawn_queued) {
    st.spawning = true;
    return await_start(self);
  }
  begin_run(self, pid, 0);
  return st.published;
}

void run_started(self_ptr self, uint64_t child, int32_t pid, int64_t time) {
  auto& st = self->state;
  if (child != st.child)
    return;
  if (!st.spawning) { // answered at once: the reactor's pid and time
    st.snap.pid = pid;
    if (time > 0)
      st.snap.start_ms = time;
    return;
  }
  st.spawning = false;
  begin_run(self, pid, time);
  for (auto& rp : std::exchange(st.start_promises, {}))
    rp.deliver(st.published);
}

void run_not_started(self_ptr self, uint64_t child, std::string& error) {
  auto& st = self->state;
  if (child != st.child || !st.spawning)
    return;
  st.spawning = false;
  st.stop_on_start = false;
  fail_start(self, error);
  for (auto& rp : std::exchange(st.start_promises, {}))
    rp.deliver(caf::make_error(ec::spawn_failed, error));
  for (auto& rp : std::exchange(st.stop_promises, {}))
    rp.deliver(st.published);
}

caf::result<snapshot_ptr> stop_while_starting(self_ptr self) {
  auto& st = self->state;
  if (!st.stop_on_start) {
    st.stop_on_start = true;
    st.ctx->launch->stop(st.child, st.def->stop_signal, st.def->grace_period);
  }
  auto rp = self->make_response_promise<snapshot_ptr>();
  st.stop_promises.push_back(rp);
  return rp;
}

} // namespace hummel

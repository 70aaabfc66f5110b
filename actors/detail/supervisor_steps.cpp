#include "actors/detail/supervisor_steps.hpp"

#include "actors/detail/clock.hpp"
#include "actors/detail/command_timeout.hpp"
#include "actors/detail/restart_policy.hpp"

#include <caf/event_based_actor.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <chrono>
#include <utility>

namespace hummel::detail::supervisor_steps {

using std::chrono::milliseconds;

void link_dependencies(self_ptr self) {
  auto& st = self->state;
  for (auto& p : st.procs) {
    p.deps.clear();
    p.dependents.clear();
  }
  for (uint32_t i = 0; i < st.procs.size(); ++i) {
    if (st.procs[i].removed)
      continue;
    for (const auto& dep : st.procs[i].def->depends_on) {
      if (auto j = st.by_name.find(dep.name); j != st.by_name.end()) {
        st.procs[i].deps.emplace_back(j->second, dep.condition);
        st.procs[j->second].dependents.push_back(i);
      }
    }
  }
}

void mark(self_ptr self, uint32_t i, process_status status, int64_t due,
          std::string reason) {
  self->send(self->state.procs[i].handle, atom::mark_v, status, due,
             std::move(reason));
}

bool dep_holds(const supervised& dep, dep_condition cond) {
  switch (cond) {
  case dep_condition::started:
    return dep.has_started;
  case dep_condition::ready:
    return dep.alive && dep.ready;
  case dep_condition::completed:
    return dep.completed;
  }
  return false;
}

void deliver_runs(supervised& p, const snapshot_ptr& snap) {
  for (auto& rp : p.run_promises)
    rp.deliver(snap);
  p.run_promises.clear();
}

void deliver_runs(supervised& p, const caf::error& err) {
  for (auto& rp : p.run_promises)
    rp.deliver(err);
  p.run_promises.clear();
}

void try_start(self_ptr self, uint32_t i) {
  auto& st = self->state;
  auto& p = st.procs[i];
  if (!p.wanted || p.alive || p.starting || p.replacing || p.removed
      || st.shutting_down)
    return;
  // Start the dependencies whose condition does not hold yet (a completed
  // one-shot dependency is not run again).
  for (auto [d, cond] : p.deps)
    if (!dep_holds(st.procs[d], cond))
      want(self, d);
  for (auto [d, cond] : p.deps) {
    if (!dep_holds(st.procs[d], cond)) {
      if (!p.waiting) {
        p.waiting = true;
        mark(self, i, process_status::waiting);
      }
      return;
    }
  }
  p.waiting = false;
  p.starting = true;
  self
    ->request(p.handle, std::chrono::seconds{30}, atom::start_v, p.restarts,
              std::exchange(p.next_reason, {}))
    .then(
      [self, i](snapshot_ptr& snap) {
        auto& p = self->state.procs[i];
        p.starting = false;
        deliver_runs(p, snap);
        if (self->state.shutting_down)
          shutdown_step(self);
      },
      [self, i](caf::error& err) {
        auto& p = self->state.procs[i];
        p.starting = false;
        p.wanted = false;
        deliver_runs(p, err);
        if (self->state.shutting_down)
          shutdown_step(self);
      });
}

/// Marks `i` wanted (resetting its per-cycle flags) and tries to start it.
void want(self_ptr self, uint32_t i) {
  auto& p = self->state.procs[i];
  if (!p.wanted) {
    p.wanted = true;
    p.has_started = p.alive;
    p.completed = false;
    p.consecutive = 0;
  }
  try_start(self, i);
}

void recheck_waiting(self_ptr self) {
  auto& procs = self->state.procs;
  for (uint32_t i = 0; i < procs.size(); ++i)
    if (procs[i].waiting)
      try_start(self, i);
}

/// During shutdown: stops every live process none of whose dependents is
/// still alive; answers the shutdown once nothing is alive.
void shutdown_step(self_ptr self) {
  auto& st = self->state;
  bool any = false;
  for (uint32_t i = 0; i < st.procs.size(); ++i) {
    auto& p = st.procs[i];
    if (!p.alive && !p.starting)
      continue;
    any = true;
    // A start in flight is stopped once it has been answered.
    bool blocked = false;
    for (auto d : p.dependents)
      blocked = blocked || st.procs[d].alive || st.procs[d].starting;
    if (blocked || p.starting || p.stop_sent)
      continue;
    p.stop_sent = true;
    auto timeout = detail::command_timeout(p.def->grace_period,
                                           detail::command_waiter::supervisor);
    self->request(p.handle, timeout, atom::stop_v)
      .then([self, i](snapshot_ptr&) { /* the exited event follows */ },
            [self, i](caf::error&) {
              // The PROCESS actor did not answer in time: count it as gone.
              self->state.procs[i].alive = false;
              shutdown_step(self);
            });
  }
  if (!any) {
    for (auto& rp : st.shutdown_promises)
      rp.deliver(true);
    st.shutdown_promises.clear();
  }
}

void on_event(self_ptr self, const run_event& ev) {
  auto& st = self->state;
  if (ev.index >= st.procs.size())
    return;
  auto i = ev.index;
  auto& p = st.procs[i];
  switch (ev.what) {
  case run_event::kind::started:
    p.alive = true;
    p.has_started = true;
    p.ready = false;
    p.completed = false;
    p.failed = false;
    break;
  case run_event::kind::ready:
    p.ready = true;
    break;
  case run_event::kind::failed_to_start:
    p.alive = false;
    p.failed = true;
    p.wanted = false;
    break;
  case run_event::kind::exited: {
    p.alive = false;
    p.ready = false;
    p.completed = ev.exit_code == 0 && ev.signal == 0;
    p.failed = !p.completed && !ev.requested;
    if (st.shutting_down) {
      shutdown_step(self);
      return;
    }
    if (!p.wanted)
      break;
    auto d = detail::decide_restart(p.def->restart, ev.exit_code, ev.signal,
                                    ev.requested, milliseconds{ev.duration_ms},
                                    p.consecutive, p.def->max_restarts);
    p.consecutive = d.consecutive;
    if (d.restart) {
      ++p.restarts;
      auto gen = ++p.generation;
      mark(self, i, process_status::backoff,
           detail::wall_ms(self) + d.delay.count());
      self->delayed_send(self, d.delay, atom::due_v, i, gen);
    } else if (d.crashed) {
      p.wanted = false;
      mark(self, i, process_status::crashed, 0,
           "gave up after " + std::to_string(p.consecutive)
             + " consecutive restarts");
    } else {
      p.wanted = false;
    }
    break;
  }
  }
  // Only the dependents of `i` can have become startable: walking every
  // process on every event made starting N processes O(N²).
  auto dependents = st.procs[i].dependents;
  for (auto d : dependents)
    if (d < st.procs.size() && st.procs[d].waiting)
      try_start(self, d);
}

} // namespace hummel::detail::supervisor_steps

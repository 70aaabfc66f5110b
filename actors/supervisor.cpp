#include "actors/supervisor.hpp"

#include "actors/detail/command_timeout.hpp"
#include "actors/detail/restart_policy.hpp"
#include "actors/process.hpp"
#include "messages/status_json.hpp"

#include <caf/event_based_actor.hpp>

#include <chrono>

namespace hummel {

namespace {

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;
using std::chrono::milliseconds;

void mark(self_ptr self, uint32_t i, process_status status, int64_t due = 0,
          std::string reason = {}) {
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

void want(self_ptr self, uint32_t i);
void shutdown_step(self_ptr self);

void try_start(self_ptr self, uint32_t i) {
  auto& st = self->state;
  auto& p = st.procs[i];
  if (!p.wanted || p.alive || p.starting || st.shutting_down)
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
  self->request(p.handle, std::chrono::seconds{30}, atom::start_v, p.restarts)
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
      mark(self, i, process_status::backoff, wall_ms() + d.delay.count());
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
  recheck_waiting(self);
}

} // namespace

supervisor_actor::behavior_type
supervisor(supervisor_actor::stateful_pointer<supervisor_state> self,
           std::shared_ptr<const project_config> config,
           const process_context* ctx, status_cache_actor cache) {
  auto& st = self->state;
  st.config = config;
  st.ctx = ctx;
  st.cache = cache;
  auto listener = caf::actor_cast<run_listener_actor>(self);
  for (uint32_t i = 0; i < config->processes.size(); ++i) {
    auto def = std::make_shared<const process_def>(config->processes[i]);
    st.by_name.emplace(def->name, i);
    supervised p;
    p.def = def;
    p.handle = self->spawn<caf::linked>(process, def, i, ctx, cache, listener);
    st.procs.push_back(std::move(p));
  }
  for (uint32_t i = 0; i < st.procs.size(); ++i) {
    for (const auto& dep : st.procs[i].def->depends_on) {
      if (auto j = st.by_name.find(dep.name); j != st.by_name.end()) {
        st.procs[i].deps.emplace_back(j->second, dep.condition);
        st.procs[j->second].dependents.push_back(i);
      }
    }
  }
  auto lookup = [self](const std::string& name) -> caf::expected<uint32_t> {
    auto i = self->state.by_name.find(name);
    if (i == self->state.by_name.end())
      return caf::make_error(ec::unknown_process, name);
    return i->second;
  };
  return {
    [self](atom::boot) {
      auto& procs = self->state.procs;
      for (uint32_t i = 0; i < procs.size(); ++i)
        if (procs[i].def->autostart)
          want(self, i);
      return true;
    },
    [self, lookup](atom::run,
                   const std::string& name) -> caf::result<snapshot_ptr> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      if (self->state.shutting_down)
        return caf::make_error(ec::shutting_down);
      auto& p = self->state.procs[*i];
      want(self, *i);
      if (p.starting) {
        auto rp = self->make_response_promise<snapshot_ptr>();
        p.run_promises.push_back(rp);
        return rp;
      }
      return self->delegate(p.handle, atom::status_v);
    },
    [self](atom::run, const std::string& name,
           process_def& def) -> caf::result<snapshot_ptr> {
      auto& st = self->state;
      if (st.shutting_down)
        return caf::make_error(ec::shutting_down);
      def.name = name;
      auto known = st.by_name.find(name);
      uint32_t index = 0;
      if (known != st.by_name.end()) {
        index = known->second;
        auto& p = st.procs[index];
        if (!p.adhoc)
          return caf::make_error(ec::invalid_config,
                                 "'" + name
                                   + "' is a configured process; run it "
                                     "without a command");
        if (p.alive || p.starting)
          return self->delegate(p.handle, atom::status_v);
        // Replace the ended ad-hoc definition (same index, same log file).
        self->unlink_from(p.handle);
        self->send_exit(p.handle, caf::exit_reason::user_shutdown);
      } else {
        index = static_cast<uint32_t>(st.procs.size());
        st.procs.emplace_back();
        st.by_name.emplace(name, index);
      }
      auto& p = st.procs[index];
      p = supervised{};
      p.adhoc = true;
      p.def = std::make_shared<const process_def>(std::move(def));
      p.handle
        = self->spawn<caf::linked>(process, p.def, index, st.ctx, st.cache,
                                   caf::actor_cast<run_listener_actor>(self));
      want(self, index);
      if (p.starting) {
        auto rp = self->make_response_promise<snapshot_ptr>();
        p.run_promises.push_back(rp);
        return rp;
      }
      return self->delegate(p.handle, atom::status_v);
    },
    [self, lookup](atom::stop,
                   const std::string& name) -> caf::result<snapshot_ptr> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      auto& p = self->state.procs[*i];
      p.wanted = false;
      ++p.generation; // cancels a scheduled restart
      if (p.waiting) {
        p.waiting = false;
        mark(self, *i, process_status::stopped);
      } else if (!p.alive && !p.starting) {
        mark(self, *i, process_status::stopped);
      }
      return self->delegate(p.handle, atom::stop_v);
    },
    [self, lookup](atom::restart,
                   const std::string& name) -> caf::result<snapshot_ptr> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      if (self->state.shutting_down)
        return caf::make_error(ec::shutting_down);
      auto idx = *i;
      auto& p = self->state.procs[idx];
      p.wanted = false;
      ++p.generation;
      p.waiting = false;
      auto rp = self->make_response_promise<snapshot_ptr>();
      auto timeout = detail::command_timeout(
        p.def->grace_period, detail::command_waiter::supervisor);
      self->request(p.handle, timeout, atom::stop_v)
        .then(
          [self, idx, rp](snapshot_ptr&) mutable {
            auto& p = self->state.procs[idx];
            p.run_promises.push_back(rp);
            want(self, idx);
            if (!p.starting)
              self->request(p.handle, std::chrono::seconds{10}, atom::status_v)
                .then(
                  [self, idx](snapshot_ptr& snap) {
                    deliver_runs(self->state.procs[idx], snap);
                  },
                  [self, idx](caf::error& err) {
                    deliver_runs(self->state.procs[idx], err);
                  });
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
      return rp;
    },
    [self, lookup](atom::logs,
                   const std::string& name) -> caf::result<process_actor> {
      auto i = lookup(name);
      if (!i)
        return std::move(i.error());
      return self->state.procs[*i].handle;
    },
    [self](atom::shutdown) -> caf::result<bool> {
      auto& st = self->state;
      st.shutting_down = true;
      for (uint32_t i = 0; i < st.procs.size(); ++i) {
        auto& p = st.procs[i];
        p.wanted = false;
        ++p.generation;
        if (p.waiting) {
          p.waiting = false;
          mark(self, i, process_status::stopped);
        }
      }
      auto rp = self->make_response_promise<bool>();
      st.shutdown_promises.push_back(rp);
      shutdown_step(self);
      return rp;
    },
    [self](atom::due, uint32_t i, uint64_t gen) {
      auto& st = self->state;
      if (i >= st.procs.size())
        return;
      auto& p = st.procs[i];
      if (gen == p.generation && p.wanted)
        try_start(self, i);
    },
    [self](atom::event, const run_event& ev) { on_event(self, ev); },
  };
}

} // namespace hummel
